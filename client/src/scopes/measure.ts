import { area, length } from '@turf/turf';
import type { Position } from 'geojson';

/**
 * Area (m²) and perimeter (m) of a ring as drawn, on the sphere (turf: the WGS84 mean radius,
 * the same figure the server's geography gives to well under 1 % at estate size). An open ring
 * (corners placed, not closed yet) is measured as if closed back to its first corner, so the
 * figures show from the third corner on. Fewer than 3 distinct corners: no area, perimeter of the line.
 */
export function measureRing(ring: Position[]): { areaM2: number | null; perimeterM: number | null } {
  const pts = ring.filter((p, i) => i === 0 || p[0] !== ring[i - 1]![0] || p[1] !== ring[i - 1]![1]);
  const first = pts[0];
  const last = pts[pts.length - 1];
  if (first && last && pts.length > 1 && first[0] === last[0] && first[1] === last[1]) pts.pop();
  if (pts.length < 2) return { areaM2: null, perimeterM: null };
  const closed = [...pts, pts[0]!];
  const perimeterM = length({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: pts.length === 2 ? pts : closed } }, { units: 'meters' });
  const areaM2 = pts.length >= 3 ? area({ type: 'Polygon', coordinates: [closed] }) : null;
  return { areaM2, perimeterM };
}
