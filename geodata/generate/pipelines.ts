/**
 * Planned pipeline works (管线) of the utility operators, in the plan year.
 *
 * Along roads: some roads get a "dig once" conflict on purpose, two or three utilities working the
 * same stretch within 3 m of each other and starting within 60 days (the product later flags pairs
 * within 3 m and 90 days); other roads get works on opposite sides of the road, or none. Inside
 * estates: short service lines that come from the far side of the front road, cross the works along
 * it, and run along the fence margin where no building stands.
 */
import type { GenPipelineWork, Utility } from './types.ts';
import { apply, dist, toLonLat, type LocalFrame, type XY } from './geom.ts';
import type { PlacedStreet } from './district.ts';
import type { RoadDraft } from './roads.ts';
import { isoDate } from './roads.ts';
import { MARGIN } from './buildings.ts';
import { Rng } from './random.ts';

export interface PipelineContext {
  districtCode: string;
  districtName: string;
  frame: LocalFrame;
  planYear: number;
  /** Last day of the reporting period: works before it are completed, across it in progress. */
  asOf: string;
  seed: number;
}

/** Heating networks are a northern thing; of the demo places only Wuhai (乌海, 1503xx) has them. */
export function utilitiesFor(districtCode: string): Utility[] {
  const base: Utility[] = ['water', 'drainage', 'power', 'telecom', 'cable_tv', 'gas'];
  return districtCode.startsWith('1503') ? [...base, 'heating'] : base;
}

export function ownerFor(utility: Utility, districtCode: string, districtName: string, rng: Rng): string {
  const place = districtName.replace(/(自治县|自治旗|区|县|市|旗)$/, '') || districtName;
  const county = /县$/.test(districtName);
  switch (utility) {
    case 'water':
      return county ? `${districtName}水投公司` : `${districtName}自来水公司`;
    case 'drainage':
      return `${districtName}排水公司`;
    case 'power':
      return `${districtName}供电公司`;
    case 'telecom':
      return `${rng.pick(['中国电信', '中国移动', '中国联通'])}${place}分公司`;
    case 'cable_tv':
      return `${districtName}广电网络公司`;
    case 'gas':
      // Nankang's plan names its gas operator 区深燃公司 (a Shenzhen Gas subsidiary).
      return districtCode === '360703' ? `${districtName}深燃公司` : `${districtName}燃气公司`;
    case 'heating':
      return `${districtName}热力公司`;
  }
}

export function districtPipelines(ctx: PipelineContext, roads: RoadDraft[], streets: PlacedStreet[]): GenPipelineWork[] {
  const utilities = utilitiesFor(ctx.districtCode);
  const out: GenPipelineWork[] = [];
  const work = (utility: Utility, rng: Rng, estateId: number | null, points: XY[], start: Date, days: number) => {
    // Windows stay inside the year they start in (the plan year).
    const yearEnd = new Date(Date.UTC(start.getUTCFullYear(), 11, 31));
    const end = new Date(Math.min(start.getTime() + days * 86400000, yearEnd.getTime()));
    const startDate = fmt(start);
    const endDate = fmt(end);
    out.push({
      utility,
      owner: ownerFor(utility, ctx.districtCode, ctx.districtName, rng),
      districtCode: ctx.districtCode,
      estateId,
      startDate,
      endDate,
      status: endDate < ctx.asOf ? 'completed' : startDate <= ctx.asOf ? 'in_progress' : 'planned',
      geometry: { type: 'LineString', coordinates: points.map((p) => toLonLat(ctx.frame, p)) },
    });
  };
  const dayOfYear = (d: number) => new Date(Date.UTC(ctx.planYear, 0, 1 + d));

  roads.forEach((road, i) => {
    const rng = new Rng(ctx.seed, `works:${ctx.districtCode}:${i}`);
    const [a, b] = longestSegment(road.points);
    const len = dist(a, b);
    if (len < 40) return;
    const ux = (b[0] - a[0]) / len;
    const uy = (b[1] - a[1]) / len;
    // Point at distance s along the segment, shifted `off` metres to its left.
    const at = (s: number, off: number): XY => [a[0] + ux * s - uy * off, a[1] + uy * s + ux * off];
    const stretch = Math.min(len, rng.range(60, 250));
    const s0 = rng.range(0, len - stretch);
    const roll = rng.float();
    if (roll < 0.35) {
      const picked = rng.shuffle(utilities).slice(0, rng.int(2, 3));
      const off = rng.range(-4, 4);
      const base = rng.int(0, 240);
      for (const u of picked) {
        const from = s0 + rng.range(0, 10);
        const to = s0 + stretch - rng.range(0, 10);
        const o = off + rng.range(-1.4, 1.4);
        work(u, rng, null, [at(from, o), at(to, o)], dayOfYear(base + rng.int(0, 60)), rng.int(30, 120));
      }
    } else if (roll < 0.75) {
      const picked = rng.shuffle(utilities).slice(0, rng.int(1, 2));
      const side = rng.chance(0.5) ? 1 : -1;
      picked.forEach((u, k) => {
        const o = (k === 0 ? 6 : -6) * side;
        work(u, rng, null, [at(s0, o), at(s0 + stretch, o)], dayOfYear(rng.int(0, 270)), rng.int(30, 120));
      });
    }
  });

  const slots = streets
    .flatMap((s) => s.layout.slots.map((slot) => ({ s, slot })))
    .filter((x) => x.slot.plan != null)
    .sort((p, q) => (p.slot.plan?.estate.id ?? 0) - (q.slot.plan?.estate.id ?? 0));
  for (const { s, slot } of slots) {
    const plan = slot.plan;
    if (!plan) continue;
    const rng = new Rng(ctx.seed, `service:${plan.estate.id}`);
    const g = s.layout.roadWidth;
    const { x, y, width, height } = slot;
    const inner = MARGIN / 2;
    const farSide = y - g + 1;
    const lines: XY[][] = [
      [
        [x + inner, farSide],
        [x + inner, y + inner],
        [x + width - inner, y + inner],
      ],
    ];
    if (rng.chance(0.6))
      lines.push([
        [x + width - inner, farSide],
        [x + width - inner, y + height / 2],
      ]);
    const usable: Utility[] = ['water', 'drainage', 'power', 'telecom', 'gas'];
    for (const pts of lines) {
      const u = rng.pick(usable);
      const start = new Date(Date.UTC(plan.estate.planYear, rng.int(2, 8), rng.int(1, 28)));
      work(u, rng, plan.estate.id, pts.map((p) => apply(s.transform, p)), start, rng.int(30, 90));
    }
  }
  return out;
}

function longestSegment(points: XY[]): [XY, XY] {
  let best: [XY, XY] = [points[0] as XY, points[1] as XY];
  for (let i = 1; i + 1 < points.length; i++) {
    const seg: [XY, XY] = [points[i] as XY, points[i + 1] as XY];
    if (dist(seg[0], seg[1]) > dist(best[0], best[1])) best = seg;
  }
  return best;
}

function fmt(d: Date): string {
  return isoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}
