import { Hono } from 'hono';
import type { AppDeps } from '../deps.ts';
import { geojson } from '../http/geojson.ts';
import { parseJson, parseParams, parseQuery } from '../http/validate.ts';
import { idParam } from '../../shared/api.ts';
import { estateLocationBody, locationVersionQuery } from '../../shared/placement.ts';
import { clearEstateLocation, setEstateLocation } from './service.ts';

/** 待落图: PUT /api/estates/:id/location places an estate by a provisional point, DELETE clears it. */
export function estateLocationRoutes({ db }: AppDeps) {
  return new Hono()
    .put('/:id/location', async (c) => geojson(c, await setEstateLocation(db, parseParams(c, idParam).id, await parseJson(c, estateLocationBody))))
    .delete('/:id/location', async (c) => geojson(c, await clearEstateLocation(db, parseParams(c, idParam).id, parseQuery(c, locationVersionQuery).version)));
}
