import postgres from 'postgres';
import type { Database, Queryable } from './engine.ts';

/** A real PostgreSQL + PostGIS server. */
export async function openPostgres(url: string, { readOnly = false } = {}): Promise<Database> {
  const sql = postgres(url, {
    max: 10,
    onnotice: () => {},
    // No JIT compilation: PostgreSQL compiles a query whose estimated cost passes jit_above_cost,
    // and on this app's interactive queries (a ledger over 30,000 estates) compiling took 0.2–6 s
    // on a 2-core machine, far longer than running them (docs/benchmarks.md, progress).
    connection: { jit: 'off' },
  });
  if (!readOnly) await sql.unsafe('CREATE EXTENSION IF NOT EXISTS postgis');
  const wrap = (q: postgres.Sql | postgres.TransactionSql): Queryable => ({
    async query<T>(text: string, params: unknown[] = []) {
      const rows = await q.unsafe(text, params as postgres.ParameterOrJSON<never>[]);
      return [...rows] as T[];
    },
    async exec(script: string) {
      await q.unsafe(script);
    },
  });
  return {
    kind: 'postgres',
    ...wrap(sql),
    transaction: (fn) => sql.begin((tx) => fn(wrap(tx))) as Promise<never>,
    async listen(channel, onNotify) {
      const { unlisten } = await sql.listen(channel, onNotify);
      return unlisten;
    },
    close: () => sql.end({ timeout: 5 }),
  };
}
