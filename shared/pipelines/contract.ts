/**
 * Dig once (一次开挖): the contract of server/pipelines and client/src/pipelines — pipeline works,
 * their import, and the overlaps report (conflicts, corridors, road moratorium, estate
 * synchronisation).
 */
import type { Feature, LineString, MultiPolygon, Point, Polygon } from 'geojson';
import { z } from 'zod';
import { idParam, regionCode } from '../api.ts';
import { defineContract, empty, json, multipart } from '../contract/route.ts';
import { countString } from '../ids.ts';
import { STAFF, PLANNING } from '../auth.ts';
import { decimalString } from '../numbers/strict-decimal.ts';

export const UTILITIES = ['water', 'drainage', 'power', 'telecom', 'cable_tv', 'gas', 'heating'] as const;
export type Utility = (typeof UTILITIES)[number];
export const WORK_STATUSES = ['planned', 'in_progress', 'completed', 'cancelled'] as const;
export type WorkStatus = (typeof WORK_STATUSES)[number];

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'is not a real calendar date');

const position = z
  .array(z.number({ message: 'coordinates must be numbers' }).finite('coordinates must be finite numbers'))
  .min(2, 'a position needs longitude and latitude')
  .max(3, 'a position has at most three numbers')
  .refine((p) => p[0]! >= -180 && p[0]! <= 180, 'longitude must be between -180 and 180')
  .refine((p) => p[1]! >= -90 && p[1]! <= 90, 'latitude must be between -90 and 90');

/** A WGS84 LineString with at least two distinct points (a work has a length). */
export const lineStringSchema = z.object({
  type: z.literal('LineString', { message: 'must be a LineString' }),
  coordinates: z
    .array(position)
    .min(2, 'a line needs at least two points')
    .refine((cs) => cs.length < 2 || cs.some((p) => p[0] !== cs[0]![0] || p[1] !== cs[0]![1]), 'a line needs at least two distinct points'),
});

/** One work as a planner enters or imports it. */
export const workInputSchema = z
  .object({
    utility: z.enum(UTILITIES, { message: `must be one of ${UTILITIES.join(', ')}` }),
    owner: z.string().trim().min(1, 'must name the owner unit').max(200),
    districtCode: regionCode.nullish(),
    estateId: z.number().int().positive().nullish(),
    projectId: z.number().int().positive().nullish(),
    startDate: isoDate,
    endDate: isoDate,
    status: z.enum(WORK_STATUSES, { message: `must be one of ${WORK_STATUSES.join(', ')}` }).default('planned'),
    geometry: lineStringSchema,
  })
  .strict()
  .refine((w) => w.endDate >= w.startDate, { message: 'the end date is before the start date', path: ['endDate'] });
export type WorkInput = z.infer<typeof workInputSchema>;

/** A work as a planner sends it (status may be left out: planned). */
export type WorkBody = z.input<typeof workInputSchema>;

/**
 * The JSON bodies of POST and PUT /api/pipelines[/:id]: typed here for the client, checked by the
 * handler with workInputSchema (server/pipelines/handlers.ts) so that a body that is not an object
 * is a 400 and each bad field is named in a 422 (invalid_work), as the import names a file's rows.
 */
export const workCreateBody = z.custom<WorkBody>();
/** An update replaces the work and must name the version it was read at (400 without it, stale → 409). */
export const workUpdateBody = z.custom<WorkBody & { version: number }>();

/** `version`: the work's version you read (a stale one is refused with 409). */
export const workDeleteQuery = z.object({ version: countString('must be the version you read').pipe(z.number().positive('must be positive')) }).strict();

export const worksQuery = z.object({ district: regionCode.optional() }).strict();

export const overlapsQuery = z
  .object({
    district: regionCode,
    bufferMeters: decimalString().pipe(z.number().min(0.1, 'must be at least 0.1 m').max(100, 'must be at most 100 m')).default(3),
    windowDays: countString('must be whole days').pipe(z.number().min(0).max(3650, 'must be at most 3650 days')).default(90),
  })
  .strict();

export interface WorkProperties {
  id: number;
  utility: Utility;
  owner: string;
  districtCode: string | null;
  estateId: number | null;
  projectId: number | null;
  startDate: string;
  endDate: string;
  status: WorkStatus;
  lengthMeters: number;
  version: number;
  synthetic: boolean;
  /**
   * The road the work runs along, to name the work by (operator and road): the road within 10 m of
   * whose centre line the longest part of the work lies; null when no road is within 10 m.
   */
  road: string | null;
}

