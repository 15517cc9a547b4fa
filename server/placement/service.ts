import type { Database, Queryable } from '../db/engine.ts';
import { HttpError } from '../http/errors.ts';
import { CHINA_EXTENT, PROVINCE_TOLERANCE_M, type EstateLocationBody } from '../../shared/placement/contract.ts';
import { estateGeoJson } from '../estates/service.ts';
import { clearLocationSql, locationContextSql, setLocationSql } from './sql.ts';

interface Context {
  id: number;
  version: number;
  hasRedLine: boolean;
  hasPoint: boolean;
  provinceName: string | null;
  inProvince: boolean | null;
}

async function context(db: Queryable, id: number, at: [number, number] | null): Promise<Context> {
  const [row] = await db.query<Context>(locationContextSql, [id, at?.[0] ?? null, at?.[1] ?? null, PROVINCE_TOLERANCE_M]);
  if (!row) throw new HttpError(404, 'not_found', `No estate with id ${id}`, { parameter: 'id', id });
  return row;
}

const stale = (id: number, current: number, sent: number) =>
  new HttpError(409, 'stale_version', `Estate ${id} was changed by someone else (version ${current}, you sent ${sent}): reload it and place it again`, {
    currentVersion: current,
  });

/**
 * Puts a provisional point where a planner clicked: only for an estate without a red line, only
 * inside China and within reach of the estate's province, only at the version read. Answers the
 * estate as GET /api/estates/:id does.
 */
export async function setEstateLocation(db: Database, id: number, body: EstateLocationBody): Promise<string> {
  const [west, south, east, north] = CHINA_EXTENT;
  if (body.lon < west || body.lon > east || body.lat < south || body.lat > north) {
    throw new HttpError(422, 'outside_china', `lon, lat: ${body.lon}, ${body.lat} is outside China (${west}–${east}°E, ${south}–${north}°N)`, [
      { field: 'lon', reason: 'outside China' },
      { field: 'lat', reason: 'outside China' },
    ]);
  }
  await db.transaction(async (tx) => {
    const ctx = await context(tx, id, [body.lon, body.lat]);
    if (ctx.inProvince === false) {
      throw new HttpError(422, 'outside_province', `lon, lat: ${body.lon}, ${body.lat} is not in ${ctx.provinceName}, where estate ${id} is (more than ${PROVINCE_TOLERANCE_M / 1000} km outside its outline)`, [
        { field: 'lon', reason: `outside ${ctx.provinceName}` },
        { field: 'lat', reason: `outside ${ctx.provinceName}` },
      ]);
    }
    if (ctx.hasRedLine) {
      throw new HttpError(409, 'has_red_line', `Estate ${id} has a red line: a provisional point is only for estates without one (change the red line in 设计范围 instead)`, {
        currentVersion: ctx.version,
      });
    }
    const rows = await tx.query<{ id: number }>(setLocationSql, [id, body.lon, body.lat, body.version]);
    if (rows.length === 0) throw stale(id, ctx.version, body.version);
  });
  return estateGeoJson(db, id);
}

/** Takes the provisional point away again (the estate is 待落图 once more), at the version read. */
export async function clearEstateLocation(db: Database, id: number, version: number): Promise<string> {
  await db.transaction(async (tx) => {
    const rows = await tx.query<{ id: number }>(clearLocationSql, [id, version]);
    if (rows.length === 1) return;
    const ctx = await context(tx, id, null);
    if (ctx.version !== version) throw stale(id, ctx.version, version);
    throw new HttpError(409, 'not_placed', `Estate ${id} has no provisional point to clear`, { currentVersion: ctx.version });
  });
  return estateGeoJson(db, id);
}
