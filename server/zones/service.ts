import type { z } from 'zod';
import type { Database, Queryable } from '../db/engine.ts';
import { HttpError } from '../http/errors.ts';
import type { SuggestedZoneCollection, ZoneCheck, ZoneFigures, ZoneLink } from '../../shared/zones/contract.ts';
import type { zoneSuggestQuery } from '../../shared/zones/contract.ts';
import { components } from './components.ts';
import { bridgesSql, estatesPresentSql, linksSql, sridForEstatesSql, suggestSql, wholeProjectMoneySql } from './sql.ts';

/** Metres to the centimetre: enough for a planner, and stable across engines. */
const cm = (m: number) => Math.round(m * 100) / 100;

/** 422 unless every id is an estate with a red line. */
export async function requireEstatesWithRedLines(db: Queryable, ids: number[]): Promise<void> {
  const rows = await db.query<{ id: number; has_geom: boolean }>(estatesPresentSql, [ids]);
  const found = new Map(rows.map((r) => [r.id, r.has_geom]));
  const unknown = ids.filter((id) => !found.has(id));
  if (unknown.length) throw new HttpError(422, 'unknown_estates', `No estate with id ${unknown.join(', ')}`, { unknownIds: unknown });
  const noRedLine = ids.filter((id) => found.get(id) === false);
  if (noRedLine.length) {
    throw new HttpError(422, 'no_red_line', `Estate ${noRedLine.join(', ')} has no red line yet: draw or import it first`, { estateIds: noRedLine });
  }
}

export async function checkContiguity(db: Queryable, ids: number[], gap: number): Promise<ZoneCheck> {
  await requireEstatesWithRedLines(db, ids);
  const [{ srid } = { srid: 0 }] = await db.query<{ srid: number }>(sridForEstatesSql, [ids]);
  const rows = await db.query<{ a: number; b: number; d: number }>(linksSql, [ids, gap, srid]);
  const links: ZoneLink[] = rows.map((r) => ({ a: r.a, b: r.b, gapMeters: cm(r.d) }));
  const comps = components(ids, links);
  let bridges: ZoneCheck["bridges"] = [];
  if (comps.length > 1) {
    const compOf = comps.flatMap((c, i) => c.map((id) => [id, i] as const));
    const found = await db.query<{ a: number; b: number; d: number; line: string }>(bridgesSql, [compOf.map((x) => x[0]), compOf.map((x) => x[1]), srid]);
    // Two components give the same pair twice: keep each pair once.
    const seen = new Set<string>();
    bridges = found
      .map((r) => ({ a: Math.min(r.a, r.b), b: Math.max(r.a, r.b), gapMeters: cm(r.d), line: JSON.parse(r.line) as GeoJSON.LineString }))
      .filter((l) => !seen.has(`${l.a}-${l.b}`) && seen.add(`${l.a}-${l.b}`))
      .sort((x, y) => x.gapMeters - y.gapMeters || x.a - y.a);
  }
  return { contiguous: comps.length === 1, components: comps, links, bridges };
}

interface GroupRow {
  estateIds: number[];
  estateCount: number;
  households: number | null;
  buildingCount: number | null;
  floorAreaM2: number | null;
  estateInvestmentWan: number | null;
  n_households: number;
  n_buildings: number;
  n_floor: number;
  n_money: number;
}

/** Totals for a group, adding project-level money only for projects wholly inside it. */
export async function groupFigures(db: Queryable, row: GroupRow): Promise<ZoneFigures> {
  const [whole] = await db.query<{ money: number; estates: number }>(wholeProjectMoneySql, [row.estateIds]);
  return figuresOf(row, whole ?? { money: 0, estates: 0 });
}

/** The figures of a group, given the money of the projects it holds whole (and their estates). */
function figuresOf(row: GroupRow, whole: { money: number; estates: number }): ZoneFigures {
  const wholeMoney = whole.estates > 0 ? whole.money : 0;
  const moneyKnown = row.n_money + whole.estates;
  return {
    estateIds: row.estateIds,
    estateCount: row.estateCount,
    households: row.n_households ? row.households : null,
    buildingCount: row.n_buildings ? row.buildingCount : null,
    floorAreaM2: row.n_floor ? row.floorAreaM2 : null,
    plannedInvestmentWan: moneyKnown ? (row.estateInvestmentWan ?? 0) + wholeMoney : null,
    reported: { households: row.n_households, buildingCount: row.n_buildings, floorAreaM2: row.n_floor, plannedInvestmentWan: moneyKnown },
  };
}

/** The suggestion parameters, as the contract's query schema reads them. */
export type SuggestParams = z.output<typeof zoneSuggestQuery>;

export async function suggestZones(db: Database, q: SuggestParams): Promise<SuggestedZoneCollection> {
  type Row = GroupRow & { rank: number; geometry: string | null; synthetic: boolean; whole_money: number; whole_estates: number };
  const rows = await db.query<Row>(suggestSql, [
    q.district,
    q.year ?? null,
    q.gapMeters,
    q.minEstates,
    q.minHouseholds,
    q.outlines,
    q.rank ?? null,
  ]);
  if (q.rank !== undefined && rows.length === 0) {
    throw new HttpError(404, 'not_found', `No suggested zone of rank ${q.rank} with these parameters`, { parameter: 'rank', rank: q.rank });
  }
  const features: SuggestedZoneCollection['features'] = [];
  for (const row of rows) {
    features.push({
      type: 'Feature',
      id: row.rank,
      geometry: row.geometry === null ? null : (JSON.parse(row.geometry) as GeoJSON.MultiPolygon),
      properties: { rank: row.rank, ...figuresOf(row, { money: row.whole_money, estates: row.whole_estates }), gapMeters: q.gapMeters, synthetic: row.synthetic },
    });
  }
  return { type: 'FeatureCollection', features };
}
