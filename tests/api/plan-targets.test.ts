import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage } from '../../shared/audit/contract.ts';
import type { ListChanges, TargetsImportResponse, TargetsResponse } from '../../shared/milestones/contract.ts';
import type { TargetRow } from '../../shared/progress/contract.ts';
import { databaseFingerprint, testApp, type Client, type TestApp } from './support/test-app.ts';

/** A plan's targets (目标任务): read, saved at a version, imported in Haimen's layout; the dashboard's targets follow at once. */
let t: TestApp;
let planner: Client;
let haimen: number;
let nankang: number;
const SEEDS = join(import.meta.dirname, '../../geodata/seeds');

beforeAll(async () => {
  t = await testApp();
  planner = await t.as('planner');
  const id = async (slug: string) => (await t.db.query<{ id: number }>(`SELECT id FROM plans WHERE slug = $1`, [slug]))[0]!.id;
  haimen = await id('haimen-2021');
  nankang = await id('nankang-2024');
});
afterAll(async () => t?.close());

const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const get = async (planId: number) => {
  const res = await t.json<TargetsResponse>(`/api/plans/${planId}/targets`);
  expect(res.status).toBe(200);
  return res.body;
};
type Err = { error?: { code: string; message: string; details: unknown } };
const put = (planId: number, body: unknown, who: Client = planner) => who.json<TargetsResponse & { changes: ListChanges } & Err>(`/api/plans/${planId}/targets`, json('PUT', body));
const upload = (planId: number, csv: string, fields: Record<string, string> = {}) => {
  const fd = new FormData();
  fd.set('file', new File([csv], 'targets.csv'));
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  return planner.json<TargetsImportResponse & Err>(`/api/plans/${planId}/targets/import`, { method: 'POST', body: fd });
};
const dashboard = async (region: string, year: number) => (await t.json<{ targets: TargetRow[] }>(`/api/targets?region=${region}&year=${year}`)).body.targets;

describe('GET /api/plans/:id/targets', () => {
  it('lists the plan’s targets, as the notice hands them down', async () => {
    const body = await get(haimen);
    expect(body).toMatchObject({ planId: haimen, version: 1, updatedAt: null });
    expect(body.targets.map((x) => [x.regionCode, x.regionName, x.year, x.metric, x.value, x.unit, x.responsibleUnit, x.dueOn])).toEqual([
      ['320614', '海门区', 2021, 'resettlement_units_started', 4000, '套', '海鸿集团、长江口集团', '2021-11-30'],
      ['320614', '海门区', 2021, 'resettlement_units_built', 3000, '套', '海鸿集团、长江口集团', '2021-11-30'],
      ['320614', '海门区', 2021, 'estates_started', 2, '个', '海门经济技术开发区（海门街道）', null],
    ]);
  });
});

describe('PUT /api/plans/:id/targets', () => {
  it('saves the list at the version read; GET /api/targets (the dashboard) shows it at once', async () => {
    const now = await get(nankang);
    const [started, completed, households] = now.targets;
    expect([started!.metric, completed!.metric, households!.metric]).toEqual(['estates_started', 'estates_completed', 'households']);
    expect((await dashboard('360703', 2024)).map((x) => [x.metric, x.target, x.planned])).toEqual([
      ['estates_started', 28, 28], ['estates_completed', 28, 28], ['households', 3433, 3433],
    ]);
    const res = await put(nankang, {
      version: now.version,
      targets: [
        { ...item(started!), value: 20, dueOn: '2024-09-30' },
        item(households!),
        { regionCode: '360703001', metric: 'estates_completed', value: 21, unit: '个', responsibleUnit: '蓉江街道' },
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.changes).toEqual({ added: 1, updated: 1, removed: 1 });
    expect(res.body.version).toBe(now.version + 1);
    const shown = await dashboard('360703', 2024);
    expect(shown.find((x) => x.metric === 'estates_started')).toMatchObject({ target: 20, dueOn: '2024-09-30', planned: 28 });
    expect(shown.find((x) => x.metric === 'estates_completed')).toBeUndefined();
    // The street's own target, measured against the street's estates of the plan (21 in 蓉江街道).
    expect((await dashboard('360703001', 2024))[0]).toMatchObject({ regionName: '蓉江街道', metric: 'estates_completed', target: 21, planned: 21, responsibleUnit: '蓉江街道' });
    const trail = (await t.json<AuditPage>(`/api/audit?table=targets&rowId=${started!.id}`)).body.entries[0]!;
    expect(trail).toMatchObject({ actor: 'planner', action: 'update', request: `PUT /api/plans/${nankang}/targets`, before: { value: 28 }, after: { value: 20, source: 'edited in the app by planner' } });
  });

  it('refuses a stale version with the list as it is, and changes nothing', async () => {
    const before = await databaseFingerprint(t.db);
    const res = await put(nankang, { version: 1, targets: [] });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'stale_version', details: { current: { version: 2 } } });
    expect(await databaseFingerprint(t.db)).toEqual(before);
  });

  it('refuses regions outside the plan, another year, duplicates, another plan’s target and a wrong unit, naming each item', async () => {
    const now = await get(nankang);
    const before = await databaseFingerprint(t.db);
    const cases: [unknown[], number, string][] = [
      [[{ regionCode: '150302', metric: 'households', value: 1, unit: '户' }], 422, 'targets.0: region 150302 is not within the plan\'s region 360703'],
      [[{ regionCode: '999999', metric: 'households', value: 1, unit: '户' }], 422, 'targets.0: region 999999 does not exist'],
      [[{ regionCode: '360703', year: 2025, metric: 'households', value: 1, unit: '户' }], 422, 'targets.0: year 2025 is not the plan\'s year 2024'],
      [[{ regionCode: '360703', metric: 'households', value: 1, unit: '户' }, { regionCode: '360703', metric: 'households', value: 2, unit: '户' }], 422, 'targets.1: a second households target for region 360703 (first at targets.0)'],
      [[{ regionCode: '360703', metric: 'households', value: 1, unit: '套' }], 400, 'targets.0.unit: households is counted in 户, not 套'],
      [[{ regionCode: '360703', metric: 'lifts_installed', value: 1, unit: '部' }], 400, 'targets.0.metric: must be one of'],
      [[{ regionCode: '360703', metric: 'households', value: -1, unit: '户' }], 400, 'targets.0.value: must not be negative'],
      [[{ regionCode: '360703', metric: 'households', value: 1, unit: '户', dueOn: '2024-02-30' }], 400, 'targets.0.dueOn: is not a calendar date'],
      [[{ id: 999999, regionCode: '360703', metric: 'households', value: 1, unit: '户' }], 422, 'targets.0.id: 999999 is not a target of plan'],
    ];
    for (const [targets, status, message] of cases) {
      const res = await put(nankang, { version: now.version, targets });
      expect(res.status, JSON.stringify(targets)).toBe(status);
      expect(res.body.error!.message).toContain(message);
    }
    // A city plan of Nantong (set up directly) cannot take Haimen's 2021 target for 320614: it is the Haimen plan's.
    const [city] = await t.db.query<{ id: number }>(`INSERT INTO plans (slug, region_code, year, title, source) VALUES ('nantong-2021', '3206', 2021, '南通市2021', 'test') RETURNING id`);
    const clash = await put(city!.id, { version: 1, targets: [{ regionCode: '320614', metric: 'resettlement_units_started', value: 1, unit: '套' }] });
    expect(clash.status).toBe(422);
    expect(clash.body.error!.message).toContain('targets.0: resettlement_units_started for region 320614 in 2021 is already a target of plan haimen-2021');
    await t.db.query(`DELETE FROM plans WHERE id = $1`, [city!.id]);
    expect(await databaseFingerprint(t.db)).toEqual(before);
  });
});

