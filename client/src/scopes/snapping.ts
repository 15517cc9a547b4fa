import type { Position } from 'geojson';

/** Pixels within which a pointer snaps: to a neighbour's corner first, then to its edge. */
export const SNAP_VERTEX_PX = 12;
export const SNAP_EDGE_PX = 8;

type Project = (lng: number, lat: number) => { x: number; y: number };

/**
 * The point of the neighbouring red lines nearest to the pointer on screen: a corner within
 * SNAP_VERTEX_PX, else the nearest point of an edge within SNAP_EDGE_PX, else nothing. Pixels,
 * not metres, so snapping feels the same at every zoom. A pure function of the rings, tested.
 */
export function snapTo(pointer: { x: number; y: number }, rings: Position[][], project: Project): Position | undefined {
  let best: { d: number; p: Position } | undefined;
  for (const ring of rings) {
    for (const v of ring) {
      const s = project(v[0]!, v[1]!);
      const d = Math.hypot(s.x - pointer.x, s.y - pointer.y);
      if (d <= SNAP_VERTEX_PX && (!best || d < best.d)) best = { d, p: [v[0]!, v[1]!] };
    }
  }
  if (best) return best.p;
  for (const ring of rings) {
    for (let i = 1; i < ring.length; i++) {
      const a = ring[i - 1]!;
      const b = ring[i]!;
      const sa = project(a[0]!, a[1]!);
      const sb = project(b[0]!, b[1]!);
      const dx = sb.x - sa.x;
      const dy = sb.y - sa.y;
      const len2 = dx * dx + dy * dy;
      if (len2 === 0) continue;
      const t = Math.max(0, Math.min(1, ((pointer.x - sa.x) * dx + (pointer.y - sa.y) * dy) / len2));
      const d = Math.hypot(sa.x + t * dx - pointer.x, sa.y + t * dy - pointer.y);
      // Along an edge, lon/lat are linear enough over a few hundred metres to interpolate.
      if (d <= SNAP_EDGE_PX && (!best || d < best.d)) best = { d, p: [a[0]! + t * (b[0]! - a[0]!), a[1]! + t * (b[1]! - a[1]!)] };
    }
  }
  return best?.p;
}

/** The rings of every red line but the one being edited, near it (a box `margin` degrees wider). */
export function neighbourRings(features: { id?: string | number; geometry: GeoJSON.Geometry | null }[], except: number | null, around: [number, number, number, number] | null, margin = 0.005): Position[][] {
  const out: Position[][] = [];
  for (const f of features) {
    if (f.id === except || !f.geometry) continue;
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.type === 'MultiPolygon' ? f.geometry.coordinates : [];
    for (const rings of polys) {
      for (const r of rings) {
        if (around && !r.some((p) => p[0]! >= around[0] - margin && p[0]! <= around[2] + margin && p[1]! >= around[1] - margin && p[1]! <= around[3] + margin)) continue;
        out.push(r);
      }
    }
  }
  return out;
}
