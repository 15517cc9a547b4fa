import { bbox as turfBbox, pointOnFeature } from '@turf/turf';
import type { Feature, Geometry, MultiPolygon, Point, Polygon } from 'geojson';
import type { Label } from './layers.ts';

export type Bbox = [number, number, number, number];

/** What the map labels and frames: outlines, and the provisional points of estates without one. */
type Placed = Polygon | MultiPolygon | Point;

/**
 * A label anchor inside each polygon (pointOnFeature, unlike a centroid, never falls outside), or
 * the point itself. Features without geometry (towns the data set has no outline for, estates
 * nobody has placed yet) get no label.
 */
export function labelPoints<F extends Feature<Placed | null>>(features: F[], text: (f: F) => string, priority: (f: F) => number = () => 0): Label[] {
  const out: Label[] = [];
  for (const f of features) {
    if (!hasGeometry(f)) continue;
    const p = pointOnFeature(f).geometry.coordinates;
    if (p[0] === undefined || p[1] === undefined) continue;
    const label: Label = { position: [p[0], p[1]], text: text(f), priority: priority(f), id: typeof f.id === 'number' ? f.id : undefined };
    // A point is drawn as a ring (provisional placement): its name goes above it, not over it.
    if (f.geometry?.type === 'Point') label.offset = [0, -18];
    out.push(label);
  }
  return out;
}

/** The feature's extent, or null when it has no geometry to frame. */
export function featureBbox(f: Feature<Geometry | null>): Bbox | null {
  return hasGeometry(f) ? (turfBbox(f) as Bbox) : null;
}

/** The union of extents (nulls skipped), or null when there is none. */
export function unionBbox(boxes: (Bbox | null | undefined)[]): Bbox | null {
  const real = boxes.filter((b): b is Bbox => !!b && b.every(Number.isFinite));
  if (real.length === 0) return null;
  return real.reduce<Bbox>((u, b) => [Math.min(u[0], b[0]), Math.min(u[1], b[1]), Math.max(u[2], b[2]), Math.max(u[3], b[3])], [Infinity, Infinity, -Infinity, -Infinity]);
}

export function bboxIntersects(a: Bbox, b: Bbox): boolean {
  return a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1];
}

/** True when a feature has a geometry with at least one coordinate (the API may send null). */
export function hasGeometry<G extends Geometry, F extends Feature<G | null>>(f: F): f is F & Feature<G> {
  const g = f.geometry as Geometry | null;
  if (!g || !('coordinates' in g) || !Array.isArray(g.coordinates)) return false;
  return g.coordinates.flat(3).filter((v) => Number.isFinite(v)).length >= 2;
}
