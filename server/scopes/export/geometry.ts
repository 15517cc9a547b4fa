/**
 * Serialising geometries that the database already computed: rounding to the file's precision
 * (after the GCJ-02 offset, when asked for), and writing WKT (CSV) and WKB (GeoPackage). No
 * spatial computation happens here.
 */
import type { Geometry, LineString, MultiLineString, MultiPolygon, Point, Polygon, Position } from 'geojson';

export type Written = Point | LineString | MultiLineString | Polygon | MultiPolygon;

/**
 * Rounds every position (`map` first, e.g. the GCJ-02 offset) and removes what rounding can
 * break: consecutive repeated positions, rings left with fewer than 4 positions, lines with fewer
 * than 2. A ring stays closed because its first and last positions are equal before and after.
 * Returns null when nothing is left.
 */
export function roundGeometry(g: Geometry | null, decimals: number, map: (p: Position) => Position = (p) => p): Written | null {
  if (!g) return null;
  const f = 10 ** decimals;
  const pos = (p: Position): Position => map([p[0]!, p[1]!]).map((v) => Math.round(v * f) / f);
  const path = (ps: Position[]): Position[] => {
    const out: Position[] = [];
    for (const p of ps.map(pos)) {
      const last = out[out.length - 1];
      if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
    }
    return out;
  };
  const polygon = (rings: Position[][]): Position[][] | null => {
    const kept = rings.map(path);
    // An exterior ring that collapsed takes its holes with it; a collapsed hole just goes.
    return kept.length && kept[0]!.length >= 4 ? kept.filter((r) => r.length >= 4) : null;
  };
  switch (g.type) {
    case 'Point':
      return { type: 'Point', coordinates: pos(g.coordinates) };
    case 'LineString': {
      const c = path(g.coordinates);
      return c.length >= 2 ? { type: 'LineString', coordinates: c } : null;
    }
    case 'MultiLineString': {
      const c = g.coordinates.map(path).filter((l) => l.length >= 2);
      return c.length ? { type: 'MultiLineString', coordinates: c } : null;
    }
    case 'Polygon': {
      const c = polygon(g.coordinates);
      return c ? { type: 'Polygon', coordinates: c } : null;
    }
    case 'MultiPolygon': {
      const c = g.coordinates.map(polygon).filter((p): p is Position[][] => p !== null);
      return c.length ? { type: 'MultiPolygon', coordinates: c } : null;
    }
    default:
      throw new Error(`unexpected geometry type ${g.type}`);
  }
}

const n = (v: number) => String(v);
const wktPath = (ps: Position[]) => `(${ps.map((p) => `${n(p[0]!)} ${n(p[1]!)}`).join(', ')})`;
const wktPolygon = (rings: Position[][]) => `(${rings.map(wktPath).join(', ')})`;

export function toWkt(g: Written): string {
  switch (g.type) {
    case 'Point':
      return `POINT (${n(g.coordinates[0]!)} ${n(g.coordinates[1]!)})`;
    case 'LineString':
      return `LINESTRING ${wktPath(g.coordinates)}`;
    case 'MultiLineString':
      return `MULTILINESTRING (${g.coordinates.map(wktPath).join(', ')})`;
    case 'Polygon':
      return `POLYGON ${wktPolygon(g.coordinates)}`;
    case 'MultiPolygon':
      return `MULTIPOLYGON (${g.coordinates.map(wktPolygon).join(', ')})`;
  }
}

const WKB_TYPE = { Point: 1, LineString: 2, Polygon: 3, MultiLineString: 5, MultiPolygon: 6 } as const;

/** ISO WKB, little-endian, 2D: sized first, then written into one buffer (no per-number arrays). */
export function toWkb(g: Written): Uint8Array {
  const ringsBytes = (rs: Position[][]) => 4 + rs.reduce((n, r) => n + 4 + 16 * r.length, 0);
  const size =
    5 +
    (g.type === 'Point'
      ? 16
      : g.type === 'LineString'
        ? 4 + 16 * g.coordinates.length
        : g.type === 'Polygon'
          ? ringsBytes(g.coordinates)
          : g.type === 'MultiLineString'
            ? 4 + g.coordinates.reduce((n, l) => n + 5 + 4 + 16 * l.length, 0)
            : 4 + g.coordinates.reduce((n, p) => n + 5 + ringsBytes(p), 0));
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  let at = 0;
  const header = (type: number) => {
    v.setUint8(at, 1);
    v.setUint32(at + 1, type, true);
    at += 5;
  };
  const u32 = (n: number) => {
    v.setUint32(at, n, true);
    at += 4;
  };
  const point = (p: Position) => {
    v.setFloat64(at, p[0]!, true);
    v.setFloat64(at + 8, p[1]!, true);
    at += 16;
  };
  const points = (ps: Position[]) => {
    u32(ps.length);
    ps.forEach(point);
  };
  const rings = (rs: Position[][]) => {
    u32(rs.length);
    rs.forEach(points);
  };
  header(WKB_TYPE[g.type]);
  switch (g.type) {
    case 'Point':
      point(g.coordinates);
      break;
    case 'LineString':
      points(g.coordinates);
      break;
    case 'Polygon':
      rings(g.coordinates);
      break;
    case 'MultiLineString':
      u32(g.coordinates.length);
      for (const l of g.coordinates) {
        header(WKB_TYPE.LineString);
        points(l);
      }
      break;
    case 'MultiPolygon':
      u32(g.coordinates.length);
      for (const p of g.coordinates) {
        header(WKB_TYPE.Polygon);
        rings(p);
      }
      break;
  }
  return out;
}

/** [minX, minY, maxX, maxY] of a geometry's positions. */
export function envelope(g: Written): [number, number, number, number] {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const visit = (c: unknown): void => {
    if (typeof (c as number[])[0] === 'number') {
      const [x, y] = c as number[];
      minX = Math.min(minX, x!); maxX = Math.max(maxX, x!);
      minY = Math.min(minY, y!); maxY = Math.max(maxY, y!);
    } else (c as unknown[]).forEach(visit);
  };
  visit(g.coordinates);
  return [minX, minY, maxX, maxY];
}

/** The envelope of several geometries (nulls skipped); null when there is none. */
export function envelopeOf(geometries: (Written | null)[]): [number, number, number, number] | null {
  let box: [number, number, number, number] | null = null;
  for (const g of geometries) {
    if (!g) continue;
    const e = envelope(g);
    box = box ? [Math.min(box[0], e[0]), Math.min(box[1], e[1]), Math.max(box[2], e[2]), Math.max(box[3], e[3])] : e;
  }
  return box;
}
