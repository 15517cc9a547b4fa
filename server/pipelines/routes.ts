import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import { HttpError } from '../http/errors.ts';
import { geojson } from '../http/geojson.ts';
import { parseParams, parseQuery, parseUpload, readJsonBody } from '../http/validate.ts';
import { idParam } from '../../shared/api.ts';
import { countString } from '../../shared/ids.ts';
import { overlapsQuery, workInputSchema, worksQuery, type ImportResponse } from '../../shared/pipelines.ts';
import { readWorksInWorker } from './import-file.ts';
import { deleteWork, insertWorks, overlaps, updateWork, workGeoJson, worksGeoJson } from './service.ts';

const versionQuery = z.object({ version: countString('must be the version you read').pipe(z.number().positive('must be positive')) }).strict();

async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  const body = await readJsonBody(c).catch((e: HttpError) => {
    if (e.code === 'too_deep') throw e;
    return null; // not JSON: the 400 below
  });
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
export function pipelineRoutes({ db }: AppDeps, reads: AppDeps) {
  return new Hono()
    .get('/', async (c) => geojson(c, await worksGeoJson(reads.db, parseQuery(c, worksQuery).district)))
    .get('/overlaps', async (c) => {
      const q = parseQuery(c, overlapsQuery);
      return c.json(await overlaps(reads.db, q.district, q.bufferMeters, q.windowDays));
    })
    .post('/import', async (c) => {
      const { file } = await parseUpload(c, 'the works in the field "file" (.csv or .geojson)', 'the works (.csv or .geojson)');
      const { works, locations } = await readWorksInWorker(file);
      const ids = await insertWorks(db, works, (i) => locations[i]!, file.name);
      return c.json({ imported: ids.length, ids } satisfies ImportResponse, 201);
    })
    .post('/', async (c) => {
      const work = parseWork(await jsonBody(c));
      const [id] = await insertWorks(db, [work], () => ({}), 'work');
      return c.body(await workGeoJson(db, id!), 201, { 'content-type': 'application/geo+json; charset=utf-8' });
    })
    .get('/:id', async (c) => geojson(c, await workGeoJson(reads.db, parseParams(c, idParam).id)))
    .put('/:id', async (c) => {
      const { id } = parseParams(c, idParam);
      const { version, ...rest } = await jsonBody(c);
      if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
        throw new HttpError(400, 'bad_request', 'version: send the version you read (an update without it could overwrite someone else\'s)', [
          { parameter: 'version', message: 'is required' },
        ]);
      }
      await updateWork(db, id, version, parseWork(rest));
      return geojson(c, await workGeoJson(db, id));
    })
    .delete('/:id', async (c) => {
      const { id } = parseParams(c, idParam);
      await deleteWork(db, id, parseQuery(c, versionQuery).version);
      return c.body(null, 204);
    });
}
