/**
 * Street layout: the estates of one street, in a street-local frame, laid out like text.
 *
 * A block (the estates of one project in this street, or a lone estate) is a "word": its estates sit
 * side by side with narrow lanes between them, so a project is one contiguous strip of parcels, as
 * in reality. Blocks are placed left to right in rows separated by roads of one width (15–30 m);
 * rows stack northwards. Every estate's front (south) edge faces a road, which is where its service
 * pipes come from.
 *
 * Communities follow the reading order: blocks are sorted so each community's estates form a run,
 * and a community's outline is the "text selection" of its run, extended to the road centre lines.
 * Those cells partition the layout, so community outlines never overlap and always contain their
 * estates, even when a project straddles two communities (Nankang's 金田花园及周边 project).
 */
import type { GenEstate } from './types.ts';
import { cleanRing, rect, type XY } from './geom.ts';
import { planEstate, type EstatePlan } from './buildings.ts';
import { Rng } from './random.ts';

export const NO_COMMUNITY = '';

export interface Slot {
  /** null for a placeholder parcel that only gives an estate-less community some ground. */
  plan: EstatePlan | null;
  community: string;
  width: number;
  height: number;
  /** South-west corner of the parcel's bounding box, street frame. */
  x: number;
  y: number;
  row: number;
}

export interface LocalRoad {
  kind: 'arterial' | 'secondary' | 'branch';
  /** 'row' and 'side' roads ring and cross the layout; 'branch' roads run between blocks of a row. */
  role: 'row' | 'side' | 'branch';
  points: XY[];
  /** Within-street ordinal used for naming. */
  ordinal: number;
}

export interface StreetLayout {
  streetCode: string;
  roadWidth: number;
  /** Extent of the parcels: [0,width]×[0,height]; roads run on the ring half a road width outside. */
  width: number;
  height: number;
  slots: Slot[];
  rows: { y0: number; top: number }[];
  roads: LocalRoad[];
  /** Community key → rings (street frame); several when the community's estates are not one run. */
  communityRings: Map<string, XY[][]>;
  /** Radius of a disc around the layout centre that holds everything including the ring roads. */
  radius: number;
}

interface Block {
  slots: Slot[];
  lane: number;
  width: number;
  height: number;
  primary: number;
  cross: boolean;
  minId: number;
}

export interface StreetInput {
  streetCode: string;
  estates: GenEstate[];
  /** Community regions of this street; those without estates get a placeholder parcel. */
  communityCodes: string[];
}

