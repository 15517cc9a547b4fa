import { readFileSync, writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Database } from '../../../server/db/engine.ts';
import { migrate } from '../../../server/db/migrate.ts';
import { pgliteDatabase } from '../../../server/db/pglite.ts';
import { postgisExtension } from '../../../server/db/postgis-bundle.ts';
import { withoutEntries } from '../../../server/db/tar-entries.ts';

/**
 * Why the API tests do not open their PGlite copy the way the server does (measured in README,
 * "Tests"): each test file used to copy the 92 MB template directory, start PGlite on it through
 * the real file system, and rm it again.
 *
 * Instead, global setup writes the template's data directory once per run as one tar (PGlite's own
 * dump format), which every copy loads into an in-memory file system. PostGIS comes from the
 * server's own slim bundle (server/db/postgis-bundle.ts). The database that a test talks to is the
 * same PostgreSQL and PostGIS build with the same template content; only where its files live
 * (memory) differs.
 * The Database wrapper is the server's own (server/db/pglite.ts).
 */

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
export async function openPgliteClone(template: { tar: string }): Promise<Database> {
  const pg = await PGlite.create({ loadDataDir: templateBlob(template.tar), extensions: { postgis: postgisExtension() } });
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
