/**
 * One estate in isolation: how big its red line is and where its buildings stand, in estate-local
 * metres (origin at the south-west corner of the parcel, the front edge facing the road to the south).
 *
 * Old estates (built 1980s–2000s) are walk-up slabs of 4–7 floors in rows facing south, with sunlight
 * spacing between rows and fire lanes between buildings. The site is sized from the floor area at a
 * building coverage of about 0.3 and only grows when the slabs, lanes and spacing need more room.
 */
import type { GenEstate } from './types.ts';
import { rect, signedArea, type XY } from './geom.ts';
import { Rng } from './random.ts';

/** Share of the site covered by buildings in old walk-up estates. */
export const COVERAGE = 0.3;
const M2_PER_HOUSEHOLD = 80;
const M2_PER_BUILDING = 2500;
const DEFAULT_FLOOR_AREA = 6000;
const HOUSEHOLDS_PER_BUILDING = 24;
/** Keeps buildings clear of the red line: room for a fence, a footpath and service pipes. */
export const MARGIN = 4;
const MIN_SLAB = 10;
const MAX_SLAB = 80;

export interface PlannedBuilding {
  number: number;
  floors: number;
  households: number | null;
  /** x0, y0, x1, y1 in estate-local metres. */
  box: [number, number, number, number];
}

export interface EstatePlan {
  estate: GenEstate;
  width: number;
  height: number;
  /** Red line, counter-clockwise, estate-local; inside [0,width]×[0,height] with a straight front edge on y = 0. */
  ring: XY[];
  buildings: PlannedBuilding[];
  floorArea: number;
  /** floorArea / (mean floors × COVERAGE): the site area the figures imply. */
  targetSiteArea: number;
}

export function effectiveFigures(e: GenEstate): { floorArea: number; buildingCount: number } {
  const households = e.households != null && e.households > 0 ? e.households : null;
  const buildingCount =
    e.buildingCount != null && e.buildingCount >= 0
      ? e.buildingCount
      : households != null
        ? Math.max(1, Math.round(households / HOUSEHOLDS_PER_BUILDING))
        : e.floorAreaM2 != null && e.floorAreaM2 > 0
          ? Math.max(1, Math.round(e.floorAreaM2 / M2_PER_BUILDING))
          : 1;
  const floorArea =
    e.floorAreaM2 != null && e.floorAreaM2 > 0
      ? e.floorAreaM2
      : households != null
        ? households * M2_PER_HOUSEHOLD
        : e.buildingCount != null && e.buildingCount > 0
          ? e.buildingCount * M2_PER_BUILDING
          : DEFAULT_FLOOR_AREA;
  return { floorArea, buildingCount };
}

/** Largest-remainder apportionment: integers proportional to weights that sum exactly to total. */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (weights.length === 0) return [];
  const quotas = weights.map((w) => (sum > 0 ? (total * w) / sum : total / weights.length));
  const out = quotas.map(Math.floor);
  let left = total - out.reduce((s, v) => s + v, 0);
  // Ties go to the lower index so the split is deterministic.
  const order = quotas.map((q, i) => [q - Math.floor(q), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) {
    const i = (order[k] as readonly [number, number])[1];
    out[i] = (out[i] as number) + 1;
  }
  return out;
}

