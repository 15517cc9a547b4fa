import type { Queryable } from '../../db/engine.ts';
import { HttpError } from '../../http/errors.ts';
import { OVERLAP_THRESHOLD_M2, type OverlapItem, type OverlapShape, type RepairNote } from '../../../shared/scopes/contract.ts';
import { noArea, notOnEarth, unrepairable, type Problem } from '../import/geometry-check.ts';
import { analyseSql } from '../import/sql.ts';
import { measureSql, overlapsSql } from './sql.ts';

/** A drawn (or restored) red line as it would be saved: repaired, measured, as WKB hex for the write. */
export interface CheckedRedLine {
  wkb: string;
  areaM2: number;
  perimeterM: number;
  repairs: string[];
  repairCodes: RepairNote[];
  geometry: GeoJSON.MultiPolygon;
}

const round2 = (v: number) => Math.round(v * 100) / 100;

/** A position with a third value (Z) anywhere in the coordinates, without recursion. */
function hasThirdValue(c: unknown): boolean {
  const stack = [c];
  while (stack.length) {
    const v = stack.pop();
    if (!Array.isArray(v)) continue;
    if (typeof v[0] === 'number') {
      if (v.length > 2) return true;
    } else stack.push(...v);
  }
  return false;
}

/** 422 invalid_geometry for a drawn geometry: one item, field 'geometry', with its code and params. */
function refuse(p: Problem): never {
  throw new HttpError(422, 'invalid_geometry', `geometry: ${p.reason}`, [{ field: 'geometry', ...p }]);
}

/** PostGIS's ST_IsValidReason as a key the client can word ("Self-intersection[x y]" → self_intersection). */
export function repairOf(why: string | null, partsIn: number, partsOut: number): RepairNote {
  const w = why ?? '';
  const kind = /^Ring Self-intersection/i.test(w) ? 'ring_self_intersection' : /^Self-intersection/i.test(w) ? 'self_intersection' : 'other';
  return { code: 'made_valid', params: { why: w, kind, partsIn, partsOut } };
}

/**
 * The import's checks on one geometry given as GeoJSON in WGS 84 (drawn, or read back from the
 * history): the refusals no repair can fix, then ST_MakeValid, the extent, what is left; area
 * and perimeter in metres.
 */
export async function checkRedLine(db: Queryable, geometry: unknown): Promise<CheckedRedLine> {
  const problem = unrepairable({ index: 0, properties: {}, geometry: geometry as GeoJSON.Geometry, has3d: hasThirdValue((geometry as { coordinates?: unknown })?.coordinates) });
  if (problem) refuse(problem);
  const [a] = await db.query<{ valid: boolean; why: string | null; empty: boolean; partsIn: number; partsOut: number; wkb: string; minX: number; maxX: number; minY: number; maxY: number }>(analyseSql, [
    JSON.stringify([{ i: 0, g: JSON.stringify(geometry) }]),
    4326,
    null,
  ]);
  if (!(a!.minX >= -180 && a!.maxX <= 180 && a!.minY >= -90 && a!.maxY <= 90)) {
    refuse({ ...notOnEarth(a!.minX, a!.minY, 'WGS 84'), reason: 'positions must be longitude, latitude in degrees (WGS 84)' });
  }
  if (a!.empty) refuse(noArea);
  const [m] = await db.query<{ areaM2: number; perimeterM: number; geometry: string }>(measureSql, [a!.wkb]);
  return {
    wkb: a!.wkb,
    areaM2: round2(m!.areaM2),
    perimeterM: round2(m!.perimeterM),
    repairs: a!.valid ? [] : [`made valid (${a!.why})`],
    repairCodes: a!.valid ? [] : [repairOf(a!.why, a!.partsIn, a!.partsOut)],
    geometry: JSON.parse(m!.geometry) as GeoJSON.MultiPolygon,
  };
}

/**
 * The estates of the same plan that red lines would overlap by more than the threshold
 * (server/scopes/edit/sql.ts overlapsSql), per item index.
 */
export async function overlapsOf(db: Queryable, items: { i: number; wkb: string; estateId: number }[], withShapes: boolean): Promise<Map<number, OverlapShape[]>> {
  const out = new Map<number, OverlapShape[]>();
  if (!items.length) return out;
  const rows = await db.query<{ i: number; estateId: number; name: string; areaM2: number; geometry: string | null }>(overlapsSql, [
    JSON.stringify(items.map((x) => ({ i: x.i, wkb: x.wkb, estate_id: x.estateId }))),
    withShapes,
    OVERLAP_THRESHOLD_M2,
  ]);
  for (const r of rows) {
    const item = { estateId: r.estateId, name: r.name, areaM2: round2(r.areaM2), geometry: r.geometry ? (JSON.parse(r.geometry) as GeoJSON.MultiPolygon) : (null as never) };
    out.set(r.i, [...(out.get(r.i) ?? []), item]);
  }
  return out;
}

/** The overlap items without their shapes: what 422 overlap and the audit trail carry. */
export const plainOverlaps = (o: OverlapShape[] | undefined): OverlapItem[] => (o ?? []).map(({ estateId, name, areaM2 }) => ({ estateId, name, areaM2 }));
