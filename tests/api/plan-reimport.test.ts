/**
 * PUT /api/plans/:id/table: a corrected table as the plan's next version. Preview writes nothing;
 * confirm keeps matched estates (id, red line, buildings, reports, zones), adds and removes rows,
 * refuses to remove estates with filed reports, and refuses a stale version.
 */
import type { FeatureCollection } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EstateProperties } from '../../shared/estates/contract.ts';
import { databaseFingerprint, testApp, type Client, type TestApp } from './support/test-app.ts';

let t: TestApp;
let planner: Client;
let planId: number;
const ids: Record<string, number> = {};

const HEADER = '序号,所在街道,所在社区,小区名称,户数,栋数,总建筑面积（万平方米）,备注,建成年代';
const V1 = [
  HEADER,
  '1,蓉江街道,东街社区,替换甲,120,3,1.2,替换一号工程,1990',
  '2,蓉江街道,东街社区,替换乙,80,2,0.8,,1992',
  '3,东山街道,东山社区,替换丙,50,1,0.4,替换二号工程,1985',
  '4,东山街道,东山社区,替换丁,30,1,0.2,,1988',
].join('\n');

const csv = (text: string, name = 'plan.csv') => new File([text], name, { type: 'text/csv' });
const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
type Body = Record<string, unknown> & { error?: { code: string; message: string; details: { problems?: { row: number | null; column: string | null; reason: string }[] } } };
interface Row { estateId: number | null; name: string; row: number | null; changes: { field: string; before: unknown; after: unknown }[]; reports: number; zones: string[]; placed: boolean }
interface Preview { planId: number; version: number; nextVersion: number; kept: Row[]; added: Row[]; removed: Row[]; changed: Row[]; warnings: { code: string }[]; applied?: boolean; projects: { kept: string[]; added: string[]; removed: string[] } }

function put(text: string, fields: Record<string, string> = {}, who: Client = planner, name = 'plan-v2.csv') {
  const fd = new FormData();
  fd.set('file', csv(text, name));
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  return who.json<Preview & Body>(`/api/plans/${planId}/table`, { method: 'PUT', body: fd });
}

beforeAll(async () => {
  t = await testApp();
  planner = await t.as('planner');
  const fd = new FormData();
  fd.set('file', csv(V1, 'plan-v1.csv'));
  fd.set('region', '360703');
  fd.set('year', '2026');
  const res = await planner.json<{ plan: { id: number; version: number } }>('/api/import/plan', { method: 'POST', body: fd });
  expect(res.status).toBe(201);
  expect(res.body.plan.version).toBe(1);
  planId = res.body.plan.id;
  for (const r of await t.db.query<{ id: number; name: string }>('SELECT id, name FROM estates WHERE plan_id = $1', [planId])) ids[r.name] = r.id;
  // 甲 is placed, has a building, a filed report and a zone.
  await t.db.query(
    `UPDATE estates SET geom = ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(114.76, 25.66), 4326), 0.0005)), geom_synthetic = false WHERE id = $1`,
    [ids['替换甲']],
  );
  await t.db.query(
    `INSERT INTO buildings (estate_id, number, floors, geom, synthetic)
     VALUES ($1, 1, 6, ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(114.76, 25.66), 4326), 0.0001)), false)`,
    [ids['替换甲']],
  );
  // Planners do not file reports: the admin does.
  const report = await t.request('/api/reports', json('POST', { estateId: ids['替换甲'], period: '2026-10', phase: 'construction', progressPct: 30, completed: false }));
  expect(report.status, await report.clone().text()).toBe(201);
  const zone = await planner.request('/api/zones', json('POST', { name: '替换片区', estateIds: [ids['替换甲']] }));
  expect(zone.status, await zone.clone().text()).toBe(201);
});
afterAll(async () => t?.close());

// 甲: 120 → 130 households, 建成年代 corrected; 乙 unchanged; 丙 gone; 丁 moved to another
// project; 戊 new.
const V2 = [
  HEADER,
  '1,蓉江街道,东街社区,替换甲,130,3,1.2,替换一号工程,1991',
  '2,蓉江街道,东街社区,替换乙,80,2,0.8,,1992',
  '3,东山街道,东山社区,替换丁,30,1,0.2,替换三号工程,1988',
  '4,东山街道,东山社区,替换戊,44,2,0.35,,2001',
].join('\n');

