import type { Queryable } from '../../../server/db/engine.ts';

/**
 * What the API test support reads of a database's tables: which there are, a key that moves
 * whenever a row version is made or removed, and a checksum of their content. Used by
 * databaseFingerprint (test-app.ts) and by the copies a worker reuses (pglite-pool.ts).
 */

/** The app's tables (PostGIS's spatial_ref_sys left out), by name. */
export async function publicTables(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ t: string }>(
    `SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'spatial_ref_sys' ORDER BY 1`,
  );
  return rows.map((r) => r.t);
}

/**
 * One row (t, v) per table: v changes whenever a row version is made or removed. A row version is
 * never changed in place: an insert or update makes a new one, stamped with its transaction (xmin)
 * at a place (ctid) that no visible version holds, and a delete removes one. So the set of
 * (ctid, xmin) pairs changes whenever the content can have, and reading it skips the rows' text.
 */
export const rowVersionsSql = (tables: string[]) =>
  tables
    .map((t) => `SELECT '${t}' AS t, count(*) || ':' || coalesce(md5(string_agg(ctid::text || ':' || xmin::text, ',' ORDER BY ctid)), '') AS v FROM public.${t}`)
    .join(' UNION ALL ');

/** One table's row count and the md5 of its rows as text, sorted: the content, whatever its layout. */
export async function tableChecksum(db: Queryable, table: string): Promise<string> {
  const [row] = await db.query<{ n: number; h: string | null }>(
    `SELECT count(*)::int AS n, md5(string_agg(x::text, '|' ORDER BY x::text)) AS h FROM public.${table} x`,
  );
  return `${row!.n}:${row!.h ?? ''}`;
}

/**
 * `compute`'s last answer for a database, given again while nothing can have been written since.
 * Nothing can be written while no transaction is given an id: making or removing a row version
 * takes one. So when, at the last reading, no transaction was in progress (the snapshot's xmin
 * equals its xmax) and the next id to be given is still the same, the last answer stands. On
 * PostgreSQL the ids are the whole server's, which other test files' databases use too, so there
 * it is mostly read again.
 */
export function untilWritten<T>(): (db: Queryable, compute: () => Promise<T>) => Promise<T> {
  const last = new WeakMap<Queryable, { nextXid: string; answer: T }>();
  return async (db, compute) => {
    const [snapshot] = await db.query<{ xmin: string; xmax: string }>(
      `SELECT pg_snapshot_xmin(s)::text AS xmin, pg_snapshot_xmax(s)::text AS xmax FROM pg_current_snapshot() s`,
    );
    const idle = snapshot!.xmin === snapshot!.xmax;
    const hit = last.get(db);
    if (idle && hit?.nextXid === snapshot!.xmax) return hit.answer;
    last.delete(db);
    const answer = await compute();
    // Computed after the snapshot: a write in between has a later id, and the next call reads again.
    if (idle) last.set(db, { nextXid: snapshot!.xmax, answer });
    return answer;
  };
}
