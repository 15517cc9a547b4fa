/**
 * Demonstration zones (示范片区): the contract of server/zones and client/src/zones.
 */
import type { Feature, FeatureCollection, LineString, MultiPolygon } from 'geojson';
import { z } from 'zod';
import { idParam, regionCode, yearParam } from '../api.ts';
import { defineContract, empty, json } from '../contract/route.ts';
import { countString } from '../ids.ts';
import { STAFF, PLANNING } from '../auth.ts';
import { decimalString } from '../numbers/strict-decimal.ts';

/** A street between two estates should not break a zone: 30 m by default. */
export const DEFAULT_GAP_METERS = 30;
/** Beyond this, "contiguous" stops meaning neighbours. */
export const MAX_GAP_METERS = 500;
/** A demonstration zone is a few to a few dozen estates; this bounds the O(n²) bridge search. */
export const MAX_ZONE_ESTATES = 500;

/** A number in a JSON body, or a plain decimal numeral in a query string (not "0x1e" or "3e1"). */
const gapMeters = z
  .union([z.number({ message: 'must be a number of metres' }), decimalString('must be a number of metres')], { message: 'must be a number of metres' })
  .pipe(z.number().finite().min(0, 'must be 0 or more metres').max(MAX_GAP_METERS, `must be at most ${MAX_GAP_METERS} metres`));

const estateIds = z
  .array(z.number({ message: 'must be estate ids (numbers)' }).int('must be whole numbers').positive('must be positive'), {
    message: 'must be a list of estate ids',
  })
  .min(1, 'pick at least one estate')
  .max(MAX_ZONE_ESTATES, `at most ${MAX_ZONE_ESTATES} estates`)
  .superRefine((ids, ctx) => {
    const seen = new Set<number>();
    const dup = ids.filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
    if (dup.length) ctx.addIssue({ code: 'custom', message: `lists estate ${[...new Set(dup)].join(', ')} more than once` });
  });

const zoneName = z.string({ message: 'must be text' }).trim().min(1, 'must not be empty').max(100, 'at most 100 characters');

export const zoneCheckBody = z.object({ estateIds, gapMeters: gapMeters.default(DEFAULT_GAP_METERS) }).strict();
export const zoneCreateBody = z.object({ name: zoneName, estateIds, gapMeters: gapMeters.default(DEFAULT_GAP_METERS) }).strict();
export const zonePatchBody = z
  .object({
    version: z.number({ message: 'must be the version you last read' }).int().positive(),
    name: zoneName.optional(),
    estateIds: estateIds.optional(),
    gapMeters: gapMeters.optional(),
  })
  .strict()
  .refine((b) => b.name !== undefined || b.estateIds !== undefined || b.gapMeters !== undefined, 'change at least one of name, estateIds, gapMeters');
export const zoneProjectBody = z.object({ version: z.number().int().positive(), name: zoneName.optional() }).strict();
/** `version`: the zone's version you read (a stale one is refused with 409). */
export const zoneDeleteQuery = z.object({ version: countString('must be the version you read').pipe(z.number().positive('must be positive')).optional() }).strict();
export const zoneSuggestQuery = z
  .object({
    district: regionCode,
    gapMeters: gapMeters.default(DEFAULT_GAP_METERS),
    minEstates: countString().pipe(z.number().min(1, 'must be at least 1').max(100000)).default(2),
    minHouseholds: countString().pipe(z.number().min(0, 'must be 0 or more')).default(0),
    year: yearParam.optional(),
    /** 'none': the groups and figures without outlines (geometry null), most of the cost saved. */
    outlines: z.enum(['all', 'none'], { message: "must be 'all' or 'none'" }).default('all'),
    /** Only the group of this rank (with the same parameters), e.g. to draw one outline. */
    rank: countString().pipe(z.number().min(1, 'must be at least 1')).optional(),
  })
  .strict();
export const zonesListQuery = z.object({ district: regionCode.optional() }).strict();

export interface ZoneLink {
  a: number;
  b: number;
  /** Gap between the two red lines in metres (0 when they touch or overlap). */
  gapMeters: number;
}

