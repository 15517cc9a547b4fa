import type { Database, Queryable } from '../db/engine.ts';
import { HttpError } from '../http/errors.ts';
import { requireRegion } from '../regions/service.ts';
import type { OverlapsResponse, WorkInput } from '../../shared/pipelines/contract.ts';
import {
  conflictsSql,
  corridorsSql,
  estateSyncSql,
  moratoriumSql,
  STORED_BUFFER_METERS,
  STORED_WINDOW_DAYS,
  storedConflictsSql,
  storedCorridorsTextSql,
  workByIdSql,
  worksCollectionSql,
} from './sql.ts';

export async function worksGeoJson(db: Queryable, district: string | undefined): Promise<string> {
  if (district) await requireRegion(db, district, 'district', 'district');
  const [row] = await db.query<{ body: string }>(worksCollectionSql, [district ?? null]);
  return row!.body;
}

export async function workGeoJson(db: Queryable, id: number): Promise<string> {
  const [row] = await db.query<{ body: string }>(workByIdSql, [id]);
  if (!row) throw new HttpError(404, 'not_found', `No pipeline work with id ${id}`, { parameter: 'id', id });
  return row.body;
}

/** The overlaps answer as JSON text (corridors spliced in as the stored JSON text). */
export async function overlaps(db: Queryable, district: string, bufferMeters: number, windowDays: number): Promise<string> {
  await requireRegion(db, district, 'district', 'district');
  const params = [district, bufferMeters, windowDays];
  // The default parameters read the conflicts and corridors kept on write (migrations 0023, 0027);
  // others compute them.
  const stored = bufferMeters === STORED_BUFFER_METERS && windowDays === STORED_WINDOW_DAYS;
  const [conflicts, corridors, moratorium, estateSync] = await Promise.all([
    db.query<OverlapsResponse['conflicts'][number]>(stored ? storedConflictsSql : conflictsSql, params),
    stored
      ? db.query<{ body: string }>(storedCorridorsTextSql, params).then((rows) => rows[0]!.body)
      : db.query<OverlapsResponse['corridors'][number]>(corridorsSql, params).then((rows) => JSON.stringify(rows)),
    db.query<OverlapsResponse['moratorium'][number]>(moratoriumSql, params),
    db.query<OverlapsResponse['estateSync'][number]>(estateSyncSql, params),
  ]);
  const head = JSON.stringify({ district, bufferMeters, windowDays, conflicts });
  return `${head.slice(0, -1)},"corridors":${corridors},"moratorium":${JSON.stringify(moratorium)},"estateSync":${JSON.stringify(estateSync)}}`;
}

/** The works as rows for json_to_recordset; `ord` keeps the file's order. */
const asRecords = (works: WorkInput[]) =>
  JSON.stringify(
    works.map((w, ord) => ({
      ord,
      utility: w.utility,
      owner: w.owner,
      district_code: w.districtCode ?? null,
      estate_id: w.estateId ?? null,
      project_id: w.projectId ?? null,
      start_date: w.startDate,
      end_date: w.endDate,
      status: w.status,
      geometry: w.geometry,
    })),
  );

const recordsSql = `json_to_recordset($1::text::json) AS x(ord int, utility text, owner text, district_code text,
  estate_id int, project_id int, start_date text, end_date text, status text, geometry json)`;

/** References to rows that do not exist, per work: checked before writing so the 4xx can name the row. */
const missingReferencesSql = `
  SELECT x.ord,
         x.district_code IS NOT NULL AND NOT EXISTS (SELECT 1 FROM regions r WHERE r.code = x.district_code AND r.level = 'district') AS district,
         x.estate_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM estates e WHERE e.id = x.estate_id) AS estate,
         x.project_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM projects p WHERE p.id = x.project_id) AS project
  FROM ${recordsSql}
  ORDER BY x.ord`;

/** A work without a district gets the district whose outline holds its first point. */
const districtOfLine = (g: string) => `(SELECT r.code FROM regions r
    WHERE r.level = 'district' AND r.geom && ST_StartPoint(${g}) AND ST_Intersects(r.geom, ST_StartPoint(${g}))
    ORDER BY r.code LIMIT 1)`;

const insertSql = `
  INSERT INTO pipeline_works (utility, owner, district_code, estate_id, project_id, start_date, end_date, status, geom, synthetic)
  SELECT x.utility, x.owner, COALESCE(x.district_code, ${districtOfLine('g.geom')}), x.estate_id, x.project_id,
         x.start_date::date, x.end_date::date, x.status, g.geom, false
  FROM ${recordsSql}
  CROSS JOIN LATERAL (SELECT ST_SetSRID(ST_Force2D(ST_GeomFromGeoJSON(x.geometry::text)), 4326) AS geom) g
  ORDER BY x.ord
  RETURNING id`;

