import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseFingerprint, publicTables, tableChecksum, testApp, type TestApp } from './support/test-app.ts';

/**
 * databaseFingerprint() is what many tests rely on to prove that a refused request wrote nothing.
 * It keeps each table's checksum between calls (support/test-app.ts says why), so it must still
 * see every change: compared here with the checksums computed afresh after each kind of write.
 */
let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());

async function fresh(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of await publicTables(t.db)) out[table] = await tableChecksum(t.db, table);
  return out;
}

describe('databaseFingerprint', () => {
  it('equals the checksums computed afresh after inserts, updates, deletes and a write put back', async () => {
    const start = await databaseFingerprint(t.db);
    expect(start).toEqual(await fresh());
    expect(await databaseFingerprint(t.db)).toEqual(start);

    const [region] = await t.db.query<{ code: string; name: string }>(`SELECT code, name FROM regions WHERE level = 'street' ORDER BY code LIMIT 1`);
    const writes: [string, (string | number)[]][] = [
      // An update of one big table's row, then put back as it was: the content returns to the start.
      [`UPDATE regions SET name = name || '·' WHERE code = $1`, [region!.code]],
      [`UPDATE regions SET name = $2 WHERE code = $1`, [region!.code, region!.name]],
      // An update that writes the same value: a new row version, the same content.
      [`UPDATE estates SET name = name WHERE id = (SELECT min(id) FROM estates)`, []],
      [`DELETE FROM progress_reports WHERE id = (SELECT max(id) FROM progress_reports)`, []],
      [`INSERT INTO regions (code, name, level, parent_code, code_source, synthetic)
        VALUES ('360703999999', '指纹测试社区', 'community', $1, 'generated', true)`, [region!.code]],
    ];
    const seen = [start];
    for (const [sql, params] of writes) {
      await t.db.query(sql, params);
      const now = await databaseFingerprint(t.db);
      expect(now, sql).toEqual(await fresh());
      seen.push(now);
    }
    // Each write that changed the content is seen, and the one put back reads as the start again.
    expect(seen[1]!.regions).not.toBe(start.regions);
    expect(seen[2]!.regions).toBe(start.regions);
    expect(seen[3]!.estates).toBe(start.estates);
    expect(seen[4]!.progress_reports).not.toBe(start.progress_reports);
    expect(seen[5]!.regions).not.toBe(start.regions);
  });

  it('sees a change made inside a transaction once it commits, and nothing of one rolled back', async () => {
    const before = await databaseFingerprint(t.db);
    await t.db
      .transaction(async (tx) => {
        await tx.query(`UPDATE zones SET name = name || '·'`);
        await tx.query(`DELETE FROM pipeline_works WHERE id = (SELECT min(id) FROM pipeline_works)`);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(await databaseFingerprint(t.db)).toEqual(before);
    await t.db.transaction(async (tx) => {
      await tx.query(`UPDATE zones SET name = name`);
      await tx.query(`UPDATE users SET username = username || '-x' WHERE username = 'leader'`);
    });
    const after = await databaseFingerprint(t.db);
    expect(after).toEqual(await fresh());
    expect(after.users).not.toBe(before.users);
  });
});
