import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import { call, keyOf, keyPrefix } from '../api/call.ts';
import { programmesContract } from '../../../shared/programmes/contract.ts';
import { regionsContract, type RegionLevel, type regionsQuery } from '../../../shared/regions/contract.ts';
import { roadsContract } from '../../../shared/roads/contract.ts';

export type { ProgrammeItem as Programme } from '../../../shared/programmes/contract.ts';
export type { RegionCollection, RegionLevel, RegionProperties, RegionSearchResult } from '../../../shared/regions/contract.ts';
export type { RoadCollection } from '../../../shared/roads/contract.ts';

const programmes = programmesContract.routes;
const regions = regionsContract.routes;
const roads = roadsContract.routes;

type RegionsQuery = z.input<typeof regionsQuery>;

/** The places routes (shared/programmes, shared/regions, shared/roads), typed by their contracts. */
export const placesApi = {
  regions: (query: RegionsQuery, signal?: AbortSignal) => call(regions.list, { query, signal }),
  /** Regions by name or code for a picker (GET /api/regions/search), best first. */
  searchRegions: (q: string, signal?: AbortSignal) => call(regions.search, { query: { q, limit: 12 }, signal }).then((b) => b.results),
};

// Plans, outlines and roads change only when data is re-imported: cache them for the session.
const STATIC = { staleTime: Infinity, gcTime: Infinity } as const;

const regionsOf = (query: RegionsQuery) =>
  queryOptions({ queryKey: keyOf(regions.list, { query }), queryFn: ({ signal }) => placesApi.regions(query, signal), ...STATIC });

/** Query options of the places reads; keys come from the routes (client/src/api/call.ts). */
export const placesQueries = {
  programmes: () => queryOptions({ queryKey: keyOf(programmes.list), queryFn: ({ signal }) => call(programmes.list, { signal }), ...STATIC }),
  /** What a plan or an estate's placement makes stale: the programmes (their counts and frames). */
  programmesStale: () => keyPrefix(programmes.list),
  regions: (level: RegionLevel, parent?: string) => regionsOf(parent === undefined ? { level } : { level, parent }),
  /** The country's outline (Natural Earth), one feature coded CN. */
  country: () => regionsOf({ level: 'country' }),
  /** Only districts with an outline: of China's 2,978 counties the data set outlines those with estates. */
  outlinedDistricts: () => regionsOf({ level: 'district', outlined: 'true' }),
  roads: (district: string) =>
    queryOptions({ queryKey: keyOf(roads.list, { query: { district } }), queryFn: ({ signal }) => call(roads.list, { query: { district }, signal }), ...STATIC }),
};
