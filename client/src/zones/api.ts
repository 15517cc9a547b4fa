import type { Feature, FeatureCollection, MultiPolygon } from 'geojson';
import { getJson, sendJson, withQuery } from '../api/http.ts';
import type { ZoneCheck, ZoneFigures, ZoneProperties } from '../../../shared/zones/contract.ts';

export type ZoneFeature = Feature<MultiPolygon, ZoneProperties>;
export type SuggestedZone = Feature<MultiPolygon, ZoneFigures & { rank: number; gapMeters: number; synthetic: boolean }>;

/** The zones routes (server/zones/routes.ts). */
export const zonesApi = {
  check: (estateIds: number[], gapMeters: number) => sendJson<ZoneCheck>('POST', '/api/zones/check', { estateIds, gapMeters }),
  suggest: (q: { district: string; year: number; gapMeters: number; minEstates: number }, signal?: AbortSignal) =>
    getJson<FeatureCollection<MultiPolygon, SuggestedZone['properties']>>(withQuery('/api/zones/suggest', q), signal),
  list: (district: string, signal?: AbortSignal) => getJson<FeatureCollection<MultiPolygon, ZoneProperties>>(withQuery('/api/zones', { district }), signal),
  create: (name: string, estateIds: number[], gapMeters: number) => sendJson<ZoneFeature>('POST', '/api/zones', { name, estateIds, gapMeters }),
  rename: (z: ZoneProperties, name: string) => sendJson<ZoneFeature>('PATCH', `/api/zones/${z.id}`, { version: z.version, name }),
  remove: (z: ZoneProperties) => sendJson<null>('DELETE', withQuery(`/api/zones/${z.id}`, { version: z.version })),
};
