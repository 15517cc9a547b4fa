/**
 * Deterministic synthetic geometry for the demo and benchmark data sets: given the regions and
 * estates (names and figures from the seeds), invent district/street/community outlines, estate red
 * lines, buildings, roads, pipeline works and a monthly progress history near the real places.
 * Same input and seed → byte-identical output. Everything returned is synthetic.
 *
 * Work is done one district at a time (`generateByDistrict`) so that large benchmark sets can be
 * streamed to disk; `generate` collects the districts into one sorted result.
 */
import type {
  GenBuilding,
  GenEstate,
  GenEstateGeometry,
  GenInput,
  GenOutput,
  GenRegion,
  GenReport,
} from './types.ts';
import { apply, frameAt, multiPolygonToLonLat, polygonToLonLat, rect, type XY } from './geom.ts';
import { layoutStreet, type StreetLayout } from './layout.ts';
import { layoutDistrict } from './district.ts';
import { districtRoads, finishRoads, isoDate } from './roads.ts';
import { districtPipelines } from './pipelines.ts';
import { estateReports, parsePeriod } from './reports.ts';
import { districtOutlines } from './outlines.ts';

export type * from './types.ts';

export interface GenDistrictChunk extends GenOutput {
  districtCode: string;
}

export function generate(input: GenInput): GenOutput {
  const out: GenOutput = { outlines: [], estates: [], buildings: [], roads: [], pipelines: [], reports: [] };
  for (const chunk of generateByDistrict(input)) {
    out.outlines.push(...chunk.outlines);
    out.estates.push(...chunk.estates);
    out.buildings.push(...chunk.buildings);
    out.roads.push(...chunk.roads);
    out.pipelines.push(...chunk.pipelines);
    out.reports.push(...chunk.reports);
  }
  // Districts come in code order; estate ids may interleave between districts. Sorts are stable, so
  // ties keep the generation order, which is itself deterministic.
  out.outlines.sort((a, b) => cmp(a.code, b.code));
  out.estates.sort((a, b) => a.estateId - b.estateId);
  out.buildings.sort((a, b) => a.estateId - b.estateId || a.number - b.number);
  out.roads.sort((a, b) => cmp(a.districtCode, b.districtCode));
  out.pipelines.sort((a, b) => cmp(a.districtCode, b.districtCode) || (a.estateId ?? -1) - (b.estateId ?? -1));
  out.reports.sort((a, b) => a.estateId - b.estateId || cmp(a.period, b.period));
  return out;
}

