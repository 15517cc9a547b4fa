import { LAYER_FIELDS, LAYER_GEOMETRY, type FieldType } from '../fields.ts';
import { envelope, envelopeOf, toWkb, type Written } from '../geometry.ts';
import { sqlite } from './sqlite.ts';
import type { ScopeFile } from './types.ts';

/**
 * A GeoPackage 1.2 (OGC 12-128r15) written by hand: the three required metadata tables, one
 * feature table per layer (estate, building, pipeline) and an attributes table with the scope's
 * metadata. Geometries are the standard GeoPackage blob: a header with the SRS id and the
 * envelope, then ISO WKB.
 */
const APPLICATION_ID = 0x47504b47; // 'GPKG'
const USER_VERSION = 10200; // 1.2.0

/** GCJ-02 has no EPSG code: an SRS of our own, whose WKT says what it is. */
export const GCJ02_SRS_ID = 990002;
const GCJ02_WKT =
  'GEOGCS["GCJ-02 (WGS 84 with the Chinese web-map offset)",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]';
const WGS84_WKT =
  'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]]';

const SQL_TYPE: Record<FieldType, string> = { integer: 'INTEGER', real: 'REAL', text: 'TEXT', boolean: 'BOOLEAN', date: 'DATE', list: 'TEXT' };

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

function cell(type: FieldType, v: unknown): number | string | null {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'boolean':
      return v ? 1 : 0;
    case 'list':
      return JSON.stringify(v);
    case 'integer':
    case 'real':
      return Number(v);
    default:
      return String(v);
  }
}

/** GeoPackage geometry blob: 'GP', version 0, flags (little-endian, xy envelope), srs id, envelope, WKB. */
export function gpkgBlob(g: Written, srsId: number): Uint8Array {
  const wkb = toWkb(g);
  const [minX, minY, maxX, maxY] = envelope(g);
  const head = new DataView(new ArrayBuffer(8 + 32));
  head.setUint8(0, 0x47);
  head.setUint8(1, 0x50);
  head.setUint8(2, 0);
  head.setUint8(3, 0b0000_0011); // envelope [minx, maxx, miny, maxy]; little-endian
  head.setInt32(4, srsId, true);
  [minX, maxX, minY, maxY].forEach((v, i) => head.setFloat64(8 + i * 8, v, true));
  const out = new Uint8Array(40 + wkb.length);
  out.set(new Uint8Array(head.buffer), 0);
  out.set(wkb, 40);
  return out;
}

export async function writeGpkg(file: ScopeFile): Promise<Uint8Array> {
  const SQL = await sqlite();
  const db = new SQL.Database();
  try {
    const srsId = file.crs.epsg ?? GCJ02_SRS_ID;
    const now = file.metadata.generatedAt;
    db.run(`PRAGMA application_id = ${APPLICATION_ID}; PRAGMA user_version = ${USER_VERSION};`);
    // One transaction: thousands of autocommitted inserts cost several times more, even in memory.
    db.run('BEGIN');
    db.run(`
      CREATE TABLE gpkg_spatial_ref_sys (
        srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL,
        organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
      CREATE TABLE gpkg_contents (
        table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '',
        last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
        CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
      CREATE TABLE gpkg_geometry_columns (
        table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL,
        z TINYINT NOT NULL, m TINYINT NOT NULL,
        CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name), CONSTRAINT uk_gc_table_name UNIQUE (table_name),
        CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
        CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));`);
    const srs = db.prepare(`INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)`);
    srs.run(['Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system']);
    srs.run(['Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system']);
    srs.run(['WGS 84 geodetic', 4326, 'EPSG', 4326, WGS84_WKT, 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid']);
    if (srsId === GCJ02_SRS_ID) {
      srs.run(['GCJ-02', GCJ02_SRS_ID, 'estate-renovation-map', GCJ02_SRS_ID, GCJ02_WKT, 'WGS 84 shifted by the GCJ-02 obfuscation of Chinese web maps (Amap, Tencent); no EPSG code']);
    } else if (srsId !== 4326) {
      srs.run([file.crs.label, srsId, 'EPSG', srsId, file.srsWkt!, file.crs.label]);
    }
    srs.free();

    for (const { layer, features } of file.layers) {
      const fields = LAYER_FIELDS[layer];
      db.run(
        `CREATE TABLE ${quote(layer)} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom ${LAYER_GEOMETRY[layer]}, ${fields
          .map(([name, type]) => `${quote(name)} ${SQL_TYPE[type]}`)
          .join(', ')})`,
      );
      const insert = db.prepare(`INSERT INTO ${quote(layer)} (geom, ${fields.map(([n]) => quote(n)).join(', ')}) VALUES (${['?', ...fields.map(() => '?')].join(', ')})`);
      for (const f of features) {
        insert.run([f.geometry ? gpkgBlob(f.geometry, srsId) : null, ...fields.map(([name, type]) => cell(type, f.props[name]))]);
      }
      insert.free();
      const box = envelopeOf(features.map((f) => f.geometry));
      db.run(`INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, min_x, min_y, max_x, max_y, srs_id) VALUES (?, 'features', ?, ?, ?, ?, ?, ?, ?, ?)`, [
        layer,
        layer,
        `${file.metadata.scope.name}: ${layer}`,
        now,
        ...(box ?? [null, null, null, null]),
        srsId,
      ]);
      db.run(`INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, ?, 0, 0)`, [layer, LAYER_GEOMETRY[layer], srsId]);
    }

    // The scope's metadata as key/value rows (a GeoPackage "attributes" table, which GDAL lists as a layer).
    db.run(`CREATE TABLE scope_metadata (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, key TEXT NOT NULL UNIQUE, value TEXT)`);
    const m = file.metadata;
    const rows: [string, string][] = [
      ['scope.kind', m.scope.kind],
      ['scope.id', m.scope.id === null ? '' : String(m.scope.id)],
      ['scope.name', m.scope.name],
      ['scope.estateIds', m.scope.estateIds.join(',')],
      ['source', m.source],
      ['generatedAt', m.generatedAt],
      ['crs', m.crs.name],
      ['crs.projected', String(m.crs.projected)],
      ['crs.epsg', m.crs.epsg === null ? '' : String(m.crs.epsg)],
      ['crs.label', m.crs.label],
      ['synthetic', String(m.synthetic)],
      ...Object.entries(m.counts).map(([k, v]) => [`counts.${k}`, String(v)] as [string, string]),
    ];
    const meta = db.prepare(`INSERT INTO scope_metadata (key, value) VALUES (?, ?)`);
    for (const r of rows) meta.run(r);
    meta.free();
    db.run(`INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change) VALUES ('scope_metadata', 'attributes', 'scope_metadata', 'what this file holds: scope, sources, time, CRS, synthetic flag', ?)`, [now]);
    db.run('COMMIT');
    return db.export();
  } finally {
    db.close();
  }
}