export function planEstate(e: GenEstate, seed: number): EstatePlan {
  const rng = new Rng(seed, `estate:${e.id}`);
  const { floorArea, buildingCount: n } = effectiveFigures(e);
  const baseFloors: number = rng.weighted<number>([
    [4, 0.2],
    [5, 0.35],
    [6, 0.3],
    [7, 0.15],
  ] as const);
  const depth = Math.round(rng.range(10, 14) * 2) / 2;
  const perBuilding = n > 0 ? floorArea / n : 0;

  const floors: number[] = [];
  const lengths: number[] = [];
  for (let i = 0; i < n; i++) {
    let f = baseFloors;
    if (rng.chance(0.15)) f += rng.chance(0.5) ? 1 : -1;
    let len = perBuilding / f / depth;
    if (len > MAX_SLAB) {
      // A single building carrying a big floor area is a tower, not an 800 m slab.
      f = Math.min(33, Math.ceil(perBuilding / (depth * MAX_SLAB)));
      len = perBuilding / f / depth;
    } else if (len < MIN_SLAB && f > 3) {
      // Tiny buildings (e.g. 400 m² in one building) are low rather than stubby.
      f = Math.max(3, Math.floor(perBuilding / (depth * MIN_SLAB)));
      len = perBuilding / f / depth;
    }
    floors.push(f);
    lengths.push(Math.round(Math.min(MAX_SLAB, Math.max(MIN_SLAB, len)) * 2) / 2);
  }
  const meanFloors = n > 0 ? floors.reduce((s, f) => s + f, 0) / n : baseFloors;
  const targetSiteArea = floorArea / (meanFloors * COVERAGE);

  // Fire lanes between slabs of a row; sunlight spacing of roughly one building height between rows.
  const gapX = rng.range(6, 10);
  const gapY = Math.min(24, Math.max(10, baseFloors * 3 * rng.range(0.8, 1.1)));
  const maxLen = lengths.reduce((m, l) => Math.max(m, l), MIN_SLAB);
  const aspect = rng.range(0.8, 1.5);
  let cols = n > 0 ? Math.round(Math.sqrt((n * aspect * (depth + gapY)) / (maxLen + gapX))) : 1;
  cols = Math.min(Math.max(cols, 1), Math.max(n, 1));
  const rows = n > 0 ? Math.ceil(n / cols) : 1;
  cols = n > 0 ? Math.ceil(n / rows) : 1;

  // Irregular back edge (tilted or one corner cut): buildings keep clear of it by construction.
  const shape = rng.weighted([
    ['rect', 0.5],
    ['tilt', 0.3],
    ['chamfer', 0.2],
  ] as const);
  const mirrored = rng.chance(0.5);
  const cut = shape === 'rect' ? 0 : rng.range(3, shape === 'tilt' ? 9 : 12);

  const minW = cols * maxLen + (cols - 1) * gapX + 2 * MARGIN;
  const minH = (n > 0 ? rows * depth + (rows - 1) * gapY : 10) + 2 * MARGIN + cut;
  const scale = Math.max(1, Math.sqrt(targetSiteArea / (minW * minH)));
  const width = minW * scale;
  let height = minH * scale;
  const cutArea = shape === 'tilt' ? (width * cut) / 2 : shape === 'chamfer' ? (cut * cut) / 2 : 0;
  if (width * height - cutArea < targetSiteArea) height = (targetSiteArea + cutArea) / width;

  const ring = shapeRing(shape, mirrored, width, height, cut);

  // Buildings centred in a grid of equal cells over the usable area: the cells are at least one slab
  // plus part of a lane wide, so neighbours never touch and all stay MARGIN inside the red line.
  const cellW = (width - 2 * MARGIN) / cols;
  const cellH = (height - 2 * MARGIN - cut) / rows;
  const buildings: PlannedBuilding[] = [];
  for (let i = 0; i < n; i++) {
    const row = Math.floor(i / cols);
    const col = i % cols;
    const cx = MARGIN + (col + 0.5) * cellW;
    const cy = MARGIN + (row + 0.5) * cellH;
    const len = lengths[i] as number;
    buildings.push({
      number: i + 1,
      floors: floors[i] as number,
      households: null,
      box: [cx - len / 2, cy - depth / 2, cx + len / 2, cy + depth / 2],
    });
  }
  if (e.households != null && n > 0) {
    const split = apportion(
      e.households,
      buildings.map((b, i) => b.floors * (lengths[i] as number)),
    );
    buildings.forEach((b, i) => (b.households = split[i] as number));
  }
  return { estate: e, width, height, ring, buildings, floorArea, targetSiteArea };
}

function shapeRing(shape: 'rect' | 'tilt' | 'chamfer', mirrored: boolean, w: number, h: number, cut: number): XY[] {
  let ring: XY[];
  if (shape === 'rect') ring = rect(0, 0, w, h);
  else if (shape === 'tilt')
    ring = [
      [0, 0],
      [w, 0],
      [w, h],
      [0, h - cut],
    ];
  else
    ring = [
      [0, 0],
      [w, 0],
      [w, h - cut],
      [w - cut, h],
      [0, h],
    ];
  if (!mirrored) return ring;
  // Mirror left-right, then reverse to stay counter-clockwise.
  const m = ring.map(([x, y]) => [w - x, y] as XY).reverse();
  return signedArea(m) > 0 ? m : m.reverse();
}

export function ringArea(ring: readonly XY[]): number {
  return Math.abs(signedArea(ring));
}
