/**
 * Roads: arterials along the boundaries between street cells, a ring road along the district edge,
 * and each street's own grid (ring, row roads, branches between blocks). Each carries a plausible
 * name and a last-paving date, about a third of them within four years of the plan year so that a
 * "no digging up freshly paved roads" rule has something to find.
 */
import type { GenRoad } from './types.ts';
import { apply, dist, toLonLat, type LocalFrame, type XY } from './geom.ts';
import type { DistrictLayout } from './district.ts';
import { Rng } from './random.ts';

export interface RoadDraft {
  name: string;
  kind: GenRoad['kind'];
  /** District frame, metres. */
  points: XY[];
  /** Street whose grid it belongs to; null for arterials and the district ring. */
  streetCode: string | null;
}

const CN = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
export function cnNumber(n: number): string {
  if (n < 10) return CN[n] as string;
  if (n < 20) return `十${CN[n % 10]}`;
  if (n < 100) return `${CN[Math.floor(n / 10)]}十${CN[n % 10]}`;
  return String(n);
}

/** 蓉江街道 → 蓉江, 唐江镇 → 唐江: the stem a road is named after. */
export function placeStem(name: string): string {
  const stem = name.replace(/(街道办事处|街道办|街道|地区|镇|乡|苏木|社区居委会|居委会|社区|村委会|村)$/, '');
  return stem.length > 0 ? stem : name;
}

export function districtRoads(d: DistrictLayout, streetNames: Map<string, string>): RoadDraft[] {
  const out: RoadDraft[] = [];
  const used = new Set<string>();
  const stemOf = (i: number) => placeStem(streetNames.get((d.streets[i] as { code: string }).code) ?? '');

  // Boundaries between streets: one road per shared edge (owned by the lower index), named after that
  // street and the side of it the edge lies on, e.g. 蓉江东路, 蓉江东二路.
  d.cells.forEach((cell, i) => {
    const site = (d.streets[i] as { site: XY }).site;
    const n = cell.pts.length;
    for (let k = 0; k < n; k++) {
      const label = cell.labels[k] as string;
      if (label === 'D' || Number(label) < i) continue;
      const a = cell.pts[k] as XY;
      const b = cell.pts[(k + 1) % n] as XY;
      if (dist(a, b) < 20) continue;
      const mid: XY = [(a[0] + b[0]) / 2 - site[0], (a[1] + b[1]) / 2 - site[1]];
      // The street's first boundary road carries its plain name (蓉江路), later ones a side (蓉江东路).
      const plain = `${stemOf(i)}路`;
      const name = used.has(plain) ? uniqueName(used, stemOf(i), direction(mid)) : (used.add(plain), plain);
      out.push({ name, kind: 'arterial', points: [a, b], streetCode: null });
    }
  });
  // The district edge: per street one polyline through its consecutive outer edges.
  d.cells.forEach((cell, i) => {
    const n = cell.pts.length;
    const start = cell.labels.findIndex((l, k) => l === 'D' && cell.labels[(k + n - 1) % n] !== 'D');
    const chains: XY[][] = [];
    if (start < 0) {
      if (cell.labels.every((l) => l === 'D')) chains.push([...cell.pts, cell.pts[0] as XY]);
    } else {
      let chain: XY[] | null = null;
      for (let s = 0; s < n; s++) {
        const k = (start + s) % n;
        if (cell.labels[k] === 'D') {
          if (!chain) chains.push((chain = [cell.pts[k] as XY]));
          chain.push(cell.pts[(k + 1) % n] as XY);
        } else chain = null;
      }
    }
    chains.forEach((pts) => {
      const length = pts.slice(1).reduce((s, p, j) => s + dist(pts[j] as XY, p), 0);
      if (length < 50) return;
      out.push({ name: uniqueName(used, stemOf(i), '环城'), kind: 'secondary', points: pts, streetCode: null });
    });
  });
  // Each street's own grid.
  d.streets.forEach((s, i) => {
    const stem = stemOf(i);
    for (const r of s.layout.roads) {
      const name = r.role === 'row' ? `${stem}${cnNumber(r.ordinal)}路` : `${stem}${r.ordinal}号路`;
      used.add(name);
      out.push({ name, kind: r.kind, points: r.points.map((p) => apply(s.transform, p)), streetCode: s.code });
    }
  });
  return out;
}

function direction(v: XY): string {
  const deg = (Math.atan2(v[1], v[0]) * 180) / Math.PI;
  if (deg >= -45 && deg < 45) return '东';
  if (deg >= 45 && deg < 135) return '北';
  if (deg >= -135 && deg < -45) return '南';
  return '西';
}

function uniqueName(used: Set<string>, stem: string, qualifier: string): string {
  for (let k = 1; ; k++) {
    const name = `${stem}${qualifier}${k === 1 ? '' : cnNumber(k)}路`;
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
}

/** Last paving 1–12 years before the plan year; about a third within the last four. */
export function paving(seed: number, key: string, planYear: number): Pick<GenRoad, 'lastPavedOn' | 'pavingKind'> {
  const rng = new Rng(seed, `paving:${key}`);
  const recent = rng.chance(0.35);
  const yearsBack = recent ? rng.int(1, 4) : rng.int(5, 12);
  const month = rng.int(3, 11);
  const day = rng.int(1, 28);
  const pavingKind = rng.weighted([
    ['new', recent ? 0.25 : 0.15],
    ['rebuilt', 0.35],
    ['major_repair', 0.4],
  ] as const);
  return { lastPavedOn: isoDate(planYear - yearsBack, month, day), pavingKind };
}

export function isoDate(y: number, m: number, d: number): string {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function finishRoads(
  drafts: RoadDraft[],
  frame: LocalFrame,
  districtCode: string,
  planYear: number,
  seed: number,
): GenRoad[] {
  return drafts.map((r, i) => ({
    name: r.name,
    districtCode,
    kind: r.kind,
    ...paving(seed, `${districtCode}:${i}`, planYear),
    geometry: { type: 'LineString', coordinates: r.points.map((p) => toLonLat(frame, p)) },
  }));
}
