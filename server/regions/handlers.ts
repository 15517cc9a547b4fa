import type { RouteDeps } from '../deps.ts';
import type { Handlers } from '../http/register.ts';
import { rawGeoJson } from '../http/geojson.ts';
import type { RegionCollection, regionsContract } from '../../shared/regions/contract.ts';
import { regionsGeoJson } from './service.ts';
import { searchRegions } from './search.ts';
import { ListCache } from '../lists/list-cache.ts';

/** Regions lists are read from the regions only (outlines and names). */
const REGION_LIST_TABLES = new Set(['regions']);

/**
 * Read-only: the regions come from the replica when one is configured. Lists are served like
 * tiles (server/lists/list-cache.ts); the country outline (one row of a table loaded with the
 * regions, and cheap) is not cached.
 */
export function regionHandlers({ db, reads }: RouteDeps): Handlers<typeof regionsContract> {
  const lists = new ListCache('regions', db, REGION_LIST_TABLES, 64 * 2 ** 20);
  return {
    list: async ({ query }, c) => {
      const compute = () => regionsGeoJson(reads, query.level, query.parent, query.outlined === 'true');
      if (query.level === 'country') return rawGeoJson<RegionCollection>(await compute());
      return lists.respond<RegionCollection>(c, JSON.stringify([query.level ?? null, query.parent ?? null, query.outlined === 'true']), compute);
    },
    search: async ({ query }) => ({ results: await searchRegions(reads, query.q, query.level, query.limit ?? 20) }),
  };
}