export function layoutStreet(input: StreetInput, seed: number): StreetLayout {
  const rng = new Rng(seed, `street:${input.streetCode}`);
  // Roads between blocks are wider than the default contiguity gap of a demonstration zone (30 m,
  // see server/zones): a project's estates (lanes of 3–8 m) form one zone, neighbouring projects
  // across a road do not, so the suggested zones of a plan are its projects.
  const road = rng.pick([36, 40, 44, 50]);

  const withEstates = new Set(input.estates.map((e) => e.communityCode ?? NO_COMMUNITY));
  const communityKeys = [...new Set([...withEstates, ...input.communityCodes])].sort(byCommunity);

  // Group estates into blocks: one per project in this street, lone estates on their own.
  const groups = new Map<string, GenEstate[]>();
  for (const e of input.estates) {
    const key = e.projectKey != null ? `p:${e.projectKey}` : `e:${e.id}`;
    const list = groups.get(key);
    if (list) list.push(e);
    else groups.set(key, [e]);
  }

  const order = communityOrder(communityKeys, [...groups.values()]);
  const rank = (c: string) => order.get(c) ?? 0;

  const blocks: Block[] = [];
  for (const estates of groups.values()) {
    const sorted = estates.slice().sort((a, b) => rank(key(a)) - rank(key(b)) || a.id - b.id);
    const brng = new Rng(seed, `block:${input.streetCode}:${sorted[0]?.id}`);
    const lane = brng.range(3, 8);
    const slots = sorted.map((e) => {
      const plan = planEstate(e, seed);
      return slotOf(plan, key(e), plan.width, plan.height);
    });
    blocks.push(makeBlock(slots, lane, rank));
  }
  for (const c of communityKeys) {
    if (withEstates.has(c)) continue;
    // Ground for a community with no estate in this plan: a plain parcel, not an estate.
    const prng = new Rng(seed, `placeholder:${c}`);
    blocks.push(makeBlock([slotOf(null, c, prng.range(100, 180), prng.range(80, 160))], 0, rank));
  }
  blocks.sort(
    (a, b) =>
      a.primary - b.primary ||
      Number(a.cross) - Number(b.cross) ||
      b.height - a.height ||
      a.minId - b.minId,
  );

  // Row width: roughly square overall, never narrower than the widest block.
  const area = blocks.reduce((s, b) => s + (b.width + road) * (b.height + road), 0);
  const widest = blocks.reduce((m, b) => Math.max(m, b.width), 0);
  const limit = Math.max(widest, Math.sqrt(area) * rng.range(1.0, 1.4));

  const rows: { y0: number; top: number }[] = [];
  const rowBlocks: Block[][] = [];
  let cursor = 0;
  let y0 = 0;
  let rowHeight = 0;
  let width = 0;
  blocks.forEach((b) => {
    if (rowBlocks.length === 0 || (cursor > 0 && cursor + b.width > limit)) {
      if (rowBlocks.length > 0) {
        rows.push({ y0, top: y0 + rowHeight });
        y0 += rowHeight + road;
      }
      rowBlocks.push([]);
      cursor = 0;
      rowHeight = 0;
    }
    const r = rowBlocks.length - 1;
    (rowBlocks[r] as Block[]).push(b);
    let x = cursor;
    for (const s of b.slots) {
      s.x = x;
      s.y = y0;
      s.row = r;
      x += s.width + b.lane;
    }
    cursor += b.width;
    width = Math.max(width, cursor);
    cursor += road;
    rowHeight = Math.max(rowHeight, b.height);
  });
  if (rowBlocks.length > 0) rows.push({ y0, top: y0 + rowHeight });
  const height = rows.length > 0 ? (rows[rows.length - 1] as { top: number }).top : 0;
  const slots = blocks.flatMap((b) => b.slots);

  const half = road / 2;
  const xMin = -half;
  const xMax = width + half;
  const bandLo = (r: number) => (rows[r] as { y0: number }).y0 - half;
  const bandHi = (r: number) => (rows[r] as { top: number }).top + half;

  // Roads: a ring around the layout, one between each pair of rows, and short branches between the
  // blocks of a row. All run along the middle of the gaps, so none crosses a parcel.
  const roads: LocalRoad[] = [];
  if (rows.length > 0) {
    let ordinal = 0;
    roads.push({ kind: 'secondary', role: 'row', ordinal: ++ordinal, points: [[xMin, bandLo(0)], [xMax, bandLo(0)]] });
    rows.forEach((_, r) => {
      roads.push({ kind: 'secondary', role: 'row', ordinal: ++ordinal, points: [[xMin, bandHi(r)], [xMax, bandHi(r)]] });
    });
    let vertical = 0;
    roads.push({ kind: 'secondary', role: 'side', ordinal: ++vertical, points: [[xMin, bandLo(0)], [xMin, bandHi(rows.length - 1)]] });
    roads.push({ kind: 'secondary', role: 'side', ordinal: ++vertical, points: [[xMax, bandLo(0)], [xMax, bandHi(rows.length - 1)]] });
    rowBlocks.forEach((bs, r) => {
      for (let i = 0; i + 1 < bs.length; i++) {
        const left = bs[i] as Block;
        const right = bs[i + 1] as Block;
        const leftEnd = (left.slots[0] as Slot).x + left.width;
        const x = (leftEnd + (right.slots[0] as Slot).x) / 2;
        roads.push({ kind: 'branch', role: 'branch', ordinal: ++vertical, points: [[x, bandLo(r)], [x, bandHi(r)]] });
      }
    });
  }

  // Community cells: each slot owns its row band from the middle of the gap on its left to the
  // middle of the gap on its right (the layout edge for the first and last slot of a row).
  const cellX0: number[] = [];
  const cellX1: number[] = [];
  slots.forEach((s, i) => {
    const prev = slots[i - 1];
    const next = slots[i + 1];
    cellX0.push(prev && prev.row === s.row ? (prev.x + prev.width + s.x) / 2 : xMin);
    cellX1.push(next && next.row === s.row ? (s.x + s.width + next.x) / 2 : xMax);
  });
  const communityRings = new Map<string, XY[][]>();
  for (let i = 0; i < slots.length; ) {
    const c = (slots[i] as Slot).community;
    let j = i;
    while (j + 1 < slots.length && (slots[j + 1] as Slot).community === c) j++;
    const rings = runRings((slots[i] as Slot).row, cellX0[i] as number, (slots[j] as Slot).row, cellX1[j] as number, {
      xMin,
      xMax,
      bandLo,
      bandHi,
    });
    const list = communityRings.get(c);
    if (list) list.push(...rings);
    else communityRings.set(c, rings);
    i = j + 1;
  }

  const radius = rows.length > 0 ? Math.hypot(width + road, height + road) / 2 + 30 : 250;
  return { streetCode: input.streetCode, roadWidth: road, width, height, slots, rows, roads, communityRings, radius };
}

