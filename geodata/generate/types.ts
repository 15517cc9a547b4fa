/**
 * Contract between the demo-data loader (server) and the deterministic geometry generator.
 * The seeds carry names and figures but no geometry finer than a province; the generator invents
 * plausible geometry near the real place. Everything it returns is synthetic and says so.
 */
import type { LineString, MultiPolygon, Polygon } from 'geojson';

export interface GenRegion {
  code: string;
  name: string;
  level: 'province' | 'city' | 'district' | 'street' | 'community';
  parentCode: string | null;
  /** Only districts/counties carry a centre (lon, lat) from DESIGN.md; the rest is placed around it. */
  centre?: [number, number];
}

export interface GenEstate {
  id: number;
  name: string;
  districtCode: string;
  streetCode: string;
  /** Community region code when known (a community region exists), else null. */
  communityCode: string | null;
  /** Estates sharing a projectKey are placed next to each other (one block). */
  projectKey: string | null;
  floorAreaM2: number | null;
  buildingCount: number | null;
  households: number | null;
  planYear: number;
}

export interface GenInput {
  seed: number;
  regions: GenRegion[];
  estates: GenEstate[];
  /** Reports are generated monthly from the plan year's start up to and including this period. */
  reportUntil: string; // 'YYYY-MM'
  /** Estates for which real progress exists (e.g. Wuhai on 2021-04-25): no synthetic history. */
  estatesWithRealProgress: number[];
}

export interface GenOutline {
  code: string;
  geometry: MultiPolygon;
}

export interface GenEstateGeometry {
  estateId: number;
  geometry: MultiPolygon;
}

export interface GenBuilding {
  estateId: number;
  /** 1-based number within the estate, e.g. building "3" → 3号楼. */
  number: number;
  floors: number;
  households: number | null;
  geometry: Polygon;
}

export interface GenRoad {
  name: string;
  districtCode: string;
  kind: 'arterial' | 'secondary' | 'branch';
  /** Last paving date, YYYY-MM-DD, and whether it was new/rebuilt or a major repair. */
  lastPavedOn: string;
  pavingKind: 'new' | 'rebuilt' | 'major_repair';
  geometry: LineString;
}

export type Utility = 'water' | 'drainage' | 'power' | 'telecom' | 'cable_tv' | 'gas' | 'heating';

export interface GenPipelineWork {
  utility: Utility;
  /** Owner unit in Chinese, e.g. 区自来水公司, 中国电信江口分公司. */
  owner: string;
  districtCode: string;
  estateId: number | null;
  startDate: string; // YYYY-MM-DD
  endDate: string;
  status: 'planned' | 'in_progress' | 'completed';
  geometry: LineString;
}

export interface GenReport {
  estateId: number;
  period: string; // YYYY-MM
  phase: import('../../shared/phases.ts').Phase;
  progressPct: number; // 0..100, monotonic non-decreasing per estate
  completedInvestmentWan: number | null; // cumulative, null when the estate has no own planned investment
  completed: boolean;
  submittedAt: string; // ISO timestamp, usually before the 20th of the following month
}

export interface GenOutput {
  outlines: GenOutline[]; // districts, streets and communities (not provinces: those are real)
  estates: GenEstateGeometry[];
  buildings: GenBuilding[];
  roads: GenRoad[];
  pipelines: GenPipelineWork[];
  reports: GenReport[];
}
