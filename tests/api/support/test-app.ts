import { rmSync } from 'node:fs';
import { inject } from 'vitest';
import { createApp } from '../../../server/app.ts';
import type { Database } from '../../../server/db/engine.ts';
import { openDatabase } from '../../../server/db/open.ts';
import { clonePgliteDir } from './global-setup.ts';
import { withAdmin } from './admin.ts';
import { databaseUrl } from './urls.ts';

export interface TestApp {
  db: Database;
  /** Calls the app in-process, e.g. '/api/estates?district=360703'. */
  request(path: string, init?: RequestInit): Promise<Response>;
  json<T = unknown>(path: string, init?: RequestInit): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

export const UPLOAD_LIMIT_BYTES = 1024 * 1024;

/** A fresh copy of the demo database behind the API, on the engine this run tests. */
export async function testApp(): Promise<TestApp> {
  const template = inject('template');
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
    const dir = clonePgliteDir(template.name);
    db = await openDatabase({ DATA_DIR: dir });
    cleanup = async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const api = createApp({ db, env: { UPLOAD_LIMIT_BYTES, BASEMAP_STYLE_URL: undefined } });
  const request = (path: string, init?: RequestInit) => Promise.resolve(api.request(path, init));
  return {
    db,
    request,
    async json<T>(path: string, init?: RequestInit) {
      const res = await request(path, init);
      return { status: res.status, body: (await res.json()) as T };
    },
    close: cleanup,
  };
}

/** Row counts and a checksum of every table's content: proves a rejected request changed nothing. */
export async function databaseFingerprint(db: Database): Promise<Record<string, string>> {
  const tables = await db.query<{ t: string }>(
    `SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'spatial_ref_sys' ORDER BY 1`,
  );
  const out: Record<string, string> = {};
  for (const { t } of tables) {
    const [row] = await db.query<{ n: number; h: string | null }>(
      `SELECT count(*)::int AS n, md5(string_agg(x::text, '|' ORDER BY x::text)) AS h FROM ${t} x`,
    );
    out[t] = `${row!.n}:${row!.h ?? ''}`;
  }
  return out;
}