function key(e: GenEstate): string {
  return e.communityCode ?? NO_COMMUNITY;
}

/** Communities by code, estates without a community last. */
function byCommunity(a: string, b: string): number {
  if (a === b) return 0;
  if (a === NO_COMMUNITY) return 1;
  if (b === NO_COMMUNITY) return -1;
  return a < b ? -1 : 1;
}

/**
 * Orders communities so that those sharing a project follow each other: walk from the first
 * community to a linked one whenever possible. A path of linked communities then keeps every
 * community contiguous; anything more tangled still works, with a community in several pieces.
 */
function communityOrder(keys: string[], groups: GenEstate[][]): Map<string, number> {
  const links = new Map<string, Set<string>>();
  for (const g of groups) {
    const cs = [...new Set(g.map(key))];
    for (const a of cs)
      for (const b of cs) {
        if (a === b) continue;
        let s = links.get(a);
        if (!s) links.set(a, (s = new Set()));
        s.add(b);
      }
  }
  const order = new Map<string, number>();
  const remaining = keys.slice();
  let current: string | undefined;
  while (remaining.length > 0) {
    const linked = current ? [...(links.get(current) ?? [])].filter((c) => !order.has(c)).sort(byCommunity) : [];
    const next: string = linked[0] ?? (remaining[0] as string);
    order.set(next, order.size);
    remaining.splice(remaining.indexOf(next), 1);
    current = next;
  }
  return order;
}

function slotOf(plan: EstatePlan | null, community: string, width: number, height: number): Slot {
  return { plan, community, width, height, x: 0, y: 0, row: 0 };
}

function makeBlock(slots: Slot[], lane: number, rank: (c: string) => number): Block {
  const ranks = slots.map((s) => rank(s.community));
  return {
    slots,
    lane,
    width: slots.reduce((s, x) => s + x.width, 0) + lane * (slots.length - 1),
    height: slots.reduce((m, s) => Math.max(m, s.height), 0),
    primary: Math.min(...ranks),
    cross: new Set(ranks).size > 1,
    minId: slots.reduce((m, s) => Math.min(m, s.plan?.estate.id ?? Infinity), Infinity),
  };
}

interface Bands {
  xMin: number;
  xMax: number;
  bandLo: (r: number) => number;
  bandHi: (r: number) => number;
}

/**
 * The outline of a run of cells in reading order, from (row ra, x ≥ xa) to (row rb, x ≤ xb):
 * a rectangle, two rectangles (when the run wraps to the next row without overlapping itself), or
 * one eight-cornered polygon, counter-clockwise.
 */
export function runRings(ra: number, xa: number, rb: number, xb: number, b: Bands): XY[][] {
  if (ra === rb) return [rect(xa, b.bandLo(ra), xb, b.bandHi(ra))];
  if (rb === ra + 1 && xb <= xa) {
    return [rect(xa, b.bandLo(ra), b.xMax, b.bandHi(ra)), rect(b.xMin, b.bandLo(rb), xb, b.bandHi(rb))];
  }
  return [
    cleanRing([
      [xa, b.bandLo(ra)],
      [b.xMax, b.bandLo(ra)],
      [b.xMax, b.bandLo(rb)],
      [xb, b.bandLo(rb)],
      [xb, b.bandHi(rb)],
      [b.xMin, b.bandHi(rb)],
      [b.xMin, b.bandHi(ra)],
      [xa, b.bandHi(ra)],
    ]),
  ];
}
