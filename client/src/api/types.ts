import type { Feature, FeatureCollection, Geometry, LineString, MultiPolygon, Point, Polygon } from 'geojson';
import type { BuildingProperties, EstateProperties, RegionProperties } from '../../../shared/api.ts';

export type { BuildingProperties, EstateProperties, HealthResponse, RegionLevel, RegionProperties } from '../../../shared/api.ts';
export type { Placement } from '../../../shared/placement.ts';

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
export type BuildingFeature = Feature<Polygon | MultiPolygon, BuildingProperties>;
export type BuildingCollection = FeatureCollection<Polygon | MultiPolygon, BuildingProperties>;
/** GET /api/estates/:id answers the estate feature with its buildings attached. */
export type EstateDetail = EstateFeature & { buildings: BuildingCollection };
/** Regions without an outline in the data set (e.g. towns) come with a null geometry. */
export type RegionCollection = FeatureCollection<Polygon | MultiPolygon | null, RegionProperties>;

export interface RoadProperties {
  name: string;
  kind: string;
  synthetic: boolean;
}
export type RoadCollection = FeatureCollection<LineString, RoadProperties>;

export type Bbox = [number, number, number, number];

/**
 * Programme and config answers are not (yet) in shared/api.ts; these mirror what the server sends.
 * They belong in shared/ next to the other contracts once the lead adds them there.
 */
export interface Programme {
  key: string;
  name: string;
  nameEn: string;
  /** The programme's own region (a district, or a city for Wuhai). */
  regionCode?: string;
  /** Districts of its estates: empty when the plan has none. */
  districtCodes: string[];
  year: number;
  /** The extent of its placed estates (red lines and provisional points); null when none is placed. */
  bbox: Bbox | null;
  estateCount: number;
  /*
   * Sent by servers with the regions work of issue 13 (absent before): the plan id, how many
   * estates are placed, and where to look — the placed estates, else the province, else China.
   */
  id?: number;
  placedCount?: number;
  unplacedCount?: number;
  frame?: { bbox: Bbox; source: 'estates' | 'province' | 'country' };
}

export interface ClientConfig {
  basemapStyleUrl: string | null;
}

export const emptyCollection = <C extends FeatureCollection<Geometry | null>>(): C => ({ type: 'FeatureCollection', features: [] }) as unknown as C;
