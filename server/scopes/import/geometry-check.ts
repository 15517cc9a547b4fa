import type { Position } from 'geojson';
import type { GeometryProblem } from '../../../shared/scopes/contract.ts';
import type { RawFeature } from './types.ts';

/** A problem without its place: the caller says which feature (import) or field (drawing) it is. */
export type Problem = Pick<GeometryProblem, 'code' | 'params' | 'reason'>;

/**
 * What no repair can fix, found before the database sees the geometry: no geometry, a Z value,
 * not a polygon, a ring that is open, too short or has a coordinate that is not a number.
 * (Self-intersections, spikes and the like are repaired with ST_MakeValid and reported.) Each
 * problem has a code and params (polygons, rings and positions counted from 0) so that the
 * client says it in the UI's language; `reason` is the English for logs and developers.
 */
export function unrepairable(f: RawFeature): Problem | null {
  const g = f.geometry;
  if (!g) return { code: 'no_geometry', params: {}, reason: 'has no geometry' };
  if (f.has3d) {
    return {
      code: 'geometry_3d',
      params: {},
      reason: 'has a 3D coordinate (a Z value): red lines and building footprints are 2D; drop Z first (e.g. ogr2ogr -dim XY) and send the file again',
    };
  }
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') return { code: 'not_polygon', params: { type: String(g.type) }, reason: `is a ${g.type}; red lines and building footprints are polygons` };
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  if (!Array.isArray(polygons) || polygons.length === 0) return { code: 'empty_geometry', params: {}, reason: 'has an empty geometry' };
  for (const [p, rings] of polygons.entries()) {
    if (!Array.isArray(rings) || rings.length === 0) return { code: 'ring_empty', params: { polygon: p }, reason: `polygon ${p} has no rings` };
    for (const [r, ring] of rings.entries()) {
      const where = `${polygons.length > 1 ? `polygon ${p}, ` : ''}ring ${r}${r === 0 ? ' (the outline)' : ' (a hole)'}`;
      const at = { polygon: p, ring: r };
      if (!Array.isArray(ring)) return { code: 'bad_position', params: { ...at, position: 0 }, reason: `${where} is not a list of positions` };
      const bad = (ring as Position[]).findIndex((pt) => !Array.isArray(pt) || pt.length < 2 || !pt.slice(0, 2).every((v) => typeof v === 'number' && Number.isFinite(v)));
      if (bad >= 0) return { code: 'bad_position', params: { ...at, position: bad }, reason: `${where}: position ${bad} is not a pair of numbers` };
      if (ring.length < 4) return { code: 'ring_too_short', params: { ...at, positions: ring.length }, reason: `${where} has ${ring.length} positions; a closed ring needs at least 4` };
      const [first, last] = [ring[0]!, ring[ring.length - 1]!];
      if (first[0] !== last[0] || first[1] !== last[1]) {
        return { code: 'ring_open', params: at, reason: `${where} is not closed: it starts at ${first.slice(0, 2).join(' ')} and ends at ${last.slice(0, 2).join(' ')}` };
      }
    }
  }
  return null;
}

/** After ST_MakeValid nothing with an area is left. */
export const noArea: Problem = { code: 'no_area', params: {}, reason: 'has no area left once made valid (its rings collapse to lines or points)' };

/** The extent read in the stated CRS is not longitude/latitude. */
export const notOnEarth = (x: number, y: number, crs: string): Problem => ({
  code: 'not_on_earth',
  params: { x: Number(x.toFixed(1)), y: Number(y.toFixed(1)), crs },
  reason: `lies at ${x.toFixed(1)} ${y.toFixed(1)} when read as ${crs}, which is no place on Earth: the file's CRS is something else (send srid)`,
});
