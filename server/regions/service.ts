import type { Queryable } from '../db/engine.ts';
import { HttpError } from '../http/errors.ts';
import type { RegionLevel } from '../../shared/regions/contract.ts';
import { countryCollectionSql, regionsCollectionSql } from './sql.ts';

export interface RegionRow {
  code: string;
  name: string;
  level: RegionLevel;
  parent_code: string | null;
}

export async function findRegion(db: Queryable, code: string): Promise<RegionRow | undefined> {
  const [row] = await db.query<RegionRow>('SELECT code, name, level, parent_code FROM regions WHERE code = $1', [code]);
  return row;
}

/** The region, or a 404 that says which parameter named an unknown region. */
export async function requireRegion(db: Queryable, code: string, parameter: string, level?: RegionLevel) {
  const region = await findRegion(db, code);
  if (!region) throw new HttpError(404, 'unknown_region', `${parameter}: no region with code ${code}`, { parameter, code });
  if (level && region.level !== level) {
    throw new HttpError(400, 'bad_request', `${parameter}: ${code} (${region.name}) is a ${region.level}, not a ${level}`, {
      parameter,
      code,
      level: region.level,
    });
  }
  return region;
}

export async function regionsGeoJson(
  db: Queryable,
  level: RegionLevel | 'country' | undefined,
  parent: string | undefined,
  outlinedOnly = false,
) {
  if (parent) await requireRegion(db, parent, 'parent');
  if (level === 'country') {
    // The country is no region's child and has no parent.
    if (parent) return '{"type":"FeatureCollection","features":[]}';
    const [row] = await db.query<{ body: string }>(countryCollectionSql);
    return row!.body;
  }
  const [row] = await db.query<{ body: string }>(regionsCollectionSql, [level ?? null, parent ?? null, outlinedOnly]);
  return row!.body;
}
