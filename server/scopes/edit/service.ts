import type { Database, Queryable } from '../../db/engine.ts';
import { HttpError } from '../../http/errors.ts';
import type { EstateGeometryResponse, GeometryHistoryEntry } from '../../../shared/scopes/contract.ts';
import { unrepairable } from '../import/geometry-check.ts';
import { analyseSql, replaceEstateSql } from '../import/sql.ts';

/**
 * A red line drawn or reshaped in the browser, saved through the import's checks: the same
 * refusals (open rings, Z, no area), the same ST_MakeValid repair, the old line kept in
 * geometry_history, and the estate's version compared (409 when someone saved in between).
 */
export async function saveEstateGeometry(db: Database, id: number, body: { version: number; geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon }): Promise<EstateGeometryResponse> {
  const reason = unrepairable({ index: 0, properties: {}, geometry: body.geometry, has3d: false });
  if (reason) throw new HttpError(422, 'invalid_geometry', `geometry: ${reason}`, [{ field: 'geometry', reason }]);
  const [a] = await db.query<{ valid: boolean; why: string | null; empty: boolean; areaM2: number | null; wkb: string; minX: number; maxX: number; minY: number; maxY: number }>(analyseSql, [
    JSON.stringify([{ i: 0, g: JSON.stringify(body.geometry) }]),
    4326,
    null,
  ]);
  if (!(a!.minX >= -180 && a!.maxX <= 180 && a!.minY >= -90 && a!.maxY <= 90)) {
    throw new HttpError(422, 'invalid_geometry', 'geometry: positions must be longitude, latitude in degrees (WGS 84)', [{ field: 'geometry', reason: 'out of range' }]);
  }
  if (a!.empty) throw new HttpError(422, 'invalid_geometry', 'geometry: has no area left once made valid (its rings collapse to lines or points)', [{ field: 'geometry', reason: 'no area' }]);
  const repairs = a!.valid ? [] : [`made valid (${a!.why})`];
  const version = await db.transaction(async (tx) => {
    const rows = await tx.query<{ id: number; version: number }>(replaceEstateSql, [id, body.version, a!.wkb, 'drawn']);
    if (rows.length === 1) return rows[0]!.version;
    const [current] = await tx.query<{ version: number }>(`SELECT version FROM estates WHERE id = $1`, [id]);
    if (!current) throw new HttpError(404, 'not_found', `No estate with id ${id}`, { parameter: 'id', id });
    throw new HttpError(409, 'stale_version', `Estate ${id} was changed by someone else (version ${current.version}, you sent ${body.version}): reload it and draw again`, {
      currentVersion: current.version,
    });
  });
  const [saved] = await db.query<{ geometry: string }>(`SELECT ST_AsGeoJSON(geom, 7) AS geometry FROM estates WHERE id = $1`, [id]);
  return { id, version, areaM2: Math.round(a!.areaM2! * 100) / 100, repairs, geometry: JSON.parse(saved!.geometry) as GeoJSON.MultiPolygon };
}

/** An estate's replaced red lines and footprints, newest first. */
export async function estateGeometryHistory(db: Queryable, id: number): Promise<GeometryHistoryEntry[]> {
  const exists = await db.query(`SELECT 1 FROM estates WHERE id = $1`, [id]);
  if (!exists.length) throw new HttpError(404, 'not_found', `No estate with id ${id}`, { parameter: 'id', id });
  const rows = await db.query<Omit<GeometryHistoryEntry, 'geometry'> & { geometry: string | null }>(
    `SELECT id, layer, building_id AS "buildingId", version, synthetic, replaced_at::text AS "replacedAt", replaced_by AS "replacedBy", ST_AsGeoJSON(geom, 7) AS geometry
     FROM geometry_history WHERE estate_id = $1 ORDER BY replaced_at DESC, id DESC`,
    [id],
  );
  return rows.map((r) => ({ ...r, geometry: r.geometry ? (JSON.parse(r.geometry) as GeoJSON.MultiPolygon) : null }));
}
