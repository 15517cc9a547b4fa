import { call } from '../api/call.ts';
import type { EstateFeature } from '../../../shared/estates/contract.ts';
import { placementContract } from '../../../shared/placement/contract.ts';

export type { Placement } from '../../../shared/placement/contract.ts';

const r = placementContract.routes;

/** 待落图: PUT/DELETE /api/estates/:id/location, at the version read (409 when someone was quicker). */
export const placementApi = {
  place: (estate: EstateFeature, [lon, lat]: [number, number]) =>
    call(r.place, { params: { id: estate.id }, body: { lon, lat, version: estate.properties.version } }),
  clear: (estate: EstateFeature) => call(r.clear, { params: { id: estate.id }, query: { version: estate.properties.version } }),
};
