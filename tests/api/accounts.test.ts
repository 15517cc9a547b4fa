import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { openDatabase } from '../../server/db/open.ts';
import { startServerProcess } from '../../bench/support/server-process.ts';
import { login } from '../../bench/support/session.ts';
import { withAdmin } from './support/admin.ts';
import { clonePgliteDir, embeddedDataDir, readyTemplate } from './support/template.ts';
import { databaseUrl } from './support/urls.ts';
import { testApp } from './support/test-app.ts';
import { seedDemoAccounts } from '../../server/auth/demo-accounts.ts';

/**
 * Where accounts come from: demo accounts on the embedded engine's first start (DEMO_PASSWORD, or
 * a generated password printed once), none with DATABASE_URL, and `npm run user:create` for the
 * first admin of a real server.
 */
const TSX = ['--import', 'tsx'];
const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** The engine of this run, as an environment for a child process, on a copy of the demo database. */
async function copyOfDemo(): Promise<Record<string, string>> {
  const template = await readyTemplate();
  if (template.kind === 'postgres') {
    const url = process.env.DATABASE_URL!;
    const name = `${template.name.replace(/_template$/, '')}_accounts_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
    await withAdmin(url, (run) => run(`CREATE DATABASE ${name} TEMPLATE ${template.name}`));
    cleanups.push(() => withAdmin(url, (run) => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)));
    return { DATABASE_URL: databaseUrl(url, name), DATA_DIR: '' };
  }
  const dir = await clonePgliteDir();
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return { DATA_DIR: dir, DATABASE_URL: '' };
}

function userCreate(env: Record<string, string>, args: string[], stdin?: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...TSX, 'server/auth/cli.ts', ...args], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.stdin.end(stdin ?? '');
    child.on('exit', (code) => resolve({ code: code ?? -1, out }));
  });
}

describe('npm run user:create', () => {
  it('creates an account whose password (from USER_PASSWORD or stdin) logs in, and refuses bad requests', async () => {
    const env = await copyOfDemo();
    const made = await userCreate({ ...env, USER_PASSWORD: 'first-admin-pw' }, ['--username', 'ada', '--role', 'admin']);
    expect(made, made.out).toMatchObject({ code: 0 });
    expect(made.out).toMatch(/created admin ada/);
    const piped = await userCreate(env, ['--username', 'rong', '--role', 'reporter', '--region', '360703001'], 'street-reporter-pw\n');
    expect(piped.code, piped.out).toBe(0);

    expect(await userCreate({ ...env, USER_PASSWORD: 'another-pw-1' }, ['--username', 'ada', '--role', 'planner'])).toMatchObject({ code: 1 });
    const noRegion = await userCreate({ ...env, USER_PASSWORD: 'another-pw-1' }, ['--username', 'bob', '--role', 'reporter']);
    expect(noRegion.code).toBe(2);
    expect(noRegion.out).toMatch(/regionCode: a reporter needs/);
    expect((await userCreate({ ...env, USER_PASSWORD: 'short' }, ['--username', 'bob', '--role', 'leader'])).code).toBe(2);
    expect((await userCreate({ ...env, USER_PASSWORD: 'long-enough-1' }, ['--username', 'bob', '--role', 'king'])).code).toBe(2);

    const db = await openDatabase({ DATA_DIR: env.DATA_DIR!, DATABASE_URL: env.DATABASE_URL || undefined });
    try {
      const rows = await db.query<{ username: string; role: string; region_code: string | null }>(
        `SELECT username, role, region_code FROM users WHERE username IN ('ada', 'rong', 'bob') ORDER BY username`,
      );
      expect(rows).toEqual([
        { username: 'ada', role: 'admin', region_code: null },
        { username: 'rong', role: 'reporter', region_code: '360703001' },
      ]);
      const [audit] = await db.query<{ actor: string; request: string }>(`SELECT actor, request FROM audit_log WHERE table_name = 'users' AND after->>'username' = 'ada'`);
      expect(audit).toMatchObject({ actor: expect.stringMatching(/^cli:/), request: 'npm run user:create' });
      // The passwords log in through the server's own login route (a server process on this
      // database is what the demo-accounts tests below start; here the app runs in this process).
      const app = createApp({ db, env: { UPLOAD_LIMIT_BYTES: 2 ** 20, BASEMAP_STYLE_URL: undefined } });
      const login = (username: string, password: string) =>
        app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
      const ada = await login('ada', 'first-admin-pw');
      expect(ada.status).toBe(200);
      expect(ada.headers.getSetCookie()[0]).toMatch(/^session=/);
      expect(await ada.json()).toMatchObject({ username: 'ada', role: 'admin' });
      expect(await (await login('rong', 'street-reporter-pw')).json()).toMatchObject({ username: 'rong', role: 'reporter', region: { code: '360703001' } });
      expect((await login('ada', 'another-pw-1')).status).toBe(401);
    } finally {
      await db.close();
    }
  });
});

describe('demo accounts', () => {
  it('are made only without DATABASE_URL, only into an empty account table, one per role', async () => {
    const t = await testApp();
    cleanups.push(() => t.close());
    await t.db.query('DELETE FROM users');
    expect(await seedDemoAccounts({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/x', DEMO_PASSWORD: 'demo-password-1' }, t.db)).toBeNull();
    expect(await t.db.query('SELECT username FROM users')).toEqual([]);
    expect(await seedDemoAccounts({ DEMO_PASSWORD: 'demo-password-1' }, t.db)).toEqual({
      usernames: ['admin', 'planner', 'leader', 'designer', 'reporter-360703'],
      password: 'demo-password-1',
      generated: false,
    });
    expect(await t.db.query('SELECT username, role, region_code FROM users ORDER BY id')).toEqual([
      { username: 'admin', role: 'admin', region_code: null },
      { username: 'planner', role: 'planner', region_code: null },
      { username: 'leader', role: 'leader', region_code: null },
      { username: 'designer', role: 'designer', region_code: null },
      { username: 'reporter-360703', role: 'reporter', region_code: '360703' },
    ]);
    expect(await seedDemoAccounts({}, t.db)).toBeNull(); // accounts exist: nothing made, nothing printed
    await expect(t.login('reporter-360703', 'demo-password-1')).resolves.toBeTruthy();
  });

  it('on an embedded start with no accounts, as the first: one per role, with a generated password printed once', async () => {
    // The demo database without its accounts, as the first start finds it once the demo data is
    // loaded (an empty directory would add PGlite's initdb, ~13 CPU s, which global setup already
    // goes through). The run against PostgreSQL has no PGlite template, so there it is an empty
    // directory: a real first start, as in tests/e2e.
    const template = await readyTemplate();
    const dir = await embeddedDataDir();
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    if (template.kind === 'pglite') {
      const db = await openDatabase({ DATA_DIR: dir });
      await db.query('DELETE FROM users');
      await db.close();
    }
    const server = await startServerProcess({ DATA_DIR: dir, DATABASE_URL: '', DEMO_PASSWORD: '', DEMO_DATA: '1' });
    let first = '';
    try {
      const log = server.output();
      const m = /\[demo\] accounts (.+) with the password (\S+)/.exec(log);
      expect(m, log).not.toBeNull();
      expect(m![1]).toBe('admin, planner, leader, designer, reporter-360703');
      first = m![2]!;
      for (const user of ['admin', 'reporter-360703']) await expect(login(server.baseUrl, user, first)).resolves.toBeTruthy();
    } finally {
      await server.stop();
    }
    // The second start keeps the accounts and prints no password.
    const again = await startServerProcess({ DATA_DIR: dir, DATABASE_URL: '', DEMO_PASSWORD: '' });
    try {
      expect(again.output()).not.toMatch(/\[demo\] accounts/);
      await expect(login(again.baseUrl, 'leader', first)).resolves.toBeTruthy();
    } finally {
      await again.stop();
    }
  });
});
