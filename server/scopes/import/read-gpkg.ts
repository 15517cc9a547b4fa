import { HttpError } from '../../http/errors.ts';
import { checkFeatureLimits } from '../../http/limits.ts';
import { sqlite } from '../export/formats/sqlite.ts';
import type { RawFeature, ReadFile, SourceCrs } from './types.ts';
import { readWkb } from './wkb-read.ts';

/**
 * A GeoPackage: the feature tables named estate and building (what this app exports), else its
 * only feature table. The SRS comes from gpkg_spatial_ref_sys: an EPSG code when the organisation
 * is EPSG, else its WKT definition.
 */
export async function readGpkg(name: string, bytes: Uint8Array, srid: number | undefined): Promise<ReadFile> {
  const SQL = await sqlite();
  let db;
  try {
    db = new SQL.Database(bytes);
    db.exec('SELECT count(*) FROM sqlite_master');
  } catch (e) {
    db?.close();
    throw new HttpError(422, 'unreadable_file', `${name}: not a readable GeoPackage (${(e as Error).message})`, { file: name });
  }
  try {
    const rows = (sql: string, params: (string | number)[] = []) => {
      const st = db.prepare(sql);
      st.bind(params);
      const out: Record<string, unknown>[] = [];
      while (st.step()) out.push(st.getAsObject());
      st.free();
      return out;
    };
    let tables: Record<string, unknown>[];
    try {
      tables = rows(`SELECT g.table_name, g.column_name, g.srs_id, s.organization, s.organization_coordsys_id, s.definition, s.srs_name
                     FROM gpkg_geometry_columns g JOIN gpkg_spatial_ref_sys s ON s.srs_id = g.srs_id ORDER BY g.rowid`);
    } catch {
      throw new HttpError(422, 'unreadable_file', `${name}: a SQLite file without GeoPackage tables (gpkg_geometry_columns)`, { file: name });
    }
    const ours = tables.filter((t) => t.table_name === 'estate' || t.table_name === 'building');
    const picked = ours.length ? ours : tables;
    if (picked.length === 0) throw new HttpError(422, 'empty_file', `${name}: the GeoPackage has no feature table`, { file: name });
    if (picked.length > 1 && !ours.length) {
      throw new HttpError(422, 'several_tables', `${name}: the GeoPackage has ${picked.length} feature tables (${picked.map((t) => t.table_name).join(', ')}); send one`, {
        file: name,
        tables: picked.map((t) => t.table_name),
      });
    }
    const crsOf = (t: Record<string, unknown>): SourceCrs => {
      if (srid) return { srid, label: `EPSG:${srid} (from the form)` };
      if (String(t.organization).toUpperCase() === 'EPSG') return { srid: Number(t.organization_coordsys_id), label: `EPSG:${t.organization_coordsys_id}` };
      if (/^GCJ-02/.test(String(t.srs_name))) {
        throw new HttpError(422, 'gcj02_not_imported', `${name}: GCJ-02 coordinates are offset on purpose and cannot be surveyed data; export in wgs84 or cgcs2000 to edit and import`, { file: name });
      }
      const def = String(t.definition ?? '');
      if (!def || def === 'undefined') throw new HttpError(422, 'no_crs', `${name}: table ${t.table_name} has an undefined SRS: send srid (an EPSG code)`, { file: name });
      return { wkt: def, label: String(t.srs_name) };
    };
    const crsList = picked.map(crsOf);
    if (new Set(crsList.map((c) => JSON.stringify(c))).size > 1) {
      throw new HttpError(422, 'several_crs', `${name}: the tables ${picked.map((t) => t.table_name).join(', ')} use different SRSs; send one at a time`, { file: name });
    }
    const features: RawFeature[] = [];
    for (const t of picked) {
      const geomColumn = String(t.column_name);
      for (const row of rows(`SELECT * FROM "${String(t.table_name).replace(/"/g, '""')}"`)) {
        const blob = row[geomColumn] as Uint8Array | null;
        const { [geomColumn]: _g, fid: _fid, ...properties } = row;
        const index = features.length;
        let parsed: ReturnType<typeof readWkb> | null = null;
        if (blob && blob.length) {
          try {
            parsed = readWkb(blob.subarray(gpkgHeaderLength(blob)));
          } catch (e) {
            throw new HttpError(422, 'unreadable_geometry', `${name}: feature ${index} (table ${t.table_name}): ${(e as Error).message}`, { file: name, feature: index });
          }
        }
        features.push({ index, properties, geometry: parsed?.geometry ?? null, has3d: parsed?.has3d ?? false, table: String(t.table_name) });
      }
    }
    checkFeatureLimits(name, null, features, 1);
    return { format: 'gpkg', crs: crsList[0]!, features };
  } finally {
    db.close();
  }
}

/** 8 bytes, plus 0/32/48/48/64 bytes of envelope by the flags' envelope indicator. */
function gpkgHeaderLength(blob: Uint8Array): number {
  if (blob[0] !== 0x47 || blob[1] !== 0x50) throw new Error('not a GeoPackage geometry blob (no GP magic)');
  const indicator = (blob[3]! >> 1) & 0b111;
  return 8 + [0, 32, 48, 48, 64][indicator]!;
}
