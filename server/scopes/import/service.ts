import { createHash } from 'node:crypto';
import type { Database, Queryable } from '../../db/engine.ts';
import { HttpError } from '../../http/errors.ts';
import { numberFromFile } from '../../../shared/numbers/strict-decimal.ts';
import type { ImportFeatureReport, ImportLayer, ImportOverlapItem, ImportPreview, MatchStatus, RepairNote } from '../../../shared/scopes/contract.ts';
import { overlapRefusal } from '../edit/service.ts';
import { overlapsOf, plainOverlaps, repairOf } from '../edit/redline.ts';
import { insertOverrideSql, lockPlanRedLinesSql } from '../edit/sql.ts';
import { noArea, notOnEarth } from './geometry-check.ts';
import { keysOf, matchFeature, type BuildingRow, type EstateRow } from './match.ts';
import { readScopeInWorker, rejectFeatures as reject, type FeatureRefusal, type ParsedScopeFile } from './read-task.ts';
import { analyseSql, candidateBuildingsSql, candidateEstatesSql, insertBuildingSql, replaceBuildingSql, replaceEstateSql, shiftSql } from './sql.ts';

export interface ImportRequest {
  fileName: string;
  bytes: Uint8Array;
  mode: 'preview' | 'confirm';
  layer?: ImportLayer;
  plan?: number;
  srid?: number;
  assign?: string;
  token?: string;
  /** Write red lines that overlap other estates of their plan (with a reason, audited). */
  allowOverlap?: boolean;
  reason?: string;
}

interface Analysed {
  i: number;
  ccw: boolean;
  valid: boolean;
  why: string | null;
  partsIn: number;
  partsOut: number;
  empty: boolean;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  areaM2: number | null;
  wkb: string;
  geojson: string | null;
}

type Planned = ImportFeatureReport & { buildingId: number | null; version: number | null; wkb: string; floors: number | null; households: number | null };

/**
 * A positive whole number from an attribute, else null (floors and households are optional): a
 * number as the file typed it, or text as a plain decimal numeral (shared/numbers/strict-decimal.ts).
 */
const count = (v: unknown) => {
  const n = numberFromFile(typeof v === 'string' ? v.trim() : v);
  return n !== null && Number.isSafeInteger(n) && n > 0 ? n : null;
};

/** Vertices per statement of the import's spatial SQL (see plan()). */
export const ANALYSE_BATCH_VERTICES = 20_000;

/** Consecutive runs of `items` whose sizes add up to at most `budget` (an item larger than it goes alone). */
function batches<T>(items: readonly T[], size: (item: T) => number, budget: number): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let used = 0;
  for (const item of items) {
    const n = size(item);
    if (current.length && used + n > budget) {
      out.push(current);
      current = [];
      used = 0;
    }
    current.push(item);
    used += n;
  }
  if (current.length) out.push(current);
  return out;
}

/**
 * Reads, checks, repairs, reprojects and matches the file; writes nothing. The reading and the
 * checks that need no database run in a parse worker (read-task.ts), off the request path.
 */
