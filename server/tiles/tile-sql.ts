import type { EngineKind } from '../db/engine.ts';
import type { TileFilters, TileLayer } from './layers.ts';

export const EXTENT = 4096;
export const BUFFER = 64;

/**
 * The tile envelope in 3857 (`env`), the same plus the buffer (`clip`), and that in 4326 (`q`, the
 * tables' SRID) for the `&&` filter so the GiST index is used. Clamped to the mercator world so
 * the buffer of an edge tile does not wrap around the antimeridian.
 */
const BOUNDS = `bounds AS (
  SELECT env, clip, ST_Transform(clip, 4326) AS q
  FROM (
    SELECT env, ST_Intersection(
      ST_Expand(env, (ST_XMax(env) - ST_XMin(env)) * ${BUFFER} / ${EXTENT}),
      ST_MakeEnvelope(-20037508.342789244, -20037508.342789244, 20037508.342789244, 20037508.342789244, 3857)) AS clip
    FROM (SELECT ST_TileEnvelope($1::int, $2::int, $3::int) AS env) t
  ) b)`;

/**
 * The real PostGIS encodes the tile itself: ST_AsMVT over ST_AsMVTGeom, the known-good form.
 * PGlite's PostGIS is built without protobuf-c (both functions raise "Compiled without protobuf-c
 * support"), so there the same query does ST_AsMVTGeom's work by hand — clip to the buffered tile,
 * scale to tile units with y down, snap to the integer grid, MVT ring winding — and returns
 * tile-space GeoJSON that encode.ts writes with vt-pbf.
 */
export function tileSql(layer: TileLayer, filters: TileFilters, engine: EngineKind): { text: string; params: unknown[] } {
  const { text, params } = layer.select(filters);
  if (engine === 'postgres') {
    const select = replaceTileGeom(text, (g) => `ST_AsMVTGeom(${g}, bounds.env, ${EXTENT}, ${BUFFER}, true)`);
    return {
      text: `WITH ${BOUNDS}
SELECT ST_AsMVT(f, '${layer.name}', ${EXTENT}, 'geom', 'id') AS tile FROM (${select}) f WHERE f.geom IS NOT NULL`,
      params,
    };
  }
  const select = replaceTileGeom(text, portableTileGeom);
  return {
    text: `WITH ${BOUNDS}
SELECT COALESCE(json_agg(f), '[]'::json)::text AS features FROM (${select}) f WHERE f.geom IS NOT NULL`,
    params,
  };
}

function portableTileGeom(g: string): string {
  const scale = `(${EXTENT} / (ST_XMax(bounds.env) - ST_XMin(bounds.env)))`;
  // In tile units y grows downwards; MVT wants exterior rings with positive shoelace area there,
  // which is what ST_ForcePolygonCCW computes on the numbers.
  const tileSpace = `ST_ForcePolygonCCW(ST_RemoveRepeatedPoints(ST_SnapToGrid(ST_Affine(
      ST_ClipByBox2D(${g}, bounds.clip),
      ${scale}, 0, 0, -${scale}, -ST_XMin(bounds.env) * ${scale}, ST_YMax(bounds.env) * ${scale}), 1)))`;
  return `(SELECT CASE WHEN ST_IsEmpty(t.g) THEN NULL ELSE ST_AsGeoJSON(t.g, 0)::json END FROM (SELECT ${tileSpace} AS g) t)`;
}

/** Replaces each TILE_GEOM(<expr>) — parentheses balanced — with fn(<expr>). */
function replaceTileGeom(text: string, fn: (expr: string) => string): string {
  const marker = 'TILE_GEOM(';
  let out = text;
  for (let at = out.indexOf(marker); at >= 0; at = out.indexOf(marker)) {
    const open = at + marker.length - 1;
    let depth = 0;
    let close = open;
    for (; close < out.length; close++) {
      if (out[close] === '(') depth++;
      else if (out[close] === ')' && --depth === 0) break;
    }
    out = out.slice(0, at) + fn(out.slice(open + 1, close)) + out.slice(close + 1);
  }
  return out;
}
