import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import { readerOf } from '../db/engine.ts';
import { parseJson, parseParams, parseQuery } from '../http/validate.ts';
import { idParam } from '../../shared/api.ts';
import { countString } from '../../shared/ids.ts';
import { zoneCheckBody, zoneCreateBody, zonePatchBody, zoneProjectBody, zoneSuggestQuery, zonesListQuery } from '../../shared/zones.ts';
import { requireRegion } from '../regions/service.ts';
import { checkContiguity, suggestZones } from './service.ts';
import { createZone, deleteZone, getZone, listZones, updateZone, zoneToProject } from './store.ts';

const deleteQuery = z.object({ version: countString('must be the version you read').pipe(z.number().positive('must be positive')).optional() }).strict();

/** Demonstration zones (示范片区): contiguity checks, suggestions, and saved zones. */
export function zoneRoutes({ db }: AppDeps) {
  const reads = readerOf(db);
  return new Hono()
    .post('/check', async (c) => {
      const body = await parseJson(c, zoneCheckBody);
      return c.json(await checkContiguity(reads, body.estateIds, body.gapMeters));
    })
    .get('/suggest', async (c) => {
      const q = parseQuery(c, zoneSuggestQuery);
      await requireRegion(reads, q.district, 'district', 'district');
      return c.json(await suggestZones(reads, q));
    })
    .get('/', async (c) => c.json(await listZones(reads, parseQuery(c, zonesListQuery).district)))
    .post('/', async (c) => c.json(await createZone(db, await parseJson(c, zoneCreateBody)), 201))
    .get('/:id', async (c) => c.json(await getZone(reads, parseParams(c, idParam).id)))
    .patch('/:id', async (c) => c.json(await updateZone(db, parseParams(c, idParam).id, await parseJson(c, zonePatchBody))))
    .delete('/:id', async (c) => {
      await deleteZone(db, parseParams(c, idParam).id, parseQuery(c, deleteQuery).version);
      return c.body(null, 204);
    })
    .post('/:id/project', async (c) => c.json(await zoneToProject(db, parseParams(c, idParam).id, await parseJson(c, zoneProjectBody))));
}