async function plan(db: Queryable, req: ImportRequest): Promise<{ file: ParsedScopeFile; planned: Planned[]; token: string }> {
  const fileHash = createHash('sha256').update(req.bytes).digest('hex');
  const file = await readScopeInWorker(req.fileName, req.bytes, req.srid);
  const problems: FeatureRefusal[] = [];

  const analysed: Analysed[] = [];
  try {
    // In batches, so that no one statement holds the database (and, embedded, the server's only
    // thread) for long: other requests are answered between them. A .prj's WKT costs PROJ a
    // second or two per statement, so those batches are larger.
    const budget = 'srid' in file.crs ? ANALYSE_BATCH_VERTICES : 5 * ANALYSE_BATCH_VERTICES;
    for (const batch of batches(file.features, (f) => f.vertices, budget)) {
      analysed.push(
        ...(await db.query<Analysed>(analyseSql, [
          JSON.stringify(batch.map((f) => ({ i: f.index, g: f.geometryJson }))),
          'srid' in file.crs ? file.crs.srid : null,
          'wkt' in file.crs ? file.crs.wkt : null,
        ])),
      );
    }
  } catch (e) {
    throw new HttpError(422, 'unreadable_crs', `${req.fileName}: the coordinates could not be read from ${file.crs.label} into WGS 84 (${(e as Error).message}); check the .prj or send srid`, {
      file: req.fileName,
      crs: file.crs.label,
    });
  }
  for (const a of analysed) {
    if (!(a.minX >= -180 && a.maxX <= 180 && a.minY >= -90 && a.maxY <= 90)) {
      problems.push({ feature: a.i, ...notOnEarth(a.minX, a.minY, file.crs.label) });
    } else if (a.empty) {
      problems.push({ feature: a.i, ...noArea });
    }
  }
  if (problems.length) reject(req.fileName, problems);

  const assigned = parseAssign(req.assign, file.features.length);
  const keys = file.features.map((f) => keysOf(f, req.layer));
  const estateRows = await db.query<EstateRow>(candidateEstatesSql, [
    [...keys.map((k) => k.id).filter((x): x is number => x !== null), ...assigned.values()],
    [...new Set(keys.map((k) => k.name).filter((x): x is string => x !== null))],
    req.plan ?? null,
  ]);
  const estates = new Map(estateRows.map((e) => [e.id, e]));
  checkAssigned(assigned, estates, req.plan);
  const byName = new Map<string, EstateRow[]>();
  for (const e of estateRows) if (req.plan === undefined || e.planId === req.plan) byName.set(e.name, [...(byName.get(e.name) ?? []), e]);
  const buildings = await db.query<BuildingRow>(candidateBuildingsSql, [estateRows.map((e) => e.id), keys.map((k) => k.buildingId).filter((x): x is number => x !== null)]);
  // A building id may belong to an estate the file does not name: bring that estate in too.
  const missing = [...new Set(buildings.map((b) => b.estateId).filter((id) => !estates.has(id)))];
  if (missing.length) for (const e of await db.query<EstateRow>(candidateEstatesSql, [missing, [], null])) estates.set(e.id, e);

  const planned: Planned[] = file.features.map((f, n) => {
    const a = analysed[n]!;
    const m = matchFeature(keys[n]!, estates, byName, buildings, assigned.get(f.index));
    const repairs: string[] = [];
    const repairCodes: RepairNote[] = [];
    // A self-intersecting ring has no orientation to speak of: that is said by the repair below.
    if (file.format === 'geojson' && a.valid && !a.ccw) {
      repairs.push('rewound: outline counter-clockwise, holes clockwise (RFC 7946 right-hand rule)');
      repairCodes.push({ code: 'rewound', params: {} });
    }
    if (!a.valid) {
      repairs.push(`made valid (${a.why})${a.partsOut !== a.partsIn ? `: ${a.partsIn} part(s) became ${a.partsOut}` : ''}`);
      repairCodes.push(repairOf(a.why, a.partsIn, a.partsOut));
    }
    return {
      index: f.index,
      layer: keys[n]!.layer === 'building' ? 'building' : 'estate',
      ...m,
      repairs,
      repairCodes,
      areaM2: a.areaM2 === null ? null : Math.round(a.areaM2 * 100) / 100,
      shiftMeters: null,
      hausdorffMeters: null,
      geometry: a.geojson ? (JSON.parse(a.geojson) as GeoJSON.MultiPolygon) : null,
      currentGeometry: null,
      overlaps: [],
      wkb: a.wkb,
      floors: count(f.properties.floors ?? f.properties['层数']),
      households: count(f.properties.households ?? f.properties['户数']),
    };
  });

  // Two features for one estate (or one building) cannot both be its outline.
  const claim = new Map<string, Planned[]>();
  for (const p of planned) {
    if (p.status !== 'matched' && p.status !== 'new') continue;
    const key = p.layer === 'estate' ? `e${p.estateId}` : `b${p.estateId}/${p.buildingNumber}`;
    claim.set(key, [...(claim.get(key) ?? []), p]);
  }
  for (const group of claim.values()) {
    if (group.length < 2) continue;
    for (const p of group) {
      p.status = 'ambiguous';
      const target = p.layer === 'estate' ? p.estateName! : `${p.estateName} building ${p.buildingNumber}`;
      p.reason = `features ${group.map((g) => g.index).join(', ')} all match ${target}: keep one`;
      p.reasonCode = { code: 'claimed_twice', params: { features: group.map((g) => g.index).join(', '), target } };
    }
  }

  const toShift = planned.filter((p) => p.status === 'matched');
  // WKB: about 32 hex characters per vertex.
  for (const batch of batches(toShift, (p) => p.wkb.length / 32, ANALYSE_BATCH_VERTICES)) {
    const rows = await db.query<{ i: number; m: number; h: number; current: string }>(shiftSql, [
      JSON.stringify(batch.map((p) => ({ i: p.index, wkb: p.wkb, estate_id: p.estateId, building_id: p.layer === 'building' ? p.buildingId : null }))),
    ]);
    for (const r of rows) {
      const p = planned[r.i]!;
      p.shiftMeters = Math.round(r.m * 100) / 100;
      p.hausdorffMeters = Math.round(r.h * 100) / 100;
      p.currentGeometry = JSON.parse(r.current) as GeoJSON.MultiPolygon;
    }
  }

  // The overlap rule (README.md "Overlapping red lines"), for the red lines the import would write:
  // against the other estates of each one's plan, as they would be after the import.
  const redLines = planned.filter((p) => p.status === 'matched' && p.layer === 'estate');
  const overlaps = await overlapsOf(db, redLines.map((p) => ({ i: p.index, wkb: p.wkb, estateId: p.estateId! })), false);
  for (const [i, o] of overlaps) planned[i]!.overlaps = plainOverlaps(o);

  const token = createHash('sha256')
    .update(fileHash)
    .update(JSON.stringify({ layer: req.layer ?? null, plan: req.plan ?? null, srid: req.srid ?? null, assign: [...assigned.entries()] }))
    .update(JSON.stringify(planned.map((p) => [p.index, p.status, p.estateId, p.buildingId, p.version])))
    .digest('hex');
  return { file, planned, token };
}