export interface ReferenceProblem {
  index: number;
  field: 'districtCode' | 'estateId' | 'projectId';
  message: string;
}

async function missingReferences(tx: Queryable, records: string, works: WorkInput[]): Promise<ReferenceProblem[]> {
  const rows = await tx.query<{ ord: number; district: boolean; estate: boolean; project: boolean }>(missingReferencesSql, [records]);
  return rows.flatMap((r) => {
    const w = works[r.ord]!;
    const out: ReferenceProblem[] = [];
    if (r.district) out.push({ index: r.ord, field: 'districtCode', message: `no district with code ${w.districtCode}` });
    if (r.estate) out.push({ index: r.ord, field: 'estateId', message: `no estate with id ${w.estateId}` });
    if (r.project) out.push({ index: r.ord, field: 'projectId', message: `no project with id ${w.projectId}` });
    return out;
  });
}

/**
 * Inserts works in one transaction, all or nothing. `locate` turns a work's index into the row or
 * feature a planner sees in the file.
 */
export async function insertWorks(
  db: Database,
  works: WorkInput[],
  locate: (index: number) => object,
  what: string,
): Promise<number[]> {
  return db.transaction(async (tx) => {
    const records = asRecords(works);
    const missing = await missingReferences(tx, records, works);
    if (missing.length > 0) {
      const details = missing.map((m) => ({ ...locate(m.index), field: m.field, message: m.message }));
      throw new HttpError(422, 'invalid_works', `${what}: ${missing.length} unknown reference(s), nothing was saved; first: ${details[0]!.field}: ${details[0]!.message}`, details);
    }
    const rows = await tx.query<{ id: number }>(insertSql, [records]);
    return rows.map((r) => r.id).sort((a, b) => a - b);
  });
}

const updateSql = `
  UPDATE pipeline_works w SET
    utility = x.utility, owner = x.owner,
    district_code = COALESCE(x.district_code, ${districtOfLine('g.geom')}),
    estate_id = x.estate_id, project_id = x.project_id,
    start_date = x.start_date::date, end_date = x.end_date::date, status = x.status,
    geom = g.geom, synthetic = false, version = w.version + 1
  FROM ${recordsSql}
  CROSS JOIN LATERAL (SELECT ST_SetSRID(ST_Force2D(ST_GeomFromGeoJSON(x.geometry::text)), 4326) AS geom) g
  WHERE w.id = $2 AND w.version = $3
  RETURNING w.id`;

/** Replaces a work if it is still at `version`; 404 unknown id, 409 when someone saved since. */
export async function updateWork(db: Database, id: number, version: number, work: WorkInput): Promise<void> {
  await db.transaction(async (tx) => {
    const records = asRecords([work]);
    const missing = await missingReferences(tx, records, [work]);
    if (missing.length > 0) {
      throw new HttpError(422, 'invalid_work', `${missing[0]!.field}: ${missing[0]!.message}`, missing.map(({ field, message }) => ({ field, message })));
    }
    const rows = await tx.query<{ id: number }>(updateSql, [records, id, version]);
    if (rows.length === 0) await explainMissedWrite(tx, id, version);
  });
}

export async function deleteWork(db: Database, id: number, version: number): Promise<void> {
  await db.transaction(async (tx) => {
    const rows = await tx.query<{ id: number }>('DELETE FROM pipeline_works WHERE id = $1 AND version = $2 RETURNING id', [id, version]);
    if (rows.length === 0) await explainMissedWrite(tx, id, version);
  });
}

async function explainMissedWrite(tx: Queryable, id: number, version: number): Promise<never> {
  const [current] = await tx.query<{ version: number }>('SELECT version FROM pipeline_works WHERE id = $1', [id]);
  if (!current) throw new HttpError(404, 'not_found', `No pipeline work with id ${id}`, { parameter: 'id', id });
  throw new HttpError(409, 'stale_version', `Pipeline work ${id} was changed by someone else (now version ${current.version}, you sent ${version}); reload it and apply your change again`, {
    id,
    sentVersion: version,
    currentVersion: current.version,
    // The row as it is now, so the client can show what changed without another round trip.
    current: JSON.parse(await workGeoJson(tx, id)),
  });
}
