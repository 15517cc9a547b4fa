import type { Database, Queryable } from '../../db/engine.ts';
import { HttpError } from '../../http/errors.ts';
import { OVERLAP_THRESHOLD_M2, type EstateGeometryCheck, type EstateGeometryResponse, type GeometryHistoryEntry, type OverlapItem } from '../../../shared/scopes/contract.ts';
import { replaceEstateSql } from '../import/sql.ts';
import { checkRedLine, overlapsOf, plainOverlaps, type CheckedRedLine } from './redline.ts';
import { estatePlanSql, historyEntrySql, historySql, insertOverrideSql, lockEstateSql, lockPlanRedLinesSql } from './sql.ts';

/** allowOverlap with its reason (the contract refuses allowOverlap without one). */
export interface OverlapOverride {
  allowOverlap?: boolean;
  reason?: string;
}

const notFound = (id: number) => new HttpError(404, 'not_found', `No estate with id ${id}`, { parameter: 'id', id });

/** 422 overlap: the estates overlapped, each with its name and the area in m². */
export function overlapRefusal(what: string, overlaps: OverlapItem[] | (OverlapItem & { feature: number })[]): HttpError {
  const list = overlaps.map((o) => `${o.name} (estate ${o.estateId}) by ${o.areaM2} m²`).join(', ');
  return new HttpError(
    422,
    'overlap',
    `${what} overlaps ${list}: more than ${OVERLAP_THRESHOLD_M2} m² with another estate of the same plan; adjust it, or send allowOverlap: true with a reason`,
    overlaps,
  );
}

/**
 * Writes a checked red line at `expected` version (null: the version read here), in one
 * transaction: the plan's red-line writes queued (lockPlanRedLinesSql), the estate locked, its version compared (409), the overlap rule applied (422,
 * nothing written, unless allowed with a reason: then the reason and the overlaps go to
 * overlap_overrides, which the audit trigger copies into audit_log), the old line kept in
 * geometry_history, the new one written.
 */
async function writeRedLine(db: Database, id: number, line: CheckedRedLine, expected: number | null, override: OverlapOverride, source: string) {
  return db.transaction(async (tx) => {
    const [plan] = await tx.query<{ planId: number }>(estatePlanSql, [id]);
    if (!plan) throw notFound(id);
    await tx.query(lockPlanRedLinesSql, [[plan.planId]]);
    const [current] = await tx.query<{ version: number }>(lockEstateSql, [id]);
    if (!current) throw notFound(id);
    const version = expected ?? current.version;
    if (current.version !== version) {
      throw new HttpError(409, 'stale_version', `Estate ${id} was changed by someone else (version ${current.version}, you sent ${version}): reload it and draw again`, {
        currentVersion: current.version,
      });
    }
    const overlaps = plainOverlaps((await overlapsOf(tx, [{ i: 0, wkb: line.wkb, estateId: id }], false)).get(0));
    const allowed = override.allowOverlap === true && !!override.reason?.trim();
    if (overlaps.length && !allowed) throw overlapRefusal(`The red line of estate ${id}`, overlaps);
    const rows = await tx.query<{ id: number; version: number }>(replaceEstateSql, [id, version, line.wkb, source]);
    if (rows.length !== 1) throw new HttpError(409, 'stale_version', `Estate ${id} was changed by someone else: reload it and draw again`, { currentVersion: current.version });
    const saved = rows[0]!.version;
    if (overlaps.length) await tx.query(insertOverrideSql, [id, saved, override.reason!.trim(), JSON.stringify(overlaps), source]);
    return { version: saved, overlaps };
  });
}

const answer = (id: number, line: CheckedRedLine, saved: { version: number; overlaps: OverlapItem[] }): EstateGeometryResponse => ({
  id,
  version: saved.version,
  areaM2: line.areaM2,
  perimeterM: line.perimeterM,
  repairs: line.repairs,
  repairCodes: line.repairCodes,
  geometry: line.geometry,
  overlaps: saved.overlaps,
});

