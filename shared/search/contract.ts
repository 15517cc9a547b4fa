/**
 * Search (查找): one box that finds an estate, a community, a street, a district or a saved zone
 * by its name as written (partial), by its full pinyin (jingan, jin gan) or by its initials (jg).
 * The contract of server/search and client/src/search; the rules are in README.md ("Search").
 */
import { z } from 'zod';
import { countString } from '../ids.ts';
import { yearParam } from '../api.ts';
import { ROLES } from '../auth.ts';
import { defineContract, json } from '../contract/route.ts';

/** How many results a search answers when `limit` is not given, and at most. */
export const SEARCH_DEFAULT_LIMIT = 10;
export const SEARCH_MAX_LIMIT = 50;
/** A name is short; a longer query is a mistake, not a name (400). */
export const SEARCH_MAX_QUERY = 50;

export const SEARCH_KINDS = ['estate', 'zone', 'community', 'street', 'district'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** How well the name matched, best first: the whole name, its beginning, or a part of it. */
export const SEARCH_TIERS = ['exact', 'prefix', 'partial'] as const;
export type SearchTier = (typeof SEARCH_TIERS)[number];
export type SearchFrame = 'outline' | 'estates' | 'point' | 'parent';
/** What matched: the name as written, its full pinyin, or its initials. */
export type SearchMatchedBy = 'name' | 'pinyin' | 'initials';

export const searchQuery = z
  .object({
    q: z
      .string({ message: 'must name what to find' })
      .trim()
      .min(1, 'must name what to find (a name, its pinyin or its initials)')
      .max(SEARCH_MAX_QUERY, `must be at most ${SEARCH_MAX_QUERY} characters`),
    limit: countString('must be a whole number')
      .pipe(z.number().min(1, 'must be at least 1').max(SEARCH_MAX_LIMIT, `must be at most ${SEARCH_MAX_LIMIT}`))
      .optional(),
    /**
     * The programme on screen, as context: its districts (comma-separated codes, as on /tiles) and
     * its year. Its estates and places rank first within a tier.
     */
    district: z
      .string()
      .regex(/^\d{2,12}(,\d{2,12}){0,49}$/, 'must be one or more region codes of 2 to 12 digits, comma-separated')
      .transform((s) => s.split(','))
      .optional(),
    year: yearParam.optional(),
  })
  .strict();

export interface SearchPlaceRef {
  code: string;
  name: string;
}

export interface SearchResult {
  kind: SearchKind;
  /** Estates and zones: their id; null for a region. */
  id: number | null;
  /** Regions (district, street, community): their code; null for an estate or a zone. */
  code: string | null;
  name: string;
  /** The district the result lies in; null for a district itself, or a zone drawn across districts. */
  district: SearchPlaceRef | null;
  /** The street (街道/镇) it lies in: an estate's, a community's; null otherwise. */
  street: SearchPlaceRef | null;
  /** An estate's plan, as the place picker names it (programme key and year). */
  programme: { key: string; name: string; year: number } | null;
  /**
   * Where to fly: [minLon, minLat, maxLon, maxLat] of the red line, outline or zone; for a region
   * without an outline the extent of its estates. null when there is nothing on the map (an
   * estate not yet placed, 待落图, or a place with neither an outline nor an estate).
   */
  bbox: [number, number, number, number] | null;
  /** An estate placed by a provisional point (or a region known by its centre only): the point. */
  point: [number, number] | null;
  /**
   * What bbox or point is: the red line, zone or region outline itself; the extent of the estates
   * in a place without an outline; a point; the outline of the street or district a place without
   * either lies in; null when there is nothing to fly to.
   */
  frame: SearchFrame | null;
  /** How it matched (README "Search": the ranking). */
  match: { tier: SearchTier; by: SearchMatchedBy };
  /** True when it belongs to the programme given as context (`district`, `year`). */
  inContext: boolean;
}

export interface SearchResponse {
  /** The query as it was compared: the name as written, and its pinyin form (null when not Latin letters). */
  query: { written: string; pinyin: string | null };
  results: SearchResult[];
}


export const searchContract = defineContract({
  capability: 'search',
  description: 'Find an estate, community, street, district or saved zone by name, full pinyin or initials, ranked and limited to what the user may see.',
  routes: {
    search: {
      method: 'GET', path: '/api/search', roles: ROLES, reporter: 'search', query: searchQuery,
      note: "a reporter finds only their region's estates and places, never zones",
      summary: 'Estates, communities, streets, districts and zones by name as written, full pinyin or initials, best first',
      response: json<SearchResponse>('The results, best first: kind, id or code, name, the district and street they lie in, where to fly'),
    },
  },
});
