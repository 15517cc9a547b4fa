import type { Queryable } from '../db/engine.ts';
import { HttpError } from '../http/errors.ts';
import { requireRegion } from '../regions/service.ts';
import { estateByIdSql, estatesCollectionSql } from './sql.ts';

export interface EstateFilter {
  district?: string;
  year?: number;
  bbox?: [number, number, number, number];
  /** YYYY-MM: figures as of the end of that month (estatesCollectionSql); absent: the latest. */
  period?: string;
}

export async function estatesGeoJson(db: Queryable, f: EstateFilter): Promise<string> {
  if (f.district) await requireRegion(db, f.district, 'district', 'district');
  const [minLon, minLat, maxLon, maxLat] = f.bbox ?? [null, null, null, null];
  const [row] = await db.query<{ body: string }>(estatesCollectionSql, [
    f.district ?? null,
    f.year ?? null,
    minLon,
    minLat,
    maxLon,
    maxLat,
    f.period ?? null,
  ]);
  return row!.body;
}

export async function estateGeoJson(db: Queryable, id: number): Promise<string> {
  const [row] = await db.query<{ body: string }>(estateByIdSql, [id]);
  if (!row) throw new HttpError(404, 'not_found', `No estate with id ${id}`, { parameter: 'id', id });
  return row.body;
}
