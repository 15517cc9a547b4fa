import type { Feature, FeatureCollection, Geometry, LineString, MultiPolygon, Point, Polygon } from 'geojson';
import type { BuildingProperties, EstateProperties, ProgrammeItem, RegionProperties } from '../../../shared/api.ts';

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

/** One item of GET /api/programmes: the contract is in shared/api.ts. */
export type Programme = ProgrammeItem;

/* The config answer is not (yet) in shared/api.ts; this mirrors what the server sends. */
export interface ClientConfig {
  basemapStyleUrl: string | null;
}

export const emptyCollection = <C extends FeatureCollection<Geometry | null>>(): C => ({ type: 'FeatureCollection', features: [] }) as unknown as C;
