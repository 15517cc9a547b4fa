import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database } from './engine.ts';

const dir = fileURLToPath(new URL('./migrations/', import.meta.url));

/**
 * Applies the numbered SQL files in migrations/ that have not run yet, each in its own
 * transaction. Plain SQL so the same files run on PGlite and on the real server.
 */
export async function migrate(db: Database): Promise<string[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
  const done = new Set((await db.query<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name));
  const files = readdirSync(dir).filter((f) => /^\d{4}_.*\.sql$/.test(f)).sort();
  const applied: string[] = [];
  for (const file of files) {
    if (done.has(file)) continue;
    const script = readFileSync(dir + file, 'utf8');
    await db.transaction(async (tx) => {
      await tx.exec(script);
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file]);
    });
    applied.push(file);
  }
  return applied;
}

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
