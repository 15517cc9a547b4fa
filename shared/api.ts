/**
 * The API contract: zod schemas shared by server (validation) and client (types).
 * Paths and field names here are integration contracts; change them only with the issues.
 */
import { z } from 'zod';
import { PHASES } from './phases.ts';
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
    level: z.enum(REGION_LEVELS).optional(),
    parent: regionCode.optional(),
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
  note: string | null;
  source: string;
  /** Bumped by every change to the estate; send it back when changing its red line (409 when stale). */
  version: number;
  /** True when the red line is generated, not surveyed. */
  synthetic: boolean;
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
  level: RegionLevel;
  parent: string | null;
  codeSource: 'nbs2023' | 'generated';
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
