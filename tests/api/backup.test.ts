import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { startServerProcess } from '../../bench/support/server-process.ts';
import { backupPglite, backupPostgres, restorePglite, restorePostgres } from '../../server/backup/backup.ts';
import type { Database } from '../../server/db/engine.ts';
import { openDatabase } from '../../server/db/open.ts';
import { withAdmin } from './support/admin.ts';
import { clonePgliteDir, embeddedDataDir, readyTemplate } from './support/template.ts';
import { databaseFingerprint, TEST_PASSWORD } from './support/test-app.ts';
import { databaseUrl } from './support/urls.ts';

/**
 * Backup and restore on the engine this run tests: pg_dump/pg_restore on the real server, PGlite's
 * data-directory dump/load embedded. A restored copy must hold exactly what the original held:
 * every table's row count and checksum, audit trail and accounts included.
 */
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** Some writes through the API first, so that the backup holds sessions, audit rows and new rows. */
async function writeThroughApi(db: Database) {
  const app = createApp({ db, env: { UPLOAD_LIMIT_BYTES: 2 ** 20, BASEMAP_STYLE_URL: undefined } });
  const login = await app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'planner', password: TEST_PASSWORD }),
  });
  const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const [{ id }] = (await db.query<{ id: number }>(`SELECT id FROM estates WHERE district_code = '360703' ORDER BY id LIMIT 1`)) as [{ id: number }];
  const res = await app.request('/api/zones', {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ name: '备份片区', estateIds: [id] }),
  });
  expect(res.status).toBe(201);
}

const counts = (fp: Record<string, string>) => Object.fromEntries(Object.entries(fp).map(([t, v]) => [t, Number(v.split(':')[0])]));

describe('backup and restore', () => {
  it('gives back identical row counts and checksums in every table', async () => {
    const template = await readyTemplate();
    const file = join(mkdtempSync(join(tmpdir(), 'estates-backup-')), template.kind === 'postgres' ? 'estates.dump' : 'estates.tar.gz');
    cleanups.push(() => rmSync(join(file, '..'), { recursive: true, force: true }));
    let original: Record<string, string>;
    let restored: Record<string, string>;

    if (template.kind === 'postgres') {
      const url = process.env.DATABASE_URL!;
      const base = `${template.name.replace(/_template$/, '')}_backup_${process.pid}`;
      await withAdmin(url, async (run) => {
        await run(`DROP DATABASE IF EXISTS ${base} WITH (FORCE)`);
        await run(`DROP DATABASE IF EXISTS ${base}_restored WITH (FORCE)`);
        await run(`CREATE DATABASE ${base} TEMPLATE ${template.name}`);
        await run(`CREATE DATABASE ${base}_restored TEMPLATE template0`);
      });
      cleanups.push(() => withAdmin(url, async (run) => {
        await run(`DROP DATABASE IF EXISTS ${base} WITH (FORCE)`);
        await run(`DROP DATABASE IF EXISTS ${base}_restored WITH (FORCE)`);
      }));
      const db = await openDatabase({ DATABASE_URL: databaseUrl(url, base), DATA_DIR: '' });
      await writeThroughApi(db);
      original = await databaseFingerprint(db);
      // pg_dump reads a consistent snapshot while the app stays connected.
      await backupPostgres(databaseUrl(url, base), file);
      await db.close();
      await restorePostgres(databaseUrl(url, `${base}_restored`), file);
      const copy = await openDatabase({ DATABASE_URL: databaseUrl(url, `${base}_restored`), DATA_DIR: '' });
      restored = await databaseFingerprint(copy);
      await copy.close();
    } else {
      const dir = await clonePgliteDir();
      const target = mkdtempSync(join(tmpdir(), 'estates-restored-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      cleanups.push(() => rmSync(target, { recursive: true, force: true }));
      const db = await openDatabase({ DATA_DIR: dir });
      await writeThroughApi(db);
      original = await databaseFingerprint(db);
      await db.close(); // the directory belongs to one process: stop the server first
      await backupPglite(dir, file);
      await restorePglite(file, target);
      await expect(restorePglite(file, target)).rejects.toThrow(/not empty/);
      const copy = await openDatabase({ DATA_DIR: target });
      restored = await databaseFingerprint(copy);
      await copy.close();
    }

    expect(counts(restored)).toEqual(counts(original));
    expect(counts(original).zones).toBeGreaterThan(0);
    expect(counts(original).audit_log).toBeGreaterThan(0);
    expect(counts(original).sessions).toBeGreaterThan(0);
    expect(restored).toEqual(original);
  });
});

/**
 * Issue 14, item 7: `npm run db:backup` on the embedded engine while a server holds the data
 * directory is refused with a clear message (a lock the running process holds), whichever engine
 * this run tests: the lock is the embedded engine's own.
 */
describe('an embedded backup while the server runs', () => {
  const backupCli = (dir: string, file: string) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'server/backup/cli.ts', 'backup', file], {
      env: { ...process.env, DATA_DIR: dir, DATABASE_URL: '' },
      encoding: 'utf8',
      timeout: 120_000,
    });

  it('is refused in the same process while the database is open, and works once it is closed', async () => {
    const dir = await embeddedDataDir();
    const file = join(mkdtempSync(join(tmpdir(), 'estates-backup-')), 'b.tar.gz');
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => rmSync(join(file, '..'), { recursive: true, force: true }));
    const db = await openDatabase({ DATA_DIR: dir });
    await expect(backupPglite(dir, file)).rejects.toThrow(/in use by .*pid \d+.*stop the server first/s);
    expect(existsSync(file)).toBe(false);
    // A second server on the same directory is refused the same way (two would corrupt it).
    await expect(openDatabase({ DATA_DIR: dir })).rejects.toThrow(/in use by/);
    await db.close();
    await backupPglite(dir, file);
    expect(statSync(file).size).toBeGreaterThan(0);
  });

  it('is refused from another process while `npm start` runs, and succeeds after it stops', async () => {
    const dir = await embeddedDataDir();
    const out = mkdtempSync(join(tmpdir(), 'estates-backup-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => rmSync(out, { recursive: true, force: true }));
    const server = await startServerProcess({ DATA_DIR: dir, DATABASE_URL: '', DEMO_DATA: '0' });
    try {
      const refused = backupCli(dir, join(out, 'while-running.tar.gz'));
      expect(refused.status, refused.stderr).toBe(1);
      expect(refused.stderr).toContain(`in use by the server (pid ${server.pid}`);
      expect(refused.stderr).toMatch(/stop the server first/);
      expect(existsSync(join(out, 'while-running.tar.gz'))).toBe(false);
      // The server is unharmed.
      expect((await fetch(`${server.baseUrl}/api/health`)).status).toBe(200);
    } finally {
      await server.stop();
    }
    const done = backupCli(dir, join(out, 'stopped.tar.gz'));
    expect(done.status, done.stderr).toBe(0);
    expect(statSync(join(out, 'stopped.tar.gz')).size).toBeGreaterThan(0);
  });
});
