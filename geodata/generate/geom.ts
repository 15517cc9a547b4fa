/**
 * Planar helpers. All layout happens in local metres around a district centre (an equirectangular
 * projection is accurate to well under 1% over the few kilometres a district spans) and is only
 * converted to WGS84 lon/lat at the very end, rounded to 1e-7° (about 1 cm) so that the JSON is
 * short and byte-identical between runs.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';

export type XY = [number, number];

/** Metres per degree: 111320 m per degree of longitude at the equator, 110540 m per degree of latitude. */
export interface LocalFrame {
  lon0: number;
  lat0: number;
  mPerDegLon: number;
  mPerDegLat: number;
}

export function frameAt(centre: readonly [number, number]): LocalFrame {
  const [lon0, lat0] = centre;
  return { lon0, lat0, mPerDegLon: 111320 * Math.cos((lat0 * Math.PI) / 180), mPerDegLat: 110540 };
}

export function round7(v: number): number {
  const r = Math.round(v * 1e7) / 1e7;
  // Avoid "-0" sneaking in: JSON prints it as 0 anyway, but deep-equal in tests distinguishes it.
  return r === 0 ? 0 : r;
}

export function toLonLat(f: LocalFrame, p: XY): Position {
  return [round7(f.lon0 + p[0] / f.mPerDegLon), round7(f.lat0 + p[1] / f.mPerDegLat)];
}

export function toLocal(f: LocalFrame, p: Position): XY {
  return [((p[0] as number) - f.lon0) * f.mPerDegLon, ((p[1] as number) - f.lat0) * f.mPerDegLat];
}

/** Rotation by `angle` (radians) about the origin followed by a translation. */
export interface Transform {
  cos: number;
  sin: number;
  tx: number;
  ty: number;
}

export function makeTransform(angle: number, tx: number, ty: number): Transform {
  return { cos: Math.cos(angle), sin: Math.sin(angle), tx, ty };
}

export function apply(t: Transform, p: XY): XY {
  return [t.cos * p[0] - t.sin * p[1] + t.tx, t.sin * p[0] + t.cos * p[1] + t.ty];
}

/** Shoelace formula: positive for counter-clockwise rings (y pointing north). */
export function signedArea(ring: readonly XY[]): number {
  let s = 0;
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i] as XY;
    const b = ring[(i + 1) % ring.length] as XY;
    s += a[0] * b[1] - b[0] * a[1];
  }
  return s / 2;
}

export function rect(x0: number, y0: number, x1: number, y1: number): XY[] {
  return [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ];
}

/**
 * Drops repeated and collinear vertices from an open ring. Rectilinear outlines built from row bands
 * produce both when a run starts or ends at the edge of the layout.
 */
export function cleanRing(ring: readonly XY[], eps = 1e-6): XY[] {
  let pts = ring.filter((p, i) => {
    const q = ring[(i + 1) % ring.length] as XY;
    return Math.abs(p[0] - q[0]) > eps || Math.abs(p[1] - q[1]) > eps;
  });
  let changed = true;
  while (changed && pts.length > 3) {
    changed = false;
    for (let i = 0; i < pts.length; i++) {
      const a = pts[(i + pts.length - 1) % pts.length] as XY;
      const b = pts[i] as XY;
      const c = pts[(i + 1) % pts.length] as XY;
      const cross = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]);
      if (Math.abs(cross) < eps) {
        pts = pts.filter((_, j) => j !== i);
        changed = true;
        break;
      }
    }
  }
  return pts;
}

/** Open local ring → closed, counter-clockwise GeoJSON ring in lon/lat (RFC 7946 §3.1.6). */
export function ringToLonLat(f: LocalFrame, ring: readonly XY[]): Position[] {
  const ccw = signedArea(ring) >= 0 ? ring : ring.slice().reverse();
  const out = ccw.map((p) => toLonLat(f, p));
  out.push(out[0] as Position);
  return out;
}

export function polygonToLonLat(f: LocalFrame, ring: readonly XY[]): Polygon {
  return { type: 'Polygon', coordinates: [ringToLonLat(f, ring)] };
}

export function multiPolygonToLonLat(f: LocalFrame, rings: readonly (readonly XY[])[]): MultiPolygon {
  return { type: 'MultiPolygon', coordinates: rings.map((r) => [ringToLonLat(f, r)]) };
}

/**
 * A convex polygon whose edges remember where they came from: label of the edge starting at each
 * vertex. The power diagram uses this to know which neighbour a cell edge faces, so that a shared
 * boundary becomes one road, not two.
 */
export interface LabelledPolygon {
  pts: XY[];
  labels: string[];
}

/**
 * Sutherland–Hodgman clip of a convex polygon by the half-plane a·x + b·y <= c. New edges along the
 * clip line get `label`.
 */
export function clipHalfPlane(poly: LabelledPolygon, a: number, b: number, c: number, label: string): LabelledPolygon {
  const out: LabelledPolygon = { pts: [], labels: [] };
  const n = poly.pts.length;
  for (let i = 0; i < n; i++) {
    const p = poly.pts[i] as XY;
    const q = poly.pts[(i + 1) % n] as XY;
    const lab = poly.labels[i] as string;
    const fp = a * p[0] + b * p[1] - c;
    const fq = a * q[0] + b * q[1] - c;
    const pIn = fp <= 0;
    const qIn = fq <= 0;
    if (pIn) {
      out.pts.push(p);
      out.labels.push(lab);
      if (!qIn) {
        const t = fp / (fp - fq);
        out.pts.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
        out.labels.push(label);
      }
    } else if (qIn) {
      const t = fp / (fp - fq);
      out.pts.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
      out.labels.push(lab);
    }
  }
  return out;
}

/** Andrew's monotone chain; returns the hull counter-clockwise without repeating the first point. */
export function convexHull(points: readonly XY[]): XY[] {
  const pts = points.slice().sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  if (pts.length < 3) return pts;
  const cross = (o: XY, a: XY, b: XY) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: XY[] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2] as XY, lower[lower.length - 1] as XY, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: XY[] = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i] as XY;
    while (upper.length >= 2 && cross(upper[upper.length - 2] as XY, upper[upper.length - 1] as XY, p) <= 0) upper.pop();
    upper.push(p);
  }
  lower.pop();
  upper.pop();
  return lower.concat(upper);
}

export function dist(a: XY, b: XY): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}
