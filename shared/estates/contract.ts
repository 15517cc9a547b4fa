/**
 * Estates (改造小区) on the map: the contract of server/estates and client/src/estates. Both
 * answers are GeoJSON the database builds (server/estates/sql.ts), sent as application/geo+json.
 */
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import { z } from 'zod';
import { bboxParam, idParam, periodParam, regionCode, yearParam } from '../api.ts';
import { defineContract, json } from '../contract/route.ts';

/**
 * How an estate is on the map: by its red line (surveyed or drawn), by a provisional point a
 * planner clicked while it has none, or not at all yet (待落图). GET /api/estates sends the red
 * line as the geometry, else the point, else null.
 */
export const PLACEMENTS = ['red_line', 'provisional_point', 'unplaced'] as const;
export type Placement = (typeof PLACEMENTS)[number];
import { ROLES } from '../auth.ts';
import type { Phase } from '../phases.ts';

export const estatesQuery = z
  .object({
    district: regionCode.optional(),
    year: yearParam.optional(),
    bbox: bboxParam.optional(),
    /**
     * YYYY-MM: each estate's progress and investment as of the end of that month (the newest
     * revision of its newest report for that month or earlier, or none); absent: the latest.
     */
    period: periodParam.optional(),
  })
  .strict();

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
  phase: Phase | null;
  completed: boolean | null;
  /** Report period behind progressPct/phase, YYYY-MM: the latest, or the newest up to the month asked (period=). */
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
   * How the estate is on the map (PLACEMENTS above): its red line (the feature's
   * geometry is a MultiPolygon), a provisional point a planner clicked (a Point), or not yet
   * (geometry null, 待落图).
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

/**
 * An estate as GET /api/estates sends it: its red line, else the provisional point a planner
 * clicked, else no geometry at all (待落图: a table row nobody has placed yet). Every reader must
 * handle all three (properties.placement says which).
 */
export type EstateGeometry = MultiPolygon | Point;
export type EstateFeature = Feature<EstateGeometry | null, EstateProperties> & { id: number };
export interface EstateCollection {
  type: 'FeatureCollection';
  features: EstateFeature[];
}
export type BuildingFeature = Feature<Polygon | MultiPolygon, BuildingProperties> & { id: number };
export type BuildingCollection = FeatureCollection<Polygon | MultiPolygon, BuildingProperties>;
/** GET /api/estates/:id answers the estate feature with its buildings attached. */
export type EstateDetail = EstateFeature & { buildings: BuildingCollection };


export const estatesContract = defineContract({
  capability: 'estates',
  description: 'The estates of the programmes as GeoJSON: their red lines (or provisional points), figures and latest progress.',
  routes: {
    list: {
      method: 'GET', path: '/api/estates', roles: ROLES, reporter: 'estateList', query: estatesQuery,
      summary: 'Estates of a district, a plan year and/or a bounding box; period=YYYY-MM gives their figures as of the end of that month',
      response: json<EstateCollection>('GeoJSON FeatureCollection of estates (application/geo+json)'),
    },
    get: {
      method: 'GET', path: '/api/estates/:id', roles: ROLES, reporter: 'estateById', params: idParam,
      summary: 'One estate with its buildings',
      response: json<EstateDetail>('GeoJSON Feature of the estate with its buildings as a FeatureCollection (application/geo+json)'),
    },
  },
});
