import { queryOptions } from '@tanstack/react-query';
import { api } from './endpoints.ts';
import type { RegionLevel } from './types.ts';

// Plans, outlines and roads change only when data is re-imported: cache them for the session.
// Estates carry progress figures that reporters update monthly: refresh after a minute.
const STATIC = { staleTime: Infinity, gcTime: Infinity } as const;

export const queries = {
  config: () =>
    queryOptions({
      queryKey: ['config'],
      // An older server without /api/config still gets the built-in basemap.
      queryFn: ({ signal }) => api.config(signal).catch(() => ({ basemapStyleUrl: null })),
      ...STATIC,
    }),
  programmes: () => queryOptions({ queryKey: ['programmes'], queryFn: ({ signal }) => api.programmes(signal), ...STATIC }),
  regions: (level: RegionLevel, parent?: string) =>
    queryOptions({ queryKey: ['regions', level, parent ?? null], queryFn: ({ signal }) => api.regions(level, parent, signal), ...STATIC }),
  roads: (district: string) => queryOptions({ queryKey: ['roads', district], queryFn: ({ signal }) => api.roads(district, signal), ...STATIC }),
  estates: (district: string, year: number) =>
    queryOptions({ queryKey: ['estates', district, year], queryFn: ({ signal }) => api.estates({ district, year }, signal), staleTime: 60_000 }),
  estate: (id: number) => queryOptions({ queryKey: ['estate', id], queryFn: ({ signal }) => api.estate(id, signal), staleTime: 60_000 }),
};
