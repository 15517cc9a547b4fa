import type { Feature, FeatureCollection, Geometry, LineString, MultiPolygon, Polygon } from 'geojson';
import type { BuildingProperties, EstateProperties, RegionProperties } from '../../../shared/api.ts';

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

/*
 * Programme and config answers are not (yet) in shared/api.ts; these mirror what the server sends.
 * They belong in shared/ next to the other contracts once the lead adds them there.
 */
export interface Programme {
  key: string;
  name: string;
  nameEn: string;
  districtCodes: string[];
  year: number;
  bbox: [number, number, number, number];
  estateCount: number;
}

export interface ClientConfig {
  basemapStyleUrl: string | null;
}

export const emptyCollection = <C extends FeatureCollection<Geometry | null>>(): C => ({ type: 'FeatureCollection', features: [] }) as unknown as C;
