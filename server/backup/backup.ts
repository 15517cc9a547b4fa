import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { lockDataDir } from '../db/dir-lock.ts';

const run = promisify(execFile);
const gzipAsync = promisify(gzip);

/**
 * The embedded backup's gzip level. The server is stopped while it runs, so its time is downtime:
 * on the demo database (95 MB of files) level 1 takes 0.4 s and gives 20.5 MB, where PGlite's own
 * gzip (level 6) takes 1.3 s for 18.0 MB.
 */
const FAST = 1;

/**
 * Backup and restore for both engines.
 *
 * Real server: `pg_dump --format=custom` (one file, compressed, restorable table by table) and
 * `pg_restore` into an empty database; the PostGIS extension comes back with it (the target server
 * needs the PostGIS package installed). pg_dump takes a consistent snapshot while the app runs.
 *
 * Embedded: PGlite's own dump of its data directory (a tar, gzipped at level 1), loaded back with
 * loadDataDir.
 * The directory belongs to one process, so the server must be stopped for either step: the backup
 * takes the directory's lock (server/db/dir-lock.ts) and is refused, naming the server's pid,
 * while a server holds it. Neither step runs a query, so PGlite starts without PostGIS: its
 * library is only loaded when a PostGIS function is called, and the files copied are the same
 * (tests/api/backup.test.ts restores a backup and compares every table, geometry included).
 */
export async function backupPostgres(url: string, file: string): Promise<void> {
  await run('pg_dump', ['--format=custom', '--no-owner', '--file', file, '--dbname', url], { maxBuffer: 64 * 2 ** 20 });
}

/** Restores into `url`, which must name an existing, empty database. */
export async function restorePostgres(url: string, file: string): Promise<void> {
  await run('pg_restore', ['--no-owner', '--exit-on-error', '--single-transaction', '--dbname', url, file], { maxBuffer: 64 * 2 ** 20 });
}

export async function backupPglite(dataDir: string, file: string): Promise<void> {
  if (!existsSync(dataDir)) throw new Error(`${dataDir}: no embedded database there`);
  const lock = lockDataDir(dataDir, 'backup');
  try {
    const pg = await PGlite.create(`file://${dataDir}`);
    try {
      const dump = await pg.dumpDataDir('none');
      await writeFile(file, await gzipAsync(new Uint8Array(await dump.arrayBuffer()), { level: FAST }));
    } finally {
      await pg.close();
    }
  } finally {
    lock.release();
  }
}

/** Restores into `dataDir`, which must not exist yet or be empty: a restore never overwrites data. */
export async function restorePglite(file: string, dataDir: string): Promise<void> {
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) throw new Error(`${dataDir} is not empty: restore into a new directory`);
  const dump = new Blob([new Uint8Array(await readFile(file))]);
  const lock = lockDataDir(dataDir, 'restore');
  try {
    const pg = await PGlite.create(`file://${dataDir}`, { loadDataDir: dump });
    await pg.close();
  } finally {
    lock.release();
  }
}
