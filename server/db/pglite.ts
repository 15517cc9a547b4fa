import { PGlite } from '@electric-sql/pglite';
import type { Database, Queryable } from './engine.ts';
import { lockDataDir } from './dir-lock.ts';
import { postgisExtension } from './postgis-bundle.ts';

/**
 * Embedded PostgreSQL + PostGIS in WebAssembly, persisted in a directory, which this process then
 * holds (server/db/dir-lock.ts) until it closes the database: a second opener is refused.
 */
export async function openPglite(dataDir: string | undefined, purpose = 'server'): Promise<Database> {
  const lock = dataDir ? lockDataDir(dataDir, purpose) : null;
  let pg: PGlite;
  try {
    pg = await PGlite.create(dataDir ? `file://${dataDir}` : undefined, { extensions: { postgis: postgisExtension() } });
    await pg.exec('CREATE EXTENSION IF NOT EXISTS postgis');
  } catch (e) {
    lock?.release();
    throw e;
  }
  return pgliteDatabase(pg, () => lock?.release());
}

/**
 * The Database interface over a started PGlite instance; `release` runs once it has closed. Split
 * from openPglite so that the API tests can start PGlite from an in-memory copy of their template
 * (tests/api/support/pglite-clone.ts) and still talk to it through exactly this code.
 */
export function pgliteDatabase(pg: PGlite, release: () => void = () => {}): Database {
  const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<T>(text: string, params: unknown[] = []) {
      const r = await q.query<T>(text, params as unknown[]);
      return r.rows;
    },
    async exec(script: string) {
      await q.exec(script);
    },
  });
  return {
    kind: 'pglite',
    ...wrap(pg),
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    listen: (channel, onNotify) => pg.listen(channel, onNotify),
    close: async () => {
      try {
        await pg.close();
      } finally {
        release();
      }
    },
  };
}