export type WorkFeature = Feature<LineString, WorkProperties> & { id: number };
export interface WorkCollection {
  type: 'FeatureCollection';
  features: WorkFeature[];
}

export interface Conflict {
  a: number;
  b: number;
  kind: 'concurrent' | 'sequential' | 'crossing';
  sharedLengthMeters: number;
  gapDays: number;
  /** Where the lines cross (GeoJSON Point), for lines that meet at points; null otherwise. */
  point: Point | null;
}

export interface Corridor {
  workIds: number[];
  owners: string[];
  utilities: Utility[];
  window: { start: string; end: string };
  totalLengthMeters: number;
  trenchMetersSaved: number;
  /** The joint trench: union of the works' buffers (Polygon or MultiPolygon, WGS84). */
  geometry: Polygon | MultiPolygon;
}

export interface MoratoriumHit {
  workId: number;
  roadId: number;
  roadName: string;
  roadKind: 'arterial' | 'secondary' | 'branch';
  pavingKind: 'new' | 'rebuilt' | 'major_repair';
  lastPavedOn: string;
  /** First day the road may be dug again. */
  opensOn: string;
  dugMeters: number;
  roadGeometry: LineString;
  roadSynthetic: boolean;
}

export interface EstateSync {
  workId: number;
  estateId: number;
  estateName: string;
  workWindow: { start: string; end: string };
  estateWindow: { start: string; end: string; source: 'reports' | 'planYear' };
  relation: 'before' | 'after' | 'partial';
}

export interface OverlapsResponse {
  district: string;
  bufferMeters: number;
  windowDays: number;
  conflicts: Conflict[];
  corridors: Corridor[];
  moratorium: MoratoriumHit[];
  estateSync: EstateSync[];
}

export interface ImportResponse {
  imported: number;
  ids: number[];
}


export const pipelinesContract = defineContract({
  capability: 'pipelines',
  description:
    'Dig once (一次开挖): pipeline works of the utilities (管线工程), entered or imported by planners, and the overlaps report of a district: conflicts, shared corridors, road moratorium and synchronisation with the estates\' works.',
  routes: {
    list: {
      method: 'GET', path: '/api/pipelines', roles: STAFF, query: worksQuery,
      summary: 'Pipeline works, of a district or all',
      response: json<WorkCollection>('GeoJSON FeatureCollection of works (application/geo+json)'),
    },
    overlaps: {
      method: 'GET', path: '/api/pipelines/overlaps', roles: STAFF, query: overlapsQuery,
      summary: "A district's dig-once report: conflicting works, joint trenches, dug roads under moratorium, works out of step with their estates",
      response: json<OverlapsResponse>('The report'),
    },
    import: {
      method: 'POST', path: '/api/pipelines/import', roles: PLANNING, body: multipart('the works (.csv or .geojson)'),
      summary: 'Import works from a CSV or GeoJSON file, all or nothing (422 naming each bad row or feature)',
      response: json<ImportResponse>('How many works were saved, and their ids', { status: 201 }),
    },
    create: {
      method: 'POST', path: '/api/pipelines', roles: PLANNING, body: workCreateBody, bodyDoc: workInputSchema,
      summary: 'Enter one work (422 naming each bad field)',
      response: json<WorkFeature>('The saved work as a GeoJSON Feature (application/geo+json)', { status: 201 }),
    },
    get: {
      method: 'GET', path: '/api/pipelines/:id', roles: STAFF, params: idParam,
      summary: 'One work', response: json<WorkFeature>('The work as a GeoJSON Feature (application/geo+json)'),
    },
    update: {
      method: 'PUT', path: '/api/pipelines/:id', roles: PLANNING, params: idParam, body: workUpdateBody,
      bodyDoc: workInputSchema.extend({ version: z.number().int().positive() }),
      summary: 'Replace a work, at the version read',
      response: json<WorkFeature>('The work as saved (application/geo+json)'),
    },
    remove: {
      method: 'DELETE', path: '/api/pipelines/:id', roles: PLANNING, params: idParam, query: workDeleteQuery,
      summary: 'Delete a work, at the version read', response: empty(),
    },
  },
});
