import type { Position } from 'geojson';
import type { RawFeature } from './types.ts';

/**
 * What no repair can fix, found before the database sees the geometry: no geometry, a Z value,
 * not a polygon, a ring that is open, too short or has a coordinate that is not a number.
 * (Self-intersections, spikes and the like are repaired with ST_MakeValid and reported.)
 */
export function unrepairable(f: RawFeature): string | null {
  const g = f.geometry;
  if (!g) return 'has no geometry';
  if (f.has3d) return 'has a 3D coordinate (a Z value): red lines and building footprints are 2D; drop Z first (e.g. ogr2ogr -dim XY) and send the file again';
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') return `is a ${g.type}; red lines and building footprints are polygons`;
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  if (!Array.isArray(polygons) || polygons.length === 0) return 'has an empty geometry';
  for (const [p, rings] of polygons.entries()) {
    if (!Array.isArray(rings) || rings.length === 0) return `polygon ${p} has no rings`;
    for (const [r, ring] of rings.entries()) {
      const where = `${polygons.length > 1 ? `polygon ${p}, ` : ''}ring ${r}${r === 0 ? ' (the outline)' : ' (a hole)'}`;
      if (!Array.isArray(ring)) return `${where} is not a list of positions`;
      const bad = (ring as Position[]).findIndex((pt) => !Array.isArray(pt) || pt.length < 2 || !pt.slice(0, 2).every((v) => typeof v === 'number' && Number.isFinite(v)));
      if (bad >= 0) return `${where}: position ${bad} is not a pair of numbers`;
      if (ring.length < 4) return `${where} has ${ring.length} positions; a closed ring needs at least 4`;
      const [first, last] = [ring[0]!, ring[ring.length - 1]!];
      if (first[0] !== last[0] || first[1] !== last[1]) return `${where} is not closed: it starts at ${first.slice(0, 2).join(' ')} and ends at ${last.slice(0, 2).join(' ')}`;
    }
  }
  return null;
}