describe('POST /api/plans/:id/targets/import (Haimen 目标任务 layout)', () => {
  const seed = readFileSync(join(SEEDS, 'haimen-2021-targets.csv'), 'utf8');

  it('previews, then replaces the plan’s targets at the version read; the same table again changes nothing', async () => {
    const now = await get(haimen);
    // 3000 → 3100 built; the 改造小区 line dropped; 改造户数 and 完工 added.
    const edited = seed.replace('基本建成,3000', '基本建成,3100').replace(/老旧小区改造,改造小区.*\n/, '') +
      '老旧小区改造,改造户数,1200,户,海门街道,2021-11-30\n老旧小区改造,完工,2,个,海门街道,2021-11-30\n';
    const preview = await upload(haimen, edited, { preview: 'true' });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body).toMatchObject({ applied: false, version: now.version, nextVersion: now.version + 1, kept: 1, changed: 1 });
    expect(preview.body.added.map((x) => [x.metric, x.value, x.unit, x.row])).toEqual([['households', 1200, '户', 4], ['estates_completed', 2, '个', 5]]);
    expect(preview.body.removed.map((x) => [x.metric, x.value])).toEqual([['estates_started', 2]]);
    const done = await upload(haimen, edited, { version: String(now.version) });
    expect(done.status).toBe(200);
    const after = await get(haimen);
    expect(after.version).toBe(now.version + 1);
    expect(after.targets.map((x) => [x.metric, x.value, x.source])).toEqual([
      ['resettlement_units_started', 4000, expect.stringContaining('海政办发')],
      ['resettlement_units_built', 3100, 'import: targets.csv, row 3'],
      ['households', 1200, 'import: targets.csv, row 4'],
      ['estates_completed', 2, 'import: targets.csv, row 5'],
    ]);
    expect((await dashboard('320614', 2021)).find((x) => x.metric === 'resettlement_units_built')).toMatchObject({ target: 3100, planned: 4156 });
    const again = await upload(haimen, edited, { preview: 'true' });
    expect(again.body).toMatchObject({ nextVersion: after.version, kept: 4, changed: 0, added: [], removed: [] });
  });

  it('refuses a table it cannot read exactly, naming row and column, and imports nothing', async () => {
    const before = await databaseFingerprint(t.db);
    const bad = await upload(haimen, `${seed}老旧小区改造,加装电梯,20,部,,\n`, { preview: 'true' });
    expect(bad.status).toBe(422);
    expect(bad.body.error!.details).toEqual({ problems: [{ row: 5, column: '指标', reason: expect.stringContaining('unknown 指标 "加装电梯"') }] });
    const region = await upload(haimen, `地区,任务,指标,目标值,单位,责任单位,完成时限\n蓉江街道,老旧小区改造,完工,2,个,,\n`, { version: '99' });
    expect(region.status).toBe(409); // the version is checked first
    const region2 = await upload(haimen, `地区,任务,指标,目标值,单位,责任单位,完成时限\n蓉江街道,老旧小区改造,完工,2,个,,\n`, { preview: 'true' });
    expect(region2.status).toBe(422);
    expect(region2.body.error!.message).toContain('row 2, 地区: no region "蓉江街道" within the plan\'s region 320614');
    expect(await databaseFingerprint(t.db)).toEqual(before);
  });
});

function item(x: TargetsResponse['targets'][number]) {
  return { id: x.id, regionCode: x.regionCode, year: x.year, metric: x.metric, value: x.value, unit: x.unit, responsibleUnit: x.responsibleUnit, dueOn: x.dueOn };
}