export function* generateByDistrict(input: GenInput): Generator<GenDistrictChunk> {
  parsePeriod(input.reportUntil);
  const regions = new Map<string, GenRegion>();
  for (const r of input.regions) regions.set(r.code, r);
  const realProgress = new Set(input.estatesWithRealProgress);

  const estatesByDistrict = new Map<string, GenEstate[]>();
  const seen = new Set<number>();
  for (const e of input.estates.slice().sort((a, b) => a.id - b.id)) {
    if (seen.has(e.id)) throw new Error(`estate id ${e.id} appears twice`);
    seen.add(e.id);
    const street = regions.get(e.streetCode);
    if (street?.parentCode && street.parentCode !== e.districtCode)
      throw new Error(`estate ${e.id} ${e.name}: street ${e.streetCode} belongs to ${street.parentCode}, not ${e.districtCode}`);
    push(estatesByDistrict, e.districtCode, e);
  }
  const childrenOf = new Map<string, GenRegion[]>();
  for (const r of input.regions) if (r.parentCode) push(childrenOf, r.parentCode, r);

  const districtCodes = new Set<string>(estatesByDistrict.keys());
  for (const r of input.regions) if (r.level === 'district' && r.centre) districtCodes.add(r.code);

  const reportUntilYear = Math.floor(parsePeriod(input.reportUntil) / 12);
  const last = parsePeriod(input.reportUntil) + 1;
  const asOfDate = new Date(Date.UTC(Math.floor(last / 12), last % 12, 0));
  const asOf = isoDate(asOfDate.getUTCFullYear(), asOfDate.getUTCMonth() + 1, asOfDate.getUTCDate());

  const wanted = new Set<string>();
  for (const r of input.regions) if (r.level === 'street' || r.level === 'community') wanted.add(r.code);

  const done: { centre: [number, number]; radius: number; code: string }[] = [];
  for (const code of [...districtCodes].sort(cmp)) {
    const region = regions.get(code);
    if (!region?.centre) throw new Error(`district ${code} has estates but no centre (lon, lat) to place them around`);
    const estates = estatesByDistrict.get(code) ?? [];
    const frame = frameAt(region.centre);

    const streetCodes = new Set<string>(estates.map((e) => e.streetCode));
    for (const r of childrenOf.get(code) ?? []) if (r.level === 'street') streetCodes.add(r.code);
    const layouts: StreetLayout[] = [...streetCodes].sort(cmp).map((sc) =>
      layoutStreet(
        {
          streetCode: sc,
          estates: estates.filter((e) => e.streetCode === sc),
          communityCodes: (childrenOf.get(sc) ?? []).filter((r) => r.level === 'community').map((r) => r.code),
        },
        input.seed,
      ),
    );
    const d = layoutDistrict(code, layouts, input.seed);
    checkClearOfOthers(done, code, region.centre, d.contentRadius);
    done.push({ centre: region.centre, radius: d.contentRadius, code });

    const outlines = districtOutlines(code, d, frame, wanted).sort((a, b) => cmp(a.code, b.code));

    const estateGeoms: GenEstateGeometry[] = [];
    const buildings: GenBuilding[] = [];
    for (const s of d.streets)
      for (const slot of s.layout.slots) {
        const plan = slot.plan;
        if (!plan) continue;
        const toDistrict = (p: XY): XY => apply(s.transform, [p[0] + slot.x, p[1] + slot.y]);
        estateGeoms.push({ estateId: plan.estate.id, geometry: multiPolygonToLonLat(frame, [plan.ring.map(toDistrict)]) });
        for (const b of plan.buildings) {
          const [x0, y0, x1, y1] = b.box;
          buildings.push({
            estateId: plan.estate.id,
            number: b.number,
            floors: b.floors,
            households: b.households,
            geometry: polygonToLonLat(frame, rect(x0, y0, x1, y1).map(toDistrict)),
          });
        }
      }
    estateGeoms.sort((a, b) => a.estateId - b.estateId);
    buildings.sort((a, b) => a.estateId - b.estateId || a.number - b.number);

    const planYear = estates.reduce((m, e) => Math.min(m, e.planYear), Infinity);
    const year = Number.isFinite(planYear) ? planYear : reportUntilYear;
    const names = new Map<string, string>();
    for (const sc of streetCodes) names.set(sc, regions.get(sc)?.name ?? sc);
    const drafts = districtRoads(d, names);
    const roads = finishRoads(drafts, frame, code, year, input.seed);
    const pipelines = districtPipelines(
      { districtCode: code, districtName: region.name, frame, planYear: year, asOf, seed: input.seed },
      drafts,
      d.streets,
    );
    const reports: GenReport[] = [];
    for (const e of estates) if (!realProgress.has(e.id)) reports.push(...estateReports(e, input.reportUntil, input.seed));

    yield { districtCode: code, outlines, estates: estateGeoms, buildings, roads, pipelines, reports };
  }
}

/**
 * Estates of two districts must never overlap, so their content discs must be apart. Real demo
 * districts are 15+ km apart and a district's content spans a few km; if a caller puts districts too
 * close, say so instead of returning overlapping red lines.
 */
function checkClearOfOthers(
  done: { centre: [number, number]; radius: number; code: string }[],
  code: string,
  centre: [number, number],
  radius: number,
): void {
  for (const o of done) {
    const lat = ((centre[1] + o.centre[1]) / 2) * (Math.PI / 180);
    const dx = (centre[0] - o.centre[0]) * 111320 * Math.cos(lat);
    const dy = (centre[1] - o.centre[1]) * 110540;
    if (Math.hypot(dx, dy) < radius + o.radius)
      throw new Error(`districts ${o.code} and ${code} are too close for their estates (${Math.round(Math.hypot(dx, dy))} m apart)`);
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
