import { sendJson } from '../api/http.ts';
import type { EstateFeature } from '../api/types.ts';

/** 待落图: PUT/DELETE /api/estates/:id/location, at the version read (409 when someone was quicker). */
export const placementApi = {
  place: (estate: EstateFeature, [lon, lat]: [number, number]) =>
    sendJson<EstateFeature>('PUT', `/api/estates/${estate.id}/location`, { lon, lat, version: estate.properties.version }),
  clear: (estate: EstateFeature) => sendJson<EstateFeature>('DELETE', `/api/estates/${estate.id}/location?version=${estate.properties.version}`),
};
