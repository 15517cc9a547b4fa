import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { PGlite, type Extension } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import type { Database } from '../../../server/db/engine.ts';
import { migrate } from '../../../server/db/migrate.ts';
import { pgliteDatabase } from '../../../server/db/pglite.ts';

/**
 * Why the API tests do not open their PGlite copy the way the server does (measured in README,
 * "Tests"): each test file used to copy the 92 MB template directory, start PGlite on it through
 * the real file system, and rm it again; and every start unpacks PostGIS's 20 MB bundle and links
 * all three of its WebAssembly libraries (postgis, postgis_raster, postgis_topology), although the
 * schema only ever creates the `postgis` extension. Together about 4 CPU seconds per file.
 *
 * Instead, global setup writes two files once per run: the template's data directory as one tar
 * (PGlite's own dump format), loaded into an in-memory file system by every clone, and the PostGIS
 * bundle without the raster and topology libraries, stored uncompressed inside its gzip wrapper.
 * The database that a test talks to is the same PostgreSQL and PostGIS build with the same
 * template content; only where its files live (memory) and which unused libraries load differ.
 * The Database wrapper is the server's own (server/db/pglite.ts).
 */

/** Libraries in the PostGIS bundle that no migration loads (no CREATE EXTENSION names them). */
const UNUSED_LIBRARIES = /^lib\/postgresql\/postgis_(raster|topology)-3\.so$/;

/** Writes the PostGIS bundle minus the unused libraries to `out` (gzip level 0: nothing to inflate). */
export function writeSlimPostgisBundle(out: string): void {
  const require = createRequire(import.meta.url);
  const original = require.resolve('@electric-sql/pglite-postgis').replace(/index\.c?js$/, 'postgis.tar.gz');
  const { tar, dropped } = withoutEntries(gunzipSync(readFileSync(original)), (name) => UNUSED_LIBRARIES.test(name));
  if (dropped !== 2) throw new Error(`PostGIS bundle changed: expected to drop 2 libraries, dropped ${dropped}`);
  writeFileSync(out, gzipSync(tar, { level: 0 }));
}

/** A tar archive without the entries `drop` names (plain ustar: 512-byte headers and blocks). */
function withoutEntries(tar: Buffer, drop: (name: string) => boolean): { tar: Buffer; dropped: number } {
  const kept: Buffer[] = [];
  let dropped = 0;
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break; // end of archive
    const field = (from: number, len: number) => header.subarray(from, from + len).toString('latin1').replace(/\0.*$/s, '');
    const name = `${field(345, 155) ? `${field(345, 155)}/` : ''}${field(0, 100)}`;
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const length = 512 + Math.ceil(size / 512) * 512;
    if (drop(name)) dropped++;
    else kept.push(tar.subarray(at, at + length));
    at += length;
  }
  kept.push(Buffer.alloc(1024));
  return { tar: Buffer.concat(kept), dropped };
}

/**
 * Writes PGlite's dump of a closed data directory to `out` (uncompressed: every clone reads it).
 * Left out: the WAL segments after the one being written, which PostgreSQL keeps recycled for
 * later and would overwrite (it makes new ones when it needs them; a missing next segment is the
 * end of the WAL at startup, as a recycled one is). They were 32 of the dump's 95 MB, read and
 * copied into memory by every clone.
 */
export async function writeDataDirTar(dataDir: string, out: string): Promise<void> {
  // No PostGIS needed to copy files: nothing here calls a PostGIS function.
  const pg = await PGlite.create(`file://${dataDir}`);
  try {
    await pg.exec('CHECKPOINT');
    const [{ segment }] = (await pg.query<{ segment: string }>('SELECT pg_walfile_name(pg_current_wal_lsn()) AS segment')).rows as [{ segment: string }];
    const dump = Buffer.from(await (await pg.dumpDataDir('none')).arrayBuffer());
    const later = (name: string) => {
      const m = /(?:^|\/)pg_wal\/([0-9A-F]{24})$/.exec(name);
      return m !== null && m[1]! > segment;
    };
    writeFileSync(out, withoutEntries(dump, later).tar);
  } finally {
    await pg.close();
  }
}

/** The template tar, read once per worker process (workers run many files in a row). */
let cached: { path: string; blob: Blob } | null = null;
function templateBlob(path: string): Blob {
  if (cached?.path !== path) cached = { path, blob: new Blob([readFileSync(path)]) };
  return cached.blob;
}

/** A fresh in-memory database holding the template's content, opened as openDatabase would. */
export async function openPgliteClone(template: { tar: string; postgisBundle: string }): Promise<Database> {
  const slimPostgis: Extension = {
    name: 'postgis',
    setup: async (pg, options) => ({
      ...(await postgis.setup(pg, options)),
      bundlePath: new URL(`file://${template.postgisBundle}`),
    }),
  };
  const pg = await PGlite.create({ loadDataDir: templateBlob(template.tar), extensions: { postgis: slimPostgis } });
  let db: Database;
  try {
    // As server/db/pglite.ts and server/db/open.ts do on every start (both no-ops on the template).
    await pg.exec('CREATE EXTENSION IF NOT EXISTS postgis');
    db = pgliteDatabase(pg);
    await migrate(db);
  } catch (e) {
    await pg.close();
    throw e;
  }
  return db;
}
