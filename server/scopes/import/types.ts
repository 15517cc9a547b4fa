import type { Geometry } from 'geojson';

/** Where the source coordinates are: an EPSG code PostGIS knows, or a .prj / GeoPackage WKT. */
export type SourceCrs = { srid: number; label: string } | { wkt: string; label: string };

export interface RawFeature {
  /** Position in the file (from 0): how the preview and every error name a feature. */
  index: number;
  properties: Record<string, unknown>;
  geometry: Geometry | null;
  /** A coordinate had a third value (Z). */
  has3d: boolean;
  /** The table it came from, in a GeoPackage of several (estate, building). */
  table?: string;
}

export interface ReadFile {
  format: 'geojson' | 'shapefile' | 'gpkg';
  crs: SourceCrs;
  features: RawFeature[];
}
