import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OverlapsResponse, WorkInput } from '../../shared/pipelines/contract.ts';
import { lineAt, offset } from './support/metres.ts';
import { testApp, type TestApp } from './support/test-app.ts';

/** Road moratorium and estate synchronisation, on hand-made roads and one hand-made estate. */
const DISTRICT = '990102';
const STREET = '990102001';
const site = (k: number): [number, number] => offset([117, 30.1], k * 1000, 0);

let t: TestApp;
const ids: Record<string, number> = {};
const roads: Record<string, number> = {};

async function addWork(key: string, w: Omit<WorkInput, 'status' | 'districtCode' | 'owner'>) {
  const res = await t.request('/api/pipelines', { method: 'POST', body: JSON.stringify({ ...w, owner: '测试单位', districtCode: DISTRICT }) });
  expect(res.status, await res.clone().text()).toBe(201);
  ids[key] = ((await res.json()) as { id: number }).id;
}

async function addRoad(key: string, kind: string, pavedOn: string, pavingKind: string, k: number) {
  const [row] = await t.db.query<{ id: number }>(
    `INSERT INTO roads (name, district_code, kind, last_paved_on, paving_kind, geom, synthetic)
     VALUES ($1, $2, $3, $4::date, $5, ST_SetSRID(ST_GeomFromGeoJSON($6), 4326), false) RETURNING id`,
    [`测试${key}路`, DISTRICT, kind, pavedOn, pavingKind, JSON.stringify(lineAt(site(k), [0, 0], [100, 0]))],
  );
  roads[key] = row!.id;
}

let result: OverlapsResponse;
beforeAll(async () => {
  t = await testApp();
  await t.db.query(`INSERT INTO regions (code, name, level, code_source, synthetic) VALUES ($1, '测试二区', 'district', 'generated', true)`, [DISTRICT]);
  await t.db.query(`INSERT INTO regions (code, name, level, parent_code, code_source, synthetic) VALUES ($1, '测试街道', 'street', $2, 'generated', true)`, [STREET, DISTRICT]);
  const summer = { startDate: '2025-06-01', endDate: '2025-07-31' };
  // Rebuilt 4 years before the work starts (closed until 2026-06-01), new 6 years before (open since 2024).
  await addRoad('R4y', 'branch', '2021-06-01', 'rebuilt', 0);
  await addRoad('R6y', 'branch', '2019-06-01', 'new', 1);
  // Majorly repaired 2 years before (closed until 2026-06-01) and 4 years before (open since 2024).
  await addRoad('M2y', 'secondary', '2023-06-01', 'major_repair', 2);
  await addRoad('M4y', 'secondary', '2021-06-01', 'major_repair', 3);
  await addWork('P', { utility: 'water', ...summer, geometry: lineAt(site(0), [0, 2], [100, 2]) });
  await addWork('Q', { utility: 'water', ...summer, geometry: lineAt(site(1), [0, 2], [100, 2]) });
  await addWork('S', { utility: 'gas', ...summer, geometry: lineAt(site(2), [0, -3], [100, -3]) });
  await addWork('T', { utility: 'gas', ...summer, geometry: lineAt(site(3), [0, -3], [100, -3]) });
  // A work that ends before the road was rebuilt dug the old road: not a breach.
  await addWork('Early', { utility: 'power', startDate: '2021-01-01', endDate: '2021-03-01', geometry: lineAt(site(0), [0, -2], [100, -2]) });

  // One estate, 100 m × 100 m at site 5, renovated (construction phase) in May and June 2025.
  const [plan] = await t.db.query<{ id: number }>(
    `INSERT INTO plans (slug, region_code, year, title, source) VALUES ('test-2025', $1, 2025, '测试计划', 'test') RETURNING id`,
    [DISTRICT],
  );
  const ring = lineAt(site(5), [0, 0], [100, 0], [100, 100], [0, 100], [0, 0]).coordinates;
  const [estate] = await t.db.query<{ id: number }>(
    `INSERT INTO estates (plan_id, name, district_code, street_code, source, geom)
     VALUES ($1, '测试小区', $2, $3, 'test', ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($4), 4326))) RETURNING id`,
    [plan!.id, DISTRICT, STREET, JSON.stringify({ type: 'Polygon', coordinates: [ring] })],
  );
  ids.estate = estate!.id;
  for (const [period, phase] of [['2025-04', 'design'], ['2025-05', 'construction'], ['2025-06', 'construction'], ['2025-07', 'acceptance']]) {
    await t.db.query(`INSERT INTO progress_reports (estate_id, period, phase, source) VALUES ($1, $2, $3, 'test')`, [estate!.id, period, phase]);
  }
  const inside = lineAt(site(5), [10, 50], [90, 50]);
  await addWork('after', { utility: 'gas', startDate: '2025-08-01', endDate: '2025-08-31', geometry: inside });
  await addWork('during', { utility: 'water', startDate: '2025-05-10', endDate: '2025-06-20', geometry: inside });
  await addWork('partial', { utility: 'power', startDate: '2025-03-01', endDate: '2025-05-15', geometry: lineAt(site(5), [50, 10], [50, 90]) });
  await addWork('before', { utility: 'telecom', startDate: '2025-01-01', endDate: '2025-02-01', geometry: lineAt(site(5), [50, -20], [50, 40]) });
  await addWork('outside', { utility: 'drainage', startDate: '2025-09-01', endDate: '2025-09-30', geometry: lineAt(site(5), [0, -20], [100, -20]) });

  const res = await t.json<OverlapsResponse>(`/api/pipelines/overlaps?district=${DISTRICT}`);
  expect(res.status).toBe(200);
  result = res.body;
}, 60_000);
afterAll(async () => t?.close());

