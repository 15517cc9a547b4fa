import type { RouteDeps } from '../deps.ts';
import type { Handlers } from '../http/register.ts';
import { rawGeoJson } from '../http/geojson.ts';
import type { EstateDetail } from '../../shared/estates/contract.ts';
import type { placementContract } from '../../shared/placement/contract.ts';
import { clearEstateLocation, setEstateLocation } from './service.ts';

/** 待落图: PUT /api/estates/:id/location places an estate by a provisional point, DELETE clears it. */
export function placementHandlers({ db }: RouteDeps): Handlers<typeof placementContract> {
  return {
    place: async ({ params, body }) => rawGeoJson<EstateDetail>(await setEstateLocation(db, params.id, body)),
    clear: async ({ params, query }) => rawGeoJson<EstateDetail>(await clearEstateLocation(db, params.id, query.version)),
  };
}