/**
 * The estates assigned by hand must exist, be of the plan when one was given, and each be given
 * to one feature only: else 422 naming the features.
 */
function checkAssigned(assigned: Map<number, number>, estates: Map<number, { planId: number }>, plan: number | undefined): void {
  const unknown = [...assigned].filter(([, id]) => !estates.has(id)).map(([feature, estateId]) => ({ feature, estateId }));
  if (unknown.length) {
    throw new HttpError(422, 'assign_unknown_estate', `assign: no estate with id ${unknown.map((u) => `${u.estateId} (feature ${u.feature})`).join(', ')}`, unknown);
  }
  if (plan !== undefined) {
    const outside = [...assigned].filter(([, id]) => estates.get(id)!.planId !== plan).map(([feature, estateId]) => ({ feature, estateId, planId: plan }));
    if (outside.length) {
      throw new HttpError(422, 'assign_outside_plan', `assign: ${outside.map((o) => `feature ${o.feature} → estate ${o.estateId}`).join(', ')} outside plan ${plan}`, outside);
    }
  }
  const byEstate = new Map<number, number[]>();
  for (const [feature, id] of assigned) byEstate.set(id, [...(byEstate.get(id) ?? []), feature]);
  const twice = [...byEstate].filter(([, fs]) => fs.length > 1).flatMap(([estateId, fs]) => fs.map((feature) => ({ feature, estateId })));
  if (twice.length) {
    throw new HttpError(422, 'assign_twice', `assign: ${[...byEstate].filter(([, fs]) => fs.length > 1).map(([id, fs]) => `estate ${id} to features ${fs.join(', ')}`).join('; ')}: one feature per estate`, twice);
  }
}

/** `assign`: {"3": 17} — feature 3 is estate 17. */
function parseAssign(raw: string | undefined, features: number): Map<number, number> {
  if (raw === undefined || raw.trim() === '') return new Map();
  let obj: unknown;
  try {
    obj = JSON.parse(raw);
  } catch {
    obj = null;
  }
  const bad = () => new HttpError(400, 'bad_request', 'assign: must be a JSON object of feature index → estate id, e.g. {"3": 17}', [{ parameter: 'assign', message: 'is not feature index → estate id' }]);
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw bad();
  const out = new Map<number, number>();
  for (const [k, v] of Object.entries(obj)) {
    if (!/^\d+$/.test(k) || !Number.isInteger(v) || (v as number) <= 0) throw bad();
    if (Number(k) >= features) throw new HttpError(422, 'assign_no_feature', `assign: the file has no feature ${k} (it has ${features})`, [{ feature: Number(k), features }]);
    out.set(Number(k), v as number);
  }
  return out;
}

function summary(req: ImportRequest, file: ParsedScopeFile, planned: Planned[], token: string): ImportPreview {
  const counts: Record<MatchStatus, number> = { matched: 0, new: 0, unmatched: 0, ambiguous: 0 };
  for (const p of planned) counts[p.status] += 1;
  return {
    mode: req.mode,
    file: req.fileName,
    format: file.format,
    sourceCrs: file.crs.label,
    features: planned.map(({ buildingId: _b, version: _v, wkb: _w, floors: _f, households: _h, ...report }) => report),
    counts,
    token,
  };
}