describe('moratorium (城市道路管理条例 art. 33)', () => {
  it('flags a road rebuilt 4 years before the work, with the date it opens; not one built 6 years before', () => {
    const onRoad = (key: string) => result.moratorium.filter((m) => m.roadId === roads[key]);
    expect(onRoad('R4y')).toEqual([
      expect.objectContaining({ workId: ids.P, roadName: '测试R4y路', pavingKind: 'rebuilt', lastPavedOn: '2021-06-01', opensOn: '2026-06-01' }),
    ]);
    // The whole 100 m of P runs 2 m from the centre line, inside the branch road's 6 m.
    expect(onRoad('R4y')[0]!.dugMeters).toBeCloseTo(100, 0);
    expect(onRoad('R4y')[0]!.roadGeometry.type).toBe('LineString');
    expect(onRoad('R6y')).toEqual([]);
  });

  it('flags a major repair 2 years before (3-year rule), not one 4 years before', () => {
    expect(result.moratorium.filter((m) => m.roadId === roads.M2y)).toEqual([
      expect.objectContaining({ workId: ids.S, pavingKind: 'major_repair', lastPavedOn: '2023-06-01', opensOn: '2026-06-01' }),
    ]);
    expect(result.moratorium.filter((m) => m.roadId === roads.M4y)).toEqual([]);
  });

  it('lists exactly those two breaches in the district', () => {
    expect(result.moratorium.map((m) => m.workId)).toEqual([ids.P, ids.S]);
  });
});

describe('estate synchronisation', () => {
  it('flags works in the estate whose window is not inside its construction months (May–June 2025)', () => {
    const window = { start: '2025-05-01', end: '2025-06-30', source: 'reports' };
    expect(result.estateSync).toEqual([
      { workId: ids.after, estateId: ids.estate, estateName: '测试小区', workWindow: { start: '2025-08-01', end: '2025-08-31' }, estateWindow: window, relation: 'after' },
      { workId: ids.partial, estateId: ids.estate, estateName: '测试小区', workWindow: { start: '2025-03-01', end: '2025-05-15' }, estateWindow: window, relation: 'partial' },
      { workId: ids.before, estateId: ids.estate, estateName: '测试小区', workWindow: { start: '2025-01-01', end: '2025-02-01' }, estateWindow: window, relation: 'before' },
    ]);
  });
});
