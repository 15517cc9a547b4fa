import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSyntheticSet, type LoadTarget } from '../../geodata/load/load-synthetic.ts';
import type { Database } from '../../server/db/engine.ts';
import { openDatabase } from '../../server/db/open.ts';
import { withAdmin } from './support/admin.ts';
import { embeddedDataDir, readyTemplate } from './support/template.ts';
import { databaseUrl } from './support/urls.ts';
import { conflictsSql, corridorsSql, storedConflictsSql, storedCorridorsSql } from '../../server/pipelines/sql.ts';

/**
 * The bulk loader (geodata/load) writes pipeline_conflicts and pipeline_corridors in one pass
 * (rebuildStoredSql) instead of the per-write upkeep. What it stores must be what the per-request
 * recomputation gives, as the upkeep's is, on the engine this run tests.
 */
const url = process.env.DATABASE_URL;
let target: LoadTarget;
let db: Database;
let drop: () => Promise<void>;

beforeAll(async () => {
  // The set is loaded on top of the demo (as the loader allows: it adds what is missing), from a
  // copy of the run's template: an empty embedded directory would add PGlite's initdb.
  const template = await readyTemplate();
  if (template.kind === 'postgres') {
    // DATABASE_URL names the run's databases, not one that exists: create ours beside them.
    const name = `load_pipelines_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
    await withAdmin(url!, (run) => run(`CREATE DATABASE ${name} TEMPLATE ${template.name}`));
    target = { url: databaseUrl(url!, name) };
    drop = () => withAdmin(url!, (run) => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  } else {
    const dir = await embeddedDataDir();
    target = { pgliteDir: dir };
    drop = async () => rmSync(dir, { recursive: true, force: true });
  }
  const open = () => openDatabase({ DATABASE_URL: 'url' in target ? target.url : '', DATA_DIR: 'pgliteDir' in target ? target.pgliteDir : '' });
  await loadSyntheticSet(target, { estates: 400, province: '36', seed: 7 });
  db = await open();
}, 300_000);
afterAll(async () => {
  await db?.close();
  await drop?.();
});

describe('a bulk load of a synthetic set: stored conflicts and corridors', () => {
  it('equal the recomputation from scratch over every work', async () => {
    const p = [null, 3, 90];
    const [stored, computed, storedCorridors, computedCorridors] = [
      await db.query(storedConflictsSql, p), await db.query(conflictsSql, p),
      await db.query(storedCorridorsSql, p), await db.query(corridorsSql, p),
    ];
    const [works] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM pipeline_works');
    expect(works!.n).toBeGreaterThan(500);
    expect(computed.length).toBeGreaterThan(0);
    expect(computedCorridors.length).toBeGreaterThan(0);
    expect(stored).toEqual(computed);
    expect(storedCorridors).toEqual(computedCorridors);
    // Each member row names its corridor, and every corridor's works are members of it.
    const [orphans] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pipeline_corridors c CROSS JOIN unnest(c.work_ids) w(id)
       LEFT JOIN pipeline_corridor_members m ON m.work_id = w.id AND m.corridor = c.id WHERE m.work_id IS NULL`,
    );
    expect(orphans!.n).toBe(0);
  });

  it('keeps them on the next write, as the upkeep does', async () => {
    // Cancel a work that has a conflict: its conflicts go, and the stored tables still equal the recomputation.
    const [one] = await db.query<{ a: number }>('SELECT a FROM pipeline_conflicts ORDER BY a LIMIT 1');
    await db.query(`UPDATE pipeline_works SET status = 'cancelled' WHERE id = $1`, [one!.a]);
    const p = [null, 3, 90];
    expect(await db.query(storedConflictsSql, p)).toEqual(await db.query(conflictsSql, p));
    expect(await db.query(storedCorridorsSql, p)).toEqual(await db.query(corridorsSql, p));
    const [left] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM pipeline_conflicts WHERE a = $1 OR b = $1', [one!.a]);
    expect(left!.n).toBe(0);
  });
});
