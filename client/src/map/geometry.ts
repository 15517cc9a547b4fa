import { bbox as turfBbox, pointOnFeature } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { Label } from './layers.ts';

export type Bbox = [number, number, number, number];

/**
 * A label anchor inside each polygon (pointOnFeature, unlike a centroid, never falls outside).
 * Features without geometry (e.g. towns the data set has no outline for) get no label.
 */
export function labelPoints<F extends Feature<Polygon | MultiPolygon | null>>(
  features: F[],
  text: (f: F) => string,
  priority: (f: F) => number = () => 0,
): Label[] {
  const out: Label[] = [];
  for (const f of features) {
    if (!hasGeometry(f)) continue;
    const p = pointOnFeature(f).geometry.coordinates;
    if (p[0] !== undefined && p[1] !== undefined) out.push({ position: [p[0], p[1]], text: text(f), priority: priority(f), id: typeof f.id === 'number' ? f.id : undefined });
  }
  return out;
}

export function featureBbox(f: Feature): Bbox {
  return turfBbox(f) as Bbox;
}

export function bboxIntersects(a: Bbox, b: Bbox): boolean {
  return a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1];
}

/** True when a feature has a geometry with at least one coordinate (the API may send null). */
export function hasGeometry<F extends Feature<Polygon | MultiPolygon | null>>(f: F): f is F & Feature<Polygon | MultiPolygon> {
  const g = f.geometry;
  return !!g && Array.isArray(g.coordinates) && g.coordinates.length > 0 && g.coordinates.flat(3).length > 0;
}
