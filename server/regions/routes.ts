import { Hono } from 'hono';
import type { AppDeps } from '../deps.ts';
import { parseQuery } from '../http/validate.ts';
import { regionSearchQuery, regionsQuery, type RegionSearchResponse } from '../../shared/api.ts';
import { regionsGeoJson } from './service.ts';
import { searchRegions } from './search.ts';
import { geojson } from '../http/geojson.ts';

/** Read-only: app.ts hands these routes the replica when one is configured. */
export function regionRoutes({ db }: AppDeps) {
  return new Hono()
    .get('/', async (c) => {
      const q = parseQuery(c, regionsQuery);
      return geojson(c, await regionsGeoJson(db, q.level, q.parent, q.outlined === 'true'));
    })
    .get('/search', async (c) => {
      const q = parseQuery(c, regionSearchQuery);
      const results = await searchRegions(db, q.q, q.level, q.limit ?? 20);
      return c.json({ results } satisfies RegionSearchResponse);
    });
}
