import vtpbf from 'vt-pbf';
import { EXTENT } from './tile-sql.ts';

type TileGeometry =
  | { type: 'Point'; coordinates: number[] }
  | { type: 'MultiPoint' | 'LineString'; coordinates: number[][] }
  | { type: 'MultiLineString' | 'Polygon'; coordinates: number[][][] }
  | { type: 'MultiPolygon'; coordinates: number[][][][] }
  | { type: 'GeometryCollection'; geometries: TileGeometry[] };

type Row = { id: number | null; geom: TileGeometry } & Record<string, unknown>;

interface VtFeature {
  /** Absent for features without an identity (estate aggregates), as ST_AsMVT leaves a NULL id out. */
  id?: number;
  /** 1 point, 2 line, 3 polygon (vector tile spec). */
  type: 1 | 2 | 3;
  geometry: number[][] | number[][][];
  tags: Record<string, unknown>;
}

/** Tile-space geometry (integers, y down) to the vector-tile feature shape vt-pbf writes. */
function toVt(g: TileGeometry): Pick<VtFeature, 'type' | 'geometry'> | null {
  switch (g.type) {
    case 'Point':
      return { type: 1, geometry: [g.coordinates] };
    case 'MultiPoint':
      return { type: 1, geometry: g.coordinates };
    case 'LineString':
      return { type: 2, geometry: [g.coordinates] };
    case 'MultiLineString':
      return { type: 2, geometry: g.coordinates };
    case 'Polygon':
      return { type: 3, geometry: g.coordinates };
    case 'MultiPolygon':
      // A multipolygon is its rings in sequence; readers split polygons by ring winding.
      return { type: 3, geometry: g.coordinates.flat() };
    default:
      return null;
  }
}

/** Encodes the rows of the portable tile query (see tile-sql.ts) as one MVT layer. */
export function encodeTile(layer: string, featuresJson: string): Uint8Array {
  const rows = JSON.parse(featuresJson) as Row[];
  const features: VtFeature[] = [];
  for (const { id, geom, ...props } of rows) {
    const vt = toVt(geom);
    if (!vt) continue;
    // MVT has no null: leave missing values out, as ST_AsMVT does.
    const tags = Object.fromEntries(Object.entries(props).filter(([, v]) => v !== null && v !== undefined));
    features.push(id === null || id === undefined ? { ...vt, tags } : { id, ...vt, tags });
  }
  if (features.length === 0) return new Uint8Array();
  return vtpbf.fromGeojsonVt({ [layer]: { features } }, { version: 2, extent: EXTENT });
}
