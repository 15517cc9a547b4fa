import type { Programme, RegionCollection } from './api.ts';
import { featureBbox, unionBbox, type Bbox } from '../map/geometry.ts';

/** Where a programme's frame comes from, best first. */
export type ExtentSource = 'estates' | 'district' | 'province' | 'country';
export interface ProgrammeExtent {
  bbox: Bbox;
  source: ExtentSource;
}

/** The smallest span framed, in degrees (about 1 km): one placed point must not zoom to a doorstep. */
export const MIN_SPAN_DEG = 0.01;

/**
 * What to frame for a programme, from what is known: its placed estates (the server's `frame` when
 * it comes from them, else its `bbox`), else the outlines of its districts, else the server's
 * province or country frame; null when nothing is known (the caller shows all of China). Works
 * with servers that send `frame` and with those that send only a nullable `bbox`.
 */
export function programmeExtent(p: Programme, districts: RegionCollection | null): ProgrammeExtent | null {
  const placed = p.frame?.source === 'estates' ? p.frame.bbox : p.bbox;
  if (placed && isBbox(placed)) return { bbox: atLeast(placed), source: 'estates' };
  const codes = new Set(p.districtCodes.length > 0 ? p.districtCodes : p.regionCode ? [p.regionCode] : []);
  const outlines = unionBbox((districts?.features ?? []).filter((f) => codes.has(f.properties.code)).map((f) => featureBbox(f)));
  if (outlines) return { bbox: atLeast(outlines), source: 'district' };
  if (p.frame && isBbox(p.frame.bbox)) return { bbox: p.frame.bbox, source: p.frame.source };
  return null;
}

/** The union of the programmes' extents for the overview (China-wide frames left out), or null. */
export function programmesBbox(programmes: Programme[], districts: RegionCollection | null): Bbox | null {
  return unionBbox(programmes.map((p) => programmeExtent(p, districts)).map((e) => (e && e.source !== 'country' ? e.bbox : null)));
}

function isBbox(b: unknown): b is Bbox {
  return Array.isArray(b) && b.length === 4 && b.every((v) => typeof v === 'number' && Number.isFinite(v));
}

/** Grows a box to at least MIN_SPAN_DEG each way around its centre. */
function atLeast([w, s, e, n]: Bbox): Bbox {
  const grow = (lo: number, hi: number): [number, number] => {
    if (hi - lo >= MIN_SPAN_DEG) return [lo, hi];
    const mid = (lo + hi) / 2;
    return [mid - MIN_SPAN_DEG / 2, mid + MIN_SPAN_DEG / 2];
  };
  const [w2, e2] = grow(w, e);
  const [s2, n2] = grow(s, n);
  return [w2, s2, e2, n2];
}
