import type { Feature, FeatureCollection, Geometry, LineString, MultiPolygon, Polygon } from 'geojson';
import type { BuildingProperties, EstateProperties, ProgrammeItem, RegionProperties } from '../../../shared/api.ts';

export type { BuildingProperties, EstateProperties, HealthResponse, RegionLevel, RegionProperties } from '../../../shared/api.ts';

export type EstateFeature = Feature<MultiPolygon, EstateProperties> & { id: number };
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

/** One item of GET /api/programmes: the contract is in shared/api.ts. */
export type Programme = ProgrammeItem;

/* The config answer is not (yet) in shared/api.ts; this mirrors what the server sends. */
export interface ClientConfig {
  basemapStyleUrl: string | null;
}

export const emptyCollection = <C extends FeatureCollection<Geometry | null>>(): C => ({ type: 'FeatureCollection', features: [] }) as unknown as C;
