import initSqlJs, { type SqlJsStatic } from 'sql.js';

let engine: Promise<SqlJsStatic> | undefined;

/**
 * SQLite in WebAssembly (sql.js): GeoPackages are written and read in memory, with no native
 * module to build and no GDAL at run time. Loaded once, on the first GeoPackage.
 */
export function sqlite(): Promise<SqlJsStatic> {
  engine ??= initSqlJs();
  return engine;
}