/**
 * A red line drawn or reshaped in the browser, saved through the import's checks: the same
 * refusals (open rings, Z, no area), the same ST_MakeValid repair, the old line kept in
 * geometry_history, the estate's version compared (409 when someone saved in between), and the
 * overlap rule (422 overlap unless allowOverlap with a reason).
 */
export async function saveEstateGeometry(
  db: Database,
  id: number,
  body: { version: number; geometry: unknown } & OverlapOverride,
): Promise<EstateGeometryResponse> {
  const line = await checkRedLine(db, body.geometry);
  return answer(id, line, await writeRedLine(db, id, line, body.version, body, 'drawn'));
}

/** What saving would do: the repaired line, its area and perimeter, and the overlaps with their shapes. Writes nothing. */
export async function checkEstateGeometry(db: Queryable, id: number, body: { geometry: unknown }): Promise<EstateGeometryCheck> {
  if (!(await db.query(`SELECT 1 FROM estates WHERE id = $1`, [id])).length) throw notFound(id);
  const line = await checkRedLine(db, body.geometry);
  const overlaps = (await overlapsOf(db, [{ i: 0, wkb: line.wkb, estateId: id }], true)).get(0) ?? [];
  return { areaM2: line.areaM2, perimeterM: line.perimeterM, repairs: line.repairs, repairCodes: line.repairCodes, geometry: line.geometry, thresholdM2: OVERLAP_THRESHOLD_M2, overlaps };
}

/**
 * Restores the red line of a history entry as a new version: the entry must be this estate's red
 * line (404 unknown_history) of the version sent (422 history_version_mismatch) and hold one (422
 * empty_history); then the same checks and write as a drawing, recorded as "revert: version n".
 */
export async function revertEstateGeometry(
  db: Database,
  id: number,
  body: { historyId: number; version: number; currentVersion?: number } & OverlapOverride,
): Promise<EstateGeometryResponse> {
  const [entry] = await db.query<{ id: number; estateId: number; layer: string; version: number | null; geometry: string | null }>(historyEntrySql, [body.historyId]);
  if (!entry || entry.estateId !== id || entry.layer !== 'estate') {
    if (!(await db.query(`SELECT 1 FROM estates WHERE id = $1`, [id])).length) throw notFound(id);
    throw new HttpError(404, 'unknown_history', `Estate ${id} has no red-line history entry ${body.historyId}`, { historyId: body.historyId });
  }
  if (entry.version !== body.version) {
    throw new HttpError(422, 'history_version_mismatch', `History entry ${body.historyId} holds version ${entry.version}, not ${body.version}`, {
      historyId: body.historyId,
      version: body.version,
      entryVersion: entry.version,
    });
  }
  if (entry.geometry === null) {
    throw new HttpError(422, 'empty_history', `Version ${body.version} of estate ${id} had no red line: there is nothing to restore`, { historyId: body.historyId, version: body.version });
  }
  const line = await checkRedLine(db, JSON.parse(entry.geometry));
  const saved = await writeRedLine(db, id, line, body.currentVersion ?? null, body, `revert: version ${body.version}`);
  return { ...answer(id, line, saved), revertedFrom: { historyId: body.historyId, version: body.version } };
}

/** An estate's replaced red lines and footprints, newest first, each with what replaced it. */
export async function estateGeometryHistory(db: Queryable, id: number): Promise<GeometryHistoryEntry[]> {
  const exists = await db.query(`SELECT 1 FROM estates WHERE id = $1`, [id]);
  if (!exists.length) throw notFound(id);
  const rows = await db.query<Omit<GeometryHistoryEntry, 'geometry' | 'replacedWith'> & { geometry: string | null; replacedWith: string | null }>(historySql, [id]);
  return rows.map((r) => ({
    ...r,
    areaM2: r.areaM2 === null ? null : Math.round(r.areaM2 * 100) / 100,
    geometry: r.geometry ? (JSON.parse(r.geometry) as GeoJSON.MultiPolygon) : null,
    replacedWith: r.replacedWith ? (JSON.parse(r.replacedWith) as GeoJSON.MultiPolygon) : null,
  }));
}