export interface ZoneCheck {
  contiguous: boolean;
  /** Connected groups of the picked estates, largest first. */
  components: number[][];
  links: ZoneLink[];
  /** For each component, the closest pair between it and the rest: what breaks the zone, with the gap as a line. */
  bridges: (ZoneLink & { line: LineString })[];
}

/** Totals of a set of estates; a figure is null when no estate in the set reports it. */
export interface ZoneFigures {
  estateIds: number[];
  estateCount: number;
  households: number | null;
  buildingCount: number | null;
  floorAreaM2: number | null;
  plannedInvestmentWan: number | null;
  /** How many estates report each figure (figures may be partial). */
  reported: { households: number; buildingCount: number; floorAreaM2: number; plannedInvestmentWan: number };
}

export interface ZoneProperties extends ZoneFigures {
  id: number;
  name: string;
  districtCode: string | null;
  gapMeters: number;
  projectId: number | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** The outline is computed from generated red lines. */
  synthetic: boolean;
}

/** A suggested zone: a group of contiguous estates, ranked by size. */
export interface SuggestedZoneProperties extends ZoneFigures {
  rank: number;
  gapMeters: number;
  synthetic: boolean;
}
/** geometry is null when asked with outlines=none. */
export type SuggestedZoneCollection = FeatureCollection<MultiPolygon | null, SuggestedZoneProperties>;
export type ZoneFeature = Feature<MultiPolygon | null, ZoneProperties> & { id: number };
/** A saved zone's outline is null when none of its estates has a red line any more. */
export interface ZoneCollection {
  type: 'FeatureCollection';
  features: ZoneFeature[];
}


export const zonesContract = defineContract({
  capability: 'zones',
  description: 'Demonstration zones (示范片区): contiguity of picked estates, suggested groups, saved zones and the projects made of them.',
  routes: {
    check: {
      method: 'POST', path: '/api/zones/check', roles: STAFF, body: zoneCheckBody,
      summary: 'Whether the picked estates are contiguous at a gap, with the groups and the closest breaks',
      note: 'a computation over the estates sent: writes nothing, so a read',
      response: json<ZoneCheck>('The groups, the links between estates and the bridges that break the zone'),
    },
    suggest: {
      method: 'GET', path: '/api/zones/suggest', roles: STAFF, query: zoneSuggestQuery,
      summary: "Groups of contiguous estates of a district, largest first, with their figures and outlines",
      response: json<SuggestedZoneCollection>('GeoJSON FeatureCollection of suggested zones'),
    },
    list: {
      method: 'GET', path: '/api/zones', roles: STAFF, query: zonesListQuery,
      summary: 'Saved zones, of a district or all',
      response: json<ZoneCollection>('GeoJSON FeatureCollection of saved zones'),
    },
    create: {
      method: 'POST', path: '/api/zones', roles: PLANNING, body: zoneCreateBody,
      summary: 'Save a zone of contiguous estates (422 naming the break when they are not)',
      response: json<ZoneFeature>('The saved zone', { status: 201 }),
    },
    get: {
      method: 'GET', path: '/api/zones/:id', roles: STAFF, params: idParam,
      summary: 'One saved zone', response: json<ZoneFeature>('The zone'),
    },
    update: {
      method: 'PATCH', path: '/api/zones/:id', roles: PLANNING, params: idParam, body: zonePatchBody,
      summary: "Rename a zone or change its estates or gap, at the version read",
      response: json<ZoneFeature>('The zone as saved'),
    },
    remove: {
      method: 'DELETE', path: '/api/zones/:id', roles: PLANNING, params: idParam, query: zoneDeleteQuery,
      summary: 'Delete a zone', response: empty(),
    },
    toProject: {
      method: 'POST', path: '/api/zones/:id/project', roles: PLANNING, params: idParam, body: zoneProjectBody,
      summary: "Make the zone a project of its plan (改造工程), moving its estates into it",
      response: json<ZoneFeature>('The zone, now with its projectId'),
    },
  },
});
