import type { Queryable } from '../db/engine.ts';
import { HttpError } from '../http/errors.ts';
import { requireRegion } from '../regions/service.ts';
import type { EstateFeatureCache } from './feature-cache.ts';
import { estateByIdSql, estatesCollectionSql } from './sql.ts';

export interface EstateFilter {
  district?: string;
  year?: number;
  bbox?: [number, number, number, number];
  /** YYYY-MM: figures as of the end of that month (estatesCollectionSql); absent: the latest. */
  period?: string;
  /** The region a reporter reports for: only their estates. Absent for staff. */
  scope?: string;
}

/**
 * The estates list as GeoJSON text. The latest figures are concatenated from each estate's kept
 * feature text when a cache is given (server/estates/feature-cache.ts); a month asked (`period`)
 * is built from scratch, since each month has its own figures.
 */
export async function estatesGeoJson(db: Queryable, f: EstateFilter, features?: EstateFeatureCache): Promise<string> {
  if (f.district) await requireRegion(db, f.district, 'district', 'district');
  if (features && !f.period) {
    return features.collection(db, { district: f.district ?? null, year: f.year ?? null, bbox: f.bbox ?? null, scope: f.scope ?? null });
  }
  const [minLon, minLat, maxLon, maxLat] = f.bbox ?? [null, null, null, null];
  const [row] = await db.query<{ body: string }>(estatesCollectionSql, [
    f.district ?? null,
    f.year ?? null,
    minLon,
    minLat,
    maxLon,
    maxLat,
    f.period ?? null,
    f.scope ?? null,
  ]);
  return row!.body;
}

export async function estateGeoJson(db: Queryable, id: number): Promise<string> {
  const [row] = await db.query<{ body: string }>(estateByIdSql, [id]);
  if (!row) throw new HttpError(404, 'not_found', `No estate with id ${id}`, { parameter: 'id', id });
  return row.body;
}