describe('PUT /api/plans/:id/table', () => {
  it('previews the next version, field by field, and writes nothing', async () => {
    const before = await databaseFingerprint(t.db);
    const res = await put(V2);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ planId, version: 1, nextVersion: 2 });
    expect(res.body.applied).toBeUndefined();
    expect(res.body.kept.map((r) => r.name)).toEqual(['替换甲', '替换乙', '替换丁']);
    expect(res.body.kept.map((r) => r.estateId)).toEqual([ids['替换甲'], ids['替换乙'], ids['替换丁']]);
    expect(res.body.changed.map((r) => [r.name, r.changes])).toEqual([
      ['替换甲', [
        { field: 'households', before: 120, after: 130 },
        { field: 'attributes', before: [{ name: '建成年代', value: '1990' }], after: [{ name: '建成年代', value: '1991' }] },
      ]],
      ['替换丁', [
        { field: 'project', before: '替换二号工程', after: '替换三号工程' },
        { field: 'seq', before: 4, after: 3 },
      ]],
    ]);
    expect(res.body.added).toEqual([expect.objectContaining({ name: '替换戊', row: 5 })]);
    expect(res.body.removed).toEqual([expect.objectContaining({ name: '替换丙', estateId: ids['替换丙'], reports: 0 })]);
    expect(res.body.projects).toEqual({ kept: ['替换一号工程'], added: ['替换三号工程'], removed: ['替换二号工程'] });
    expect(await databaseFingerprint(t.db)).toEqual(before);
  });

  it('refuses to confirm without the version read, or at a stale one', async () => {
    const before = await databaseFingerprint(t.db);
    expect((await put(V2, { confirm: 'true' })).status).toBe(400);
    const stale = await put(V2, { confirm: 'true', version: '7' });
    expect(stale.status).toBe(409);
    expect(stale.body.error!.code).toBe('stale_version');
    expect(await databaseFingerprint(t.db)).toEqual(before);
  });

  it('is for planners and admins only', async () => {
    const leader = await t.as('leader');
    expect((await put(V2, {}, leader)).status).toBe(403);
  });

  it('confirms: kept estates keep id, red line, buildings, reports and zones; the version goes up', async () => {
    const res = await put(V2, { confirm: 'true', version: '1' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ applied: true, version: 1, nextVersion: 2 });

    const [a] = await t.db.query<{ id: number; households: number; has_geom: boolean; buildings: number; reports: number; zones: number; attributes: unknown; version: number }>(
      `SELECT e.id, e.households, e.geom IS NOT NULL AS has_geom, e.attributes, e.version,
              (SELECT count(*)::int FROM buildings b WHERE b.estate_id = e.id) AS buildings,
              (SELECT count(*)::int FROM progress_reports r WHERE r.estate_id = e.id) AS reports,
              (SELECT count(*)::int FROM zone_estates z WHERE z.estate_id = e.id) AS zones
       FROM estates e WHERE e.name = '替换甲'`,
    );
    expect(a).toEqual({ id: ids['替换甲'], households: 130, has_geom: true, buildings: 1, reports: 1, zones: 1, attributes: [{ name: '建成年代', value: '1991' }], version: 2 });
    const names = await t.db.query<{ name: string; project: string | null }>(
      `SELECT e.name, pj.name AS project FROM estates e LEFT JOIN projects pj ON pj.id = e.project_id WHERE e.plan_id = $1 ORDER BY e.name`,
      [planId],
    );
    expect(names).toEqual([
      { name: '替换丁', project: '替换三号工程' },
      { name: '替换乙', project: '替换一号工程' },
      { name: '替换戊', project: '替换三号工程' },
      { name: '替换甲', project: '替换一号工程' },
    ]);
    // Unchanged estates are untouched.
    const [b] = await t.db.query<{ version: number }>('SELECT version FROM estates WHERE id = $1', [ids['替换乙']]);
    expect(b!.version).toBe(1);
    const [plan] = await t.db.query<{ version: number; source: string }>('SELECT version, source FROM plans WHERE id = $1', [planId]);
    expect(plan).toEqual({ version: 2, source: 'import: plan-v2.csv (version 2)' });

    // The estates seen through the API: the attribute as corrected.
    const fc = (await (await t.request('/api/estates?district=360703&year=2026')).json()) as FeatureCollection<null, EstateProperties>;
    expect(fc.features.find((f) => f.properties.name === '替换甲')!.properties.attributes).toEqual([{ name: '建成年代', value: '1991' }]);

    // Both versions are kept, with who sent them.
    const list = await t.json<{ tables: { version: number; fileName: string; importedBy: string }[] }>(`/api/plans/${planId}/tables`);
    expect(list.body.tables.map((x) => [x.version, x.fileName, x.importedBy])).toEqual([[1, 'plan-v1.csv', 'planner'], [2, 'plan-v2.csv', 'planner']]);
    const v2 = await t.json<{ cells: string[][] }>(`/api/plans/${planId}/tables/2`);
    expect(v2.body.cells[1]).toEqual(V2.split('\n')[1]!.split(','));

    // Audited as the planner's request.
    const trail = await t.db.query<{ actor: string; request: string }>(
      `SELECT actor, request FROM audit_log WHERE table_name = 'estates' AND row_id = $1 AND action = 'update' ORDER BY id DESC LIMIT 1`,
      [String(ids['替换甲'])],
    );
    expect(trail[0]).toEqual({ actor: 'planner', request: `PUT /api/plans/${planId}/table` });
  });

  it('refuses a confirm at the version it replaced (409)', async () => {
    const res = await put(V2, { confirm: 'true', version: '1' });
    expect(res.status).toBe(409);
  });

  it('refuses to remove an estate with filed reports, naming it, and writes nothing', async () => {
    const before = await databaseFingerprint(t.db);
    const without = [HEADER, '2,蓉江街道,东街社区,替换乙,80,2,0.8,替换一号工程,1992'].join('\n');
    const res = await put(without, { confirm: 'true', version: '2' });
    expect(res.status).toBe(422);
    expect(res.body.error!.details.problems).toEqual([expect.objectContaining({ column: '小区名称' })]);
    expect(res.body.error!.details.problems![0]!.reason).toContain('替换甲');
    expect(res.body.error!.details.problems![0]!.reason).toContain('1 report');
    expect(await databaseFingerprint(t.db)).toEqual(before);
  });

  it('treats an estate listed in another street as another estate', async () => {
    const moved = V2.replace('4,东山街道,东山社区,替换戊', '4,蓉江街道,东街社区,替换戊');
    const res = await put(moved, {}, planner, 'plan-v3.csv');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.removed.map((r) => r.name)).toEqual(['替换戊']);
    expect(res.body.added.map((r) => r.name)).toEqual(['替换戊']);
  });

  it('answers 404 for an unknown plan and 400 for a malformed id', async () => {
    const fd = () => {
      const f = new FormData();
      f.set('file', csv(V2));
      return f;
    };
    expect((await planner.request('/api/plans/999999/table', { method: 'PUT', body: fd() })).status).toBe(404);
    expect((await planner.request('/api/plans/05/table', { method: 'PUT', body: fd() })).status).toBe(400);
  });
});
