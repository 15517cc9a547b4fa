import { Hono } from 'hono';
import type { AppDeps } from '../app.ts';
import { parseQuery } from '../http/validate.ts';
import { regionsQuery } from '../../shared/api.ts';
import { regionsGeoJson } from './service.ts';
import { geojson } from '../http/geojson.ts';

export function regionRoutes({ db }: AppDeps) {
  return new Hono().get('/', async (c) => {
    const q = parseQuery(c, regionsQuery);
    return geojson(c, await regionsGeoJson(db, q.level, q.parent));
  });
}