export async function previewImport(db: Queryable, req: ImportRequest): Promise<ImportPreview> {
  const { file, planned, token } = await plan(db, req);
  return summary(req, file, planned, token);
}

/**
 * Inside the writing transaction, after the plans' red-line lock (lockPlanRedLinesSql, the same
 * lock a drawing takes): the overlaps the red lines would have now must be the ones checked before
 * the transaction. A neighbour's red line saved in between changes them, and the confirm is
 * refused with 409 preview_stale rather than written on a check made against lines that are gone.
 */
async function recheckOverlaps(tx: Queryable, writes: Planned[], fileName: string): Promise<void> {
  const redLines = writes.filter((p) => p.layer === 'estate');
  if (!redLines.length) return;
  const plans = await tx.query<{ planId: number }>(`SELECT DISTINCT plan_id AS "planId" FROM estates WHERE id = ANY($1::int[])`, [redLines.map((p) => p.estateId!)]);
  await tx.query(lockPlanRedLinesSql, [plans.map((p) => p.planId)]);
  const now = await overlapsOf(tx, redLines.map((p) => ({ i: p.index, wkb: p.wkb, estateId: p.estateId! })), false);
  const key = (o: { estateId: number }[]) => o.map((x) => x.estateId).sort((a, b) => a - b).join(',');
  const changed = redLines.filter((p) => key(plainOverlaps(now.get(p.index))) !== key(p.overlaps));
  if (changed.length) {
    throw new HttpError(409, 'preview_stale', `${fileName}: a neighbouring red line was saved since the preview, while this import was being written, so the overlaps of ${changed.length} feature(s) are no longer what was checked; preview again`, {
      features: changed.map((p) => ({ feature: p.index, estateId: p.estateId, overlaps: plainOverlaps(now.get(p.index)) })),
    });
  }
}

/**
 * Writes what the preview showed, in one transaction: matched red lines and footprints replaced
 * (the old ones kept in geometry_history), new buildings added. 409 when anything the preview
 * matched has changed since (its token no longer comes out the same).
 */
export async function confirmImport(db: Database, req: ImportRequest): Promise<ImportPreview> {
  const { file, planned, token } = await plan(db, req);
  if (token !== req.token) {
    throw new HttpError(409, 'preview_stale', `${req.fileName}: the file, the choices or the estates it matches changed since the preview; check the new preview and confirm again`, {
      preview: summary({ ...req, mode: 'preview' }, file, planned, token),
    });
  }
  const writes = planned.filter((p) => p.status === 'matched' || p.status === 'new');
  if (writes.length === 0) throw new HttpError(422, 'nothing_to_write', `${req.fileName}: no feature matched an estate, so nothing was written`, { counts: summary(req, file, planned, token).counts });
  const overlapping: ImportOverlapItem[] = writes.flatMap((p) => p.overlaps.map((o) => ({ ...o, feature: p.index, featureEstateId: p.estateId! })));
  const allowed = req.allowOverlap === true && !!req.reason?.trim();
  if (overlapping.length && !allowed) throw overlapRefusal(`${req.fileName}: ${new Set(overlapping.map((o) => o.feature)).size} feature(s)`, overlapping);
  const source = `import: ${req.fileName}`;
  const written = await db.transaction(async (tx) => {
    await recheckOverlaps(tx, writes, req.fileName);
    const out = { estates: 0, buildings: 0, history: 0 };
    for (const p of writes) {
      if (p.layer === 'estate') {
        const rows = await tx.query<{ id: number; version: number }>(replaceEstateSql, [p.estateId, p.version, p.wkb, source]);
        if (rows.length !== 1) throw new HttpError(409, 'preview_stale', `${p.estateName} (estate ${p.estateId}) was changed by someone else since the preview: preview again`, { feature: p.index, estateId: p.estateId });
        // An overlap accepted with a reason: kept and audited, one row per feature.
        if (p.overlaps.length) await tx.query(insertOverrideSql, [p.estateId, rows[0]!.version, req.reason!.trim(), JSON.stringify(p.overlaps), source]);
        out.estates += 1;
        out.history += 1;
      } else if (p.buildingId !== null) {
        await tx.query(replaceBuildingSql, [p.buildingId, p.wkb, source]);
        out.buildings += 1;
        out.history += 1;
      } else {
        await tx.query(insertBuildingSql, [p.estateId, p.buildingNumber, p.floors, p.households, p.wkb]);
        out.buildings += 1;
      }
    }
    return out;
  });
  return { ...summary(req, file, planned, token), written, ...(overlapping.length ? { overlapsAllowed: overlapping } : {}) };
}
