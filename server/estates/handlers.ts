import type { RouteDeps } from '../deps.ts';
import type { Handlers } from '../http/register.ts';
import { rawGeoJson } from '../http/geojson.ts';
import type { EstateCollection, EstateDetail, estatesContract } from '../../shared/estates/contract.ts';
import { estateGeoJson, estatesGeoJson } from './service.ts';

/** Read-only: the estates come from the replica when one is configured. */
export function estateHandlers({ reads }: RouteDeps): Handlers<typeof estatesContract> {
  return {
    list: async ({ query }) => rawGeoJson<EstateCollection>(await estatesGeoJson(reads, query)),
    get: async ({ params }) => rawGeoJson<EstateDetail>(await estateGeoJson(reads, params.id)),
  };
}
