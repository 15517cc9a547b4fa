import type { RouteDeps } from '../deps.ts';
import type { Handlers } from '../http/register.ts';
import { rawGeoJson } from '../http/geojson.ts';
import type { RegionCollection, regionsContract } from '../../shared/regions/contract.ts';
import { regionsGeoJson } from './service.ts';
import { searchRegions } from './search.ts';

/** Read-only: the regions come from the replica when one is configured. */
export function regionHandlers({ reads }: RouteDeps): Handlers<typeof regionsContract> {
  return {
    list: async ({ query }) => rawGeoJson<RegionCollection>(await regionsGeoJson(reads, query.level, query.parent, query.outlined === 'true')),
    search: async ({ query }) => ({ results: await searchRegions(reads, query.q, query.level, query.limit ?? 20) }),
  };
}
