import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database, Queryable } from './engine.ts';
import { DATA_STEPS } from './data-steps.ts';

const dir = fileURLToPath(new URL('./migrations/', import.meta.url));

/** A migration step: a numbered SQL file, or a data step written in TypeScript (data-steps.ts). */
interface Step {
  name: string;
  run(tx: Queryable): Promise<unknown>;
}

/**
 * Applies the steps that have not run yet, each in its own transaction, in number order: the SQL
 * files in migrations/ (plain SQL, so the same files run on PGlite and on the real server), and
 * after the SQL files of a number its data steps (loading data too large or too derived for SQL,
 * such as the NBS division list). Each applied step is recorded by name in schema_migrations.
 */
export async function migrate(db: Database): Promise<string[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
  const done = new Set((await db.query<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name));
  const files = readdirSync(dir).filter((f) => /^\d{4}_.*\.sql$/.test(f));
  const steps: Step[] = [
    ...files.map((file) => ({ name: file, run: (tx: Queryable) => tx.exec(readFileSync(dir + file, 'utf8')) })),
    ...DATA_STEPS,
  ].sort((a, b) => (order(a.name) < order(b.name) ? -1 : 1));
  const applied: string[] = [];
  for (const step of steps) {
    if (done.has(step.name)) continue;
    await db.transaction(async (tx) => {
      await step.run(tx);
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [step.name]);
    });
    applied.push(step.name);
  }
  return applied;
}

/** Number first, then SQL files before data steps of the same number, then name. */
const order = (name: string) => `${name.slice(0, 4)}|${name.endsWith('.sql') ? 0 : 1}|${name}`;

/** Every geometry column must have a GiST index; returns the columns that lack one. */
export async function geometryColumnsWithoutGist(db: Database): Promise<string[]> {
  const rows = await db.query<{ col: string }>(`
    SELECT c.f_table_name || '.' || c.f_geometry_column AS col
    FROM geometry_columns c
    WHERE c.f_table_schema = 'public'
      AND NOT EXISTS (
        SELECT 1 FROM pg_indexes i
        WHERE i.schemaname = 'public' AND i.tablename = c.f_table_name
          AND i.indexdef ILIKE '%USING gist%' AND i.indexdef LIKE '%' || c.f_geometry_column || '%')
    ORDER BY 1`);
  return rows.map((r) => r.col);
}
