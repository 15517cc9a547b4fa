import type { Context } from 'hono';
import type { RouteDeps } from '../deps.ts';
import { HttpError } from '../http/errors.ts';
import { rawJson, type Handlers } from '../http/register.ts';
import { parseUpload } from '../http/validate.ts';
import { workInputSchema, type OverlapsResponse, type pipelinesContract, type WorkCollection, type WorkFeature } from '../../shared/pipelines/contract.ts';
import { readWorksInWorker } from './import-file.ts';
import { ListCache } from '../lists/list-cache.ts';
import { deleteWork, insertWorks, overlaps, updateWork, workGeoJson, worksGeoJson } from './service.ts';

/** GeoJSON the database serialised, sent as it is with its own media type. */
const geo = <T>(text: string, status: 200 | 201 = 200) => rawJson<T>(text, { status, headers: { 'content-type': 'application/geo+json; charset=utf-8' } });

/** The body as a JSON object, or 400 (the contract leaves the check of a work's body to us). */
function objectBody(body: unknown): Record<string, unknown> {
  if (body && typeof body === 'object' && !Array.isArray(body)) return body as Record<string, unknown>;
  throw new HttpError(400, 'bad_request', 'The body must be a JSON object describing one pipeline work');
}

/** A work from a JSON body, or 422 naming each bad field. */
function parseWork(body: Record<string, unknown>) {
  const result = workInputSchema.safeParse(body);
  if (result.success) return result.data;
  const details = result.error.issues.flatMap((i) =>
    i.code === 'unrecognized_keys'
      ? i.keys.map((k) => ({ field: k, message: 'is not a known field' }))
      : [{ field: i.path.join('.') || '(work)', message: i.message }],
  );
  throw new HttpError(422, 'invalid_work', details.map((d) => `${d.field}: ${d.message}`).join('; '), details);
}

/**
 * Pipeline works (管线工程) and the dig-once report. Reads go to `reads` (the replica when there is
 * one); every write and the read-your-write after it go to the primary.
 */
export function pipelineHandlers({ db, reads }: RouteDeps): Handlers<typeof pipelinesContract> {
  // The works list is served like tiles (server/lists/list-cache.ts): it reads the works, the roads
  // (the road each runs along) and needs its district to exist.
  const lists = new ListCache('pipelines', db, new Set(['pipeline_works', 'roads', 'regions']), 64 * 2 ** 20);
  return {
    list: async ({ query }, c) => lists.respond<WorkCollection>(c, query.district ?? '', () => worksGeoJson(reads, query.district)),
    overlaps: async ({ query }) => rawJson<OverlapsResponse>(await overlaps(reads, query.district, query.bufferMeters, query.windowDays)),
    import: async (_, c: Context) => {
      const { file } = await parseUpload(c, 'the works in the field "file" (.csv or .geojson)', 'the works (.csv or .geojson)');
      const { works, locations } = await readWorksInWorker(file);
      const ids = await insertWorks(db, works, (i) => locations[i]!, file.name);
      return { imported: ids.length, ids };
    },
    create: async ({ body }) => {
      const work = parseWork(objectBody(body));
      const [id] = await insertWorks(db, [work], () => ({}), 'work');
      return geo<WorkFeature>(await workGeoJson(db, id!), 201);
    },
    get: async ({ params }) => geo<WorkFeature>(await workGeoJson(reads, params.id)),
    update: async ({ params, body }) => {
      const { version, ...rest } = objectBody(body);
      if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
        throw new HttpError(400, 'bad_request', 'version: send the version you read (an update without it could overwrite someone else\'s)', [
          { parameter: 'version', message: 'is required' },
        ]);
      }
      await updateWork(db, params.id, version, parseWork(rest));
      return geo<WorkFeature>(await workGeoJson(db, params.id));
    },
    remove: async ({ params, query }) => {
      await deleteWork(db, params.id, query.version);
      return null;
    },
  };
}
