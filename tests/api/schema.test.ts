import { getTableColumns, getTableName } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { geometryColumnsWithoutGist } from '../../server/db/migrate.ts';
import { tables } from '../../server/db/schema.ts';
import { testApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());

describe('schema', () => {
  it('has a GiST index on every geometry column', async () => {
    expect(await geometryColumnsWithoutGist(t.db)).toEqual([]);
  });

  it.each(Object.values(tables).map((table) => [getTableName(table), table] as const))(
    'drizzle table %s matches the migrated database (columns, nullability, geometry types)',
    async (name, table) => {
      const live = await t.db.query<{ column_name: string; is_nullable: string; udt_name: string; geom: string | null }>(
        `SELECT c.column_name, c.is_nullable, c.udt_name,
                (SELECT 'geometry(' || g.type || ', ' || g.srid || ')' FROM geometry_columns g
                 WHERE g.f_table_schema = c.table_schema AND g.f_table_name = c.table_name AND g.f_geometry_column = c.column_name) AS geom
         FROM information_schema.columns c
         WHERE c.table_schema = 'public' AND c.table_name = $1 ORDER BY c.column_name`,
        [name],
      );
      const declared = Object.values(getTableColumns(table)).map((c) => ({
        name: c.name,
        nullable: !c.notNull,
        sqlType: c.getSQLType(),
      }));
      expect(declared.map((c) => c.name).sort()).toEqual(live.map((c) => c.column_name));
      for (const col of declared) {
        const l = live.find((x) => x.column_name === col.name)!;
        expect({ col: col.name, nullable: col.nullable }).toEqual({ col: col.name, nullable: l.is_nullable === 'YES' });
        if (l.geom) expect(col.sqlType.replace(/\s/g, '').toLowerCase()).toBe(l.geom.replace(/\s/g, '').toLowerCase());
      }
    },
  );
});
