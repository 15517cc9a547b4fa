import { getJson, withQuery } from './http.ts';
import type {
  ClientConfig,
  EstateCollection,
  EstateDetail,
  HealthResponse,
  Programme,
  RegionCollection,
  RegionLevel,
  RoadCollection,
} from './types.ts';

/** Typed calls to the same-origin API, one per route. */
export const api = {
  health: (signal?: AbortSignal) => getJson<HealthResponse>('/api/health', signal),
  config: (signal?: AbortSignal) => getJson<ClientConfig>('/api/config', signal),
  programmes: (signal?: AbortSignal) => getJson<Programme[]>('/api/programmes', signal),
  regions: (level: RegionLevel, parent?: string, signal?: AbortSignal) =>
    getJson<RegionCollection>(withQuery('/api/regions', { level, parent }), signal),
  estates: (q: { district?: string; year?: number; bbox?: string }, signal?: AbortSignal) =>
    getJson<EstateCollection>(withQuery('/api/estates', q), signal),
  estate: (id: number, signal?: AbortSignal) => getJson<EstateDetail>(`/api/estates/${id}`, signal),
  roads: (district: string, signal?: AbortSignal) => getJson<RoadCollection>(withQuery('/api/roads', { district }), signal),
};
