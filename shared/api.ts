/**
 * The API contract: zod schemas shared by server (validation) and client (types).
 * Paths and field names here are integration contracts; change them only with the issues.
 */
import { z } from 'zod';
import { PHASES } from './phases.ts';
import type { Placement } from './placement.ts';
import { countString, idParam } from './ids.ts';

export { idParam };

export const REGION_LEVELS = ['province', 'city', 'district', 'street', 'community'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

/** A code of the NBS form: 2 (province) to 12 digits. Generated codes use the same form. */
export const regionCode = z.string().regex(/^\d{2,12}$/, 'must be a region code of 2 to 12 digits');

const bboxRegex = /^-?\d+(\.\d+)?,-?\d+(\.\d+)?,-?\d+(\.\d+)?,-?\d+(\.\d+)?$/;
export const bboxParam = z
  .string()
  .regex(bboxRegex, 'must be minLon,minLat,maxLon,maxLat')
  .transform((s) => s.split(',').map(Number) as [number, number, number, number])
  .refine(([a, b, c, d]) => a >= -180 && c <= 180 && b >= -90 && d <= 90 && a < c && b < d, {
    message: 'must be minLon,minLat,maxLon,maxLat within WGS84 bounds, min < max',
  });

/** A year in a query string or form: four digits, not "2024.0" or "0x7e8" (shared/ids.ts). */
export const yearParam = countString('must be a year')
  .pipe(z.number().int('must be a whole year').min(2000, 'must be 2000 or later').max(2100, 'must be 2100 or earlier'));

export const regionsQuery = z
  .object({
    // 'country': the country outline (one feature, code CN), not a row of the regions table.
    level: z.enum([...REGION_LEVELS, 'country']).optional(),
    parent: regionCode.optional(),
    // 'true': only regions with an outline (the map skips the 40,000 towns that have none).
    outlined: z.enum(['true', 'false']).optional(),
  })
  .strict();

export const estatesQuery = z
  .object({
    district: regionCode.optional(),
    year: yearParam.optional(),
    bbox: bboxParam.optional(),
  })
  .strict();

export const phaseSchema = z.enum(PHASES);

/** Properties of an estate feature in GET /api/estates (the feature's id is the estate id). */
export interface EstateProperties {
  id: number;
  name: string;
  districtCode: string;
  districtName: string;
  streetCode: string;
  streetName: string;
  communityName: string | null;
  projectId: number | null;
  projectName: string | null;
  planId: number;
  planYear: number;
  households: number | null;
  buildingCount: number | null;
  floorAreaM2: number | null;
  /** Own figures only: null when the seed reports money for the project, not the estate. */
  plannedInvestmentWan: number | null;
  completedInvestmentWan: number | null;
  /** completed / planned (0..1) at the level where money was reported (estate, else project). */
  investmentRate: number | null;
  /** Where investmentRate comes from: 'estate' | 'project' | null when no money was reported. */
  investmentLevel: 'estate' | 'project' | null;
  progressPct: number | null;
  phase: (typeof PHASES)[number] | null;
  completed: boolean | null;
  /** Latest report period behind progressPct/phase, YYYY-MM. */
  reportPeriod: string | null;
  /** True when that report is from the generated history (no real report exists for the estate). */
  reportSynthetic: boolean | null;
  contentItems: string[];
  personInCharge: string | null;
  leader: string | null;
  responsibleUnit: string | null;
  seq: number | null;
  /** Plan-table columns the importer has no field for (建成年代 …), as written, in table order. */
  attributes: { name: string; value: string }[];
  note: string | null;
  source: string;
  /** Bumped by every change to the estate; send it back when changing its red line (409 when stale). */
  version: number;
  /** True when the red line is generated, not surveyed (false when there is no red line). */
  synthetic: boolean;
  /**
   * How the estate is on the map (shared/placement.ts): its red line (the feature's geometry is a
   * MultiPolygon), a provisional point a planner clicked (a Point), or not yet (geometry null, 待落图).
   */
  placement: Placement;
}

export interface BuildingProperties {
  id: number;
  estateId: number;
  number: number;
  floors: number;
  households: number | null;
  synthetic: boolean;
}

export interface RegionProperties {
  code: string;
  name: string;
  /** 'country' only for GET /api/regions?level=country (code CN). */
  level: RegionLevel | 'country';
  parent: string | null;
  /** nbs2023: the NBS list; gbt2260: the national standard (Taiwan 71, Hong Kong 81, Macao 82); generated: made here. */
  codeSource: 'nbs2023' | 'gbt2260' | 'generated' | 'iso3166';
  synthetic: boolean;
}

export interface HealthResponse {
  status: 'ok';
  db: 'pglite' | 'postgres';
  postgis: string;
  /** The API process that answered (several run under CLUSTER_WORKERS); shown to admins only. */
  pid?: number;
  /** Present when DATABASE_REPLICA_URL is set: the replica must be a standby in recovery. */
  replica?: { inRecovery: boolean };
}

/** The one error shape every route answers with. */
export interface ApiError {
  error: { code: string; message: string; details?: unknown };
}

// ---- Regions nationwide and programme frames (issue 13 §1) ----------------------------------------

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

/** Where the map frames a programme: its placed estates, else its province's outline, else China. */
export interface ProgrammeFrame {
  bbox: [number, number, number, number];
  source: 'estates' | 'province' | 'country';
}

/** One item of GET /api/programmes (an array of these). */
export interface ProgrammeItem {
  /** The plan's id. */
  id: number;
  key: string;
  name: string;
  nameEn: string;
  year: number;
  regionCode: string;
  districtCodes: string[];
  estateCount: number;
  /** Estates with a red line or a provisional point (estates.location), and those with neither. */
  placedCount: number;
  unplacedCount: number;
  /** Extent of the placed estates (red lines and provisional points), null when none is placed. */
  bbox: [number, number, number, number] | null;
  frame: ProgrammeFrame;
}
