import { createApp } from '../../../server/app.ts';
import type { Database } from '../../../server/db/engine.ts';
import { openDatabase } from '../../../server/db/open.ts';
import { borrowPgliteCopy } from './pglite-pool.ts';
import { readyTemplate } from './template.ts';
import { publicTables, rowVersionsSql, tableChecksum, untilWritten } from './table-state.ts';
import { withAdmin } from './admin.ts';
import { databaseUrl } from './urls.ts';
import { CSRF_HEADER, SESSION_COOKIE, type Role } from '../../../shared/auth.ts';
import type { Me } from '../../../shared/auth/contract.ts';

export { publicTables, tableChecksum };

/** The password of every demo account in the test template (tests/api/support/global-setup.ts). */
export const TEST_PASSWORD = 'test-password-8';

/** Calls the app in-process as one user (or nobody). */
export interface Client {
  /** e.g. '/api/estates?district=360703'; the session cookie and, on writes, the CSRF token added. */
  request(path: string, init?: RequestInit): Promise<Response>;
  json<T = unknown>(path: string, init?: RequestInit): Promise<{ status: number; body: T }>;
  /** The signed-in user (null for the anonymous client). */
  me: Me | null;
}

export interface TestApp extends Client {
  db: Database;
  /** No session at all. */
  anonymous: Client;
  /** Logs in through POST /api/auth/login; the demo accounts' password is TEST_PASSWORD. */
  login(username: string, password?: string): Promise<Client>;
  /** The demo account of a role (reporter: reporter-360703, Nankang). */
  as(role: Role): Promise<Client>;
  close(): Promise<void>;
}

export const UPLOAD_LIMIT_BYTES = 1024 * 1024;

/**
 * A fresh copy of the demo database behind the API, on the engine this run tests. The app itself
 * (request/json) calls as the demo admin, so a test about something else need not think about
 * sessions; `as(role)`, `login()` and `anonymous` are there for the tests that do.
 */
export async function testApp(options: { wrapDatabase?: (db: Database) => Database } = {}): Promise<TestApp> {
  const template = await readyTemplate();
  let db: Database;
  let cleanup: () => Promise<void>;
  if (template.kind === 'postgres') {
    const url = process.env.DATABASE_URL!;
    const name = `${template.name.replace(/_template$/, '')}_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
    await withAdmin(url, (run) => run(`CREATE DATABASE ${name} TEMPLATE ${template.name}`));
    db = await openDatabase({ DATABASE_URL: databaseUrl(url, name), DATA_DIR: '' });
    cleanup = async () => {
      await db.close();
      await withAdmin(url, (run) => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    };
  } else {
    // A copy this worker used for an earlier file, put back as the template had it (pglite-pool.ts).
    const copy = await borrowPgliteCopy({ tar: template.tar });
    db = copy.db;
    cleanup = copy.giveBack;
  }
  // The app may see the database through a wrapper (tests/api/read-your-writes.test.ts); the test
  // itself queries the database directly.
  const api = createApp({ db: options.wrapDatabase?.(db) ?? db, env: { UPLOAD_LIMIT_BYTES, BASEMAP_STYLE_URL: undefined } });
  const raw = (path: string, init?: RequestInit) => Promise.resolve(api.request(path, init));
  const anonymous = client(raw, null, null);
  const login = async (username: string, password = TEST_PASSWORD): Promise<Client> => {
    const res = await raw('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (res.status !== 200) throw new Error(`login as ${username}: ${res.status} ${await res.text()}`);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!.split(';')[0]!;
    return client(raw, cookie, (await res.json()) as Me);
  };
  const as = (role: Role) => login(role === 'reporter' ? 'reporter-360703' : role);
  let admin: Client;
  try {
    admin = await as('admin');
  } catch (e) {
    await cleanup();
    throw e;
  }
  return { ...admin, db, anonymous, login, as, close: cleanup };
}

function client(raw: (path: string, init?: RequestInit) => Promise<Response>, cookie: string | null, me: Me | null): Client {
  const request = (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (cookie && !headers.has('cookie')) headers.set('cookie', cookie);
    const method = (init.method ?? 'GET').toUpperCase();
    if (me && !['GET', 'HEAD'].includes(method) && !headers.has(CSRF_HEADER)) headers.set(CSRF_HEADER, me.csrfToken);
    return raw(path, { ...init, headers });
  };
  return {
    me,
    request,
    async json<T>(path: string, init?: RequestInit) {
      const res = await request(path, init);
      return { status: res.status, body: (await res.json()) as T };
    },
  };
}

/**
 * Row counts and a checksum of every table's content: proves a rejected request changed nothing.
 *
 * The checksum reads every row as text, which for the nationwide regions (45,800 rows, province
 * outlines) cost about 0.19 s per call, and some tests call it hundreds of times. So the checksum of
 * a table is kept per database and recomputed only when the table's row versions moved
 * (rowVersionsSql, table-state.ts says why that is enough). The answer is the text computing every
 * checksum afresh gives (tests/api/fingerprint.test.ts checks that).
 *
 * Reading the row versions still took about 48 ms (27 of them on the regions), and most calls
 * follow a request that wrote nothing: then the last answer stands (untilWritten, table-state.ts).
 */
const checksums = new WeakMap<Database, Map<string, { version: string; value: string }>>();
const quietFingerprint = untilWritten<Record<string, string>>();

export async function databaseFingerprint(db: Database): Promise<Record<string, string>> {
  return { ...(await quietFingerprint(db, () => readFingerprint(db))) };
}

async function readFingerprint(db: Database): Promise<Record<string, string>> {
  const versions = await db.query<{ t: string; v: string }>(rowVersionsSql(await publicTables(db)));
  const known = checksums.get(db) ?? new Map<string, { version: string; value: string }>();
  checksums.set(db, known);
  const out: Record<string, string> = {};
  for (const { t, v } of versions) {
    const hit = known.get(t);
    if (hit?.version === v) {
      out[t] = hit.value;
      continue;
    }
    out[t] = await tableChecksum(db, t);
    known.set(t, { version: v, value: out[t] });
  }
  return out;
}

