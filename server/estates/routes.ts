import { Hono } from 'hono';
import type { AppDeps } from '../deps.ts';
import { parseParams, parseQuery } from '../http/validate.ts';
import { geojson } from '../http/geojson.ts';
import { estatesQuery, idParam } from '../../shared/api.ts';
import { estateGeoJson, estatesGeoJson } from './service.ts';

export function estateRoutes({ db }: AppDeps) {
  return new Hono()
    .get('/', async (c) => geojson(c, await estatesGeoJson(db, parseQuery(c, estatesQuery))))
    .get('/:id', async (c) => geojson(c, await estateGeoJson(db, parseParams(c, idParam).id)));
}
