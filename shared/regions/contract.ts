/**
 * Regions (行政区划) of China, from the country down to communities: the contract of
 * server/regions and of the client's place pickers and outlines (client/src/places/api.ts).
 */
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { z } from 'zod';
import { regionCode } from '../api.ts';
import { ROLES, STAFF } from '../auth.ts';
import { defineContract, json } from '../contract/route.ts';

export const REGION_LEVELS = ['province', 'city', 'district', 'street', 'community'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

export const regionsQuery = z
  .object({
    // 'country': the country outline (one feature, code CN), not a row of the regions table.
    level: z.enum([...REGION_LEVELS, 'country']).optional(),
    parent: regionCode.optional(),
    // 'true': only regions with an outline (the map skips the 40,000 towns that have none).
    outlined: z.enum(['true', 'false']).optional(),
  })
  .strict();

export interface RegionProperties {
  code: string;
  name: string;
  /** 'country' only for GET /api/regions?level=country (code CN). */
  level: RegionLevel | 'country';
  parent: string | null;
  /** nbs2023: the NBS list; gbt2260: the national standard (Taiwan 71, Hong Kong 81, Macao 82); generated: made here. */
  codeSource: 'nbs2023' | 'gbt2260' | 'generated' | 'iso3166';
  synthetic: boolean;
  /** The country's feature only: where its outline comes from. */
  source?: string;
}
/** Regions without an outline in the data set (e.g. towns) come with a null geometry; a feature's id is its code. */
export type RegionCollection = FeatureCollection<Polygon | MultiPolygon | null, RegionProperties>;

/** GET /api/regions/search: a region by name as bureaus write it (partial) or by code prefix. */
export const regionSearchQuery = z
  .object({
    q: z.string().trim().min(1, 'must name a place or a code').max(50, 'must be at most 50 characters'),
    level: z.enum(REGION_LEVELS).optional(),
    limit: z
      .string()
      .regex(/^\d{1,3}$/, 'must be a whole number from 1 to 100')
      .transform(Number)
      .refine((n) => n >= 1 && n <= 100, 'must be a whole number from 1 to 100')
      .optional(),
  })
  .strict();

export interface RegionRef {
  code: string;
  name: string;
}

export interface RegionSearchResult {
  code: string;
  name: string;
  level: RegionLevel;
  /**
   * The prefecture-level city; for a municipality's district (NBS files them under a 市辖区 or 县
   * placeholder) the municipality itself; null for a province, a city, or a county-level unit that
   * its province governs directly (省直辖县级行政区划).
   */
  city: RegionRef | null;
  province: RegionRef | null;
  /** The county/district of a street or community; null above. */
  district: RegionRef | null;
}

export interface RegionSearchResponse {
  results: RegionSearchResult[];
}


export const regionsContract = defineContract({
  capability: 'regions',
  description: "China's regions as GeoJSON outlines (country, provinces, districts, streets, communities) and a search by name or code.",
  routes: {
    list: {
      method: 'GET', path: '/api/regions', roles: ROLES, query: regionsQuery,
      note: 'outlines and names of places: public facts',
      summary: 'Regions of a level and/or a parent, with their outlines (the country with level=country)',
      response: json<RegionCollection>('GeoJSON FeatureCollection of regions (application/geo+json)'),
    },
    search: {
      method: 'GET', path: '/api/regions/search', roles: STAFF, query: regionSearchQuery,
      note: "the import form's region picker (issue 13)",
      summary: 'Regions by name (partial, as bureaus write it) or by code prefix, with the places they lie in',
      response: json<RegionSearchResponse>('The regions found, best first'),
    },
  },
});
