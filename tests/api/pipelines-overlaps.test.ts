import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OverlapsResponse, WorkInput } from '../../shared/pipelines/contract.ts';
import { lineAt, offset } from './support/metres.ts';
import { testApp, type TestApp } from './support/test-app.ts';

/**
 * Hand-worked fixtures in a test district of their own (far from the demo data), each group 1 km
 * from the next so that groups never interact. Near 117°E, the centre of UTM zone 50, so the UTM
 * scale (0.9996) changes a 100 m figure by 4 cm at most.
 */
const DISTRICT = '990101';
const group = (k: number): [number, number] => offset([117, 30], k * 1000, 0);

let t: TestApp;
const ids: Record<string, number> = {};

async function addWork(key: string, w: Omit<WorkInput, 'status' | 'districtCode'>) {
  const res = await t.request('/api/pipelines', { method: 'POST', body: JSON.stringify({ ...w, districtCode: DISTRICT }) });
  expect(res.status, await res.clone().text()).toBe(201);
  ids[key] = ((await res.json()) as { id: number }).id;
}

const overlaps = async (query = '') => {
  const res = await t.json<OverlapsResponse>(`/api/pipelines/overlaps?district=${DISTRICT}${query}`);
  expect(res.status).toBe(200);
  return res.body;
};
const pair = (o: OverlapsResponse, x: string, y: string) =>
  o.conflicts.find((c) => (c.a === ids[x] && c.b === ids[y]) || (c.a === ids[y] && c.b === ids[x]));
const involving = (o: OverlapsResponse, x: string) => o.conflicts.filter((c) => c.a === ids[x] || c.b === ids[x]);

beforeAll(async () => {
  t = await testApp();
  await t.db.query(`INSERT INTO regions (code, name, level, code_source, synthetic) VALUES ($1, '测试区', 'district', 'generated', true)`, [DISTRICT]);
  const spring = { startDate: '2025-04-01', endDate: '2025-05-31' };
  // 1. Parallel, 1.5 m apart, windows overlapping: A 100 m, B 80 m beside its first 80 m.
  await addWork('A', { utility: 'water', owner: '测试自来水公司', ...spring, geometry: lineAt(group(0), [0, 0], [100, 0]) });
  await addWork('B', { utility: 'power', owner: '测试供电公司', startDate: '2025-04-15', endDate: '2025-06-14', geometry: lineAt(group(0), [0, 1.5], [80, 1.5]) });
  // 2. Parallel, 5 m apart: beyond the default 3 m.
  await addWork('C', { utility: 'drainage', owner: '测试排水公司', ...spring, geometry: lineAt(group(1), [0, 0], [100, 0]) });
  await addWork('D', { utility: 'gas', owner: '测试燃气公司', ...spring, geometry: lineAt(group(1), [0, 5], [100, 5]) });
  // 3. Perpendicular crossing at (50, 0).
  await addWork('E', { utility: 'telecom', owner: '中国电信测试分公司', ...spring, geometry: lineAt(group(2), [0, 0], [100, 0]) });
  await addWork('F', { utility: 'gas', owner: '测试燃气公司', ...spring, geometry: lineAt(group(2), [50, -50], [50, 50]) });
  // 4. Same utility, 1.5 m apart, same window.
  await addWork('G', { utility: 'water', owner: '测试自来水公司', ...spring, geometry: lineAt(group(3), [0, 0], [100, 0]) });
  await addWork('H', { utility: 'water', owner: '测试水投公司', ...spring, geometry: lineAt(group(3), [0, 1.5], [100, 1.5]) });
  // 5. Windows 89 days apart (I ends 31 Jan, J starts 30 Apr) and 91 days apart (L, M).
  await addWork('I', { utility: 'power', owner: '测试供电公司', startDate: '2025-01-01', endDate: '2025-01-31', geometry: lineAt(group(4), [0, 0], [100, 0]) });
  await addWork('J', { utility: 'water', owner: '测试自来水公司', startDate: '2025-04-30', endDate: '2025-05-30', geometry: lineAt(group(4), [0, 1.5], [100, 1.5]) });
  await addWork('L', { utility: 'power', owner: '测试供电公司', startDate: '2025-01-01', endDate: '2025-01-31', geometry: lineAt(group(5), [0, 0], [100, 0]) });
  await addWork('M', { utility: 'water', owner: '测试自来水公司', startDate: '2025-05-02', endDate: '2025-06-01', geometry: lineAt(group(5), [0, 1.5], [100, 1.5]) });
}, 60_000);
afterAll(async () => t?.close());

describe('GET /api/pipelines/overlaps: conflicts (buffer 3 m, window 90 days)', () => {
  it('reports lines 1.5 m apart with overlapping windows as concurrent, shared length = the 80 m they run side by side', async () => {
    const c = pair(await overlaps(), 'A', 'B');
    expect(c).toMatchObject({ a: ids.A, b: ids.B, kind: 'concurrent', gapDays: 0, point: null });
    // B (80 m) lies wholly within 3 m of A; A lies within B's buffer for 80 + √(3² − 1.5²) = 82.6 m: the shorter is 80.
    expect(c!.sharedLengthMeters).toBeCloseTo(80, 0);
  });

  it('does not report lines 5 m apart, unless the buffer is widened to 6 m', async () => {
    expect(involving(await overlaps(), 'C')).toEqual([]);
    const wide = pair(await overlaps('&bufferMeters=6'), 'C', 'D');
    expect(wide).toMatchObject({ kind: 'concurrent', gapDays: 0 });
    expect(wide!.sharedLengthMeters).toBeCloseTo(100, 0);
  });

  it('reports a perpendicular crossing as kind crossing at the crossing point, sharing 2 × 3 m', async () => {
    const c = pair(await overlaps(), 'E', 'F');
    expect(c).toMatchObject({ kind: 'crossing', gapDays: 0 });
    expect(c!.sharedLengthMeters).toBeCloseTo(6, 1);
    const [lon, lat] = c!.point!.coordinates as [number, number];
    const [x, y] = offset(group(2), 50, 0);
    expect(Math.abs(lon - x) * 96_000).toBeLessThan(0.05);
    expect(Math.abs(lat - y) * 111_000).toBeLessThan(0.05);
  });

  it('never reports works of the same utility', async () => {
    expect(involving(await overlaps(), 'G')).toEqual([]);
    expect(involving(await overlaps('&bufferMeters=50&windowDays=3650'), 'H')).toEqual([]);
  });

  it('reports windows 89 days apart as sequential with gapDays 89, and not 91 days apart', async () => {
    const o = await overlaps();
    expect(pair(o, 'I', 'J')).toMatchObject({ kind: 'sequential', gapDays: 89 });
    expect(pair(o, 'I', 'J')!.sharedLengthMeters).toBeCloseTo(100, 0);
    expect(involving(o, 'L')).toEqual([]);
    expect(pair(await overlaps('&windowDays=91'), 'L', 'M')).toMatchObject({ kind: 'sequential', gapDays: 91 });
  });

  it('lists exactly the hand-worked conflicts of the district', async () => {
    const o = await overlaps();
    expect(o.conflicts.map((c) => [c.a, c.b])).toEqual([
      [ids.A, ids.B],
      [ids.E, ids.F],
      [ids.I, ids.J],
    ]);
  });
});

describe('GET /api/pipelines/overlaps: corridors', () => {
  it('groups the trench-sharing works, proposes one window and counts the trench metres saved', async () => {
    const o = await overlaps();
    // The crossing shares a pit, not a trench: no corridor for E and F.
    expect(o.corridors.map((c) => c.workIds)).toEqual([
      [ids.A, ids.B],
      [ids.I, ids.J],
    ]);
    const ab = o.corridors[0]!;
    expect(ab.owners).toEqual(['测试供电公司', '测试自来水公司'].sort());
    expect(ab.utilities).toEqual(['power', 'water']);
    // Latest start (15 Apr) for the longest duration (both 60 days): 15 Apr + 60 d = 14 Jun.
    expect(ab.window).toEqual({ start: '2025-04-15', end: '2025-06-14' });
    // A laid first (100 m); all 80 m of B lie in A's trench.
    expect(ab.totalLengthMeters).toBeCloseTo(180, 0);
    expect(ab.trenchMetersSaved).toBeCloseTo(80, 0);
    expect(['Polygon', 'MultiPolygon']).toContain(ab.geometry.type);
    const ij = o.corridors[1]!;
    // I: 30 days, J: 30 days; latest start 30 Apr → 30 May.
    expect(ij.window).toEqual({ start: '2025-04-30', end: '2025-05-30' });
    expect(ij.trenchMetersSaved).toBeCloseTo(100, 0);
  });

  it('chains works through shared conflicts into one corridor', async () => {
    // N (gas) beside B on the far side: 1.3 m from B, 2.8 m from A → conflicts with B (and A at the edge).
    await addWork('N', { utility: 'gas', owner: '测试燃气公司', startDate: '2025-05-01', endDate: '2025-07-09', geometry: lineAt(group(0), [20, 2.8], [60, 2.8]) });
    try {
      const o = await overlaps();
      const corridor = o.corridors.find((c) => c.workIds.includes(ids.N!));
      expect(corridor!.workIds).toEqual([ids.A, ids.B, ids.N]);
      // Latest start 1 May, longest duration 69 days (N) → 9 Jul.
      expect(corridor!.window).toEqual({ start: '2025-05-01', end: '2025-07-09' });
      // A 100 m first, then B 80 m (all within A's 3 m), then N's 40 m lie within B's buffer: 120 m saved.
      expect(corridor!.trenchMetersSaved).toBeCloseTo(120, 0);
    } finally {
      await t.db.query('DELETE FROM pipeline_works WHERE id = $1', [ids.N]);
    }
  });
});

describe('GET /api/pipelines/overlaps: bad parameters', () => {
  it('needs a district and sane numbers (400 naming the parameter), 404 for an unknown district', async () => {
    const missing = await t.json<{ error: { details: { parameter: string }[] } }>('/api/pipelines/overlaps');
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0]!.parameter).toBe('district');
    const neg = await t.json<{ error: { details: { parameter: string }[] } }>(`/api/pipelines/overlaps?district=${DISTRICT}&bufferMeters=-1`);
    expect(neg.status).toBe(400);
    expect(neg.body.error.details[0]!.parameter).toBe('bufferMeters');
    expect((await t.json('/api/pipelines/overlaps?district=999999')).status).toBe(404);
  });
});

describe('Nankang demo data (generated works, flagged synthetic)', () => {
  it('lists the works with utility, owner, window, status and length', async () => {
    const res = await t.json<{ features: { properties: Record<string, unknown> }[] }>('/api/pipelines?district=360703');
    expect(res.status).toBe(200);
    expect(res.body.features.length).toBeGreaterThan(20);
    for (const f of res.body.features) {
      expect(f.properties).toMatchObject({ synthetic: true, districtCode: '360703' });
      expect(f.properties.lengthMeters).toBeGreaterThan(0);
    }
    const owners = new Set(res.body.features.map((f) => f.properties.owner));
    // The operators Nankang's plan names: 供电, 自来水, 电信/移动/联通, 广电, 燃气 (区深燃公司).
    expect([...owners].some((o) => /南康区(供电|自来水|深燃)公司/.test(String(o)))).toBe(true);
  });

  it('has realistic conflicts (shared trenches and crossings) and at least one corridor that saves trench', async () => {
    const res = await t.json<OverlapsResponse>('/api/pipelines/overlaps?district=360703');
    expect(res.status).toBe(200);
    const o = res.body;
    const kinds = new Set(o.conflicts.map((c) => c.kind));
    expect(kinds.has('concurrent')).toBe(true);
    expect(kinds.has('crossing')).toBe(true);
    for (const c of o.conflicts) {
      expect(c.gapDays).toBeLessThanOrEqual(90);
      expect(c.sharedLengthMeters).toBeGreaterThan(0);
    }
    expect(o.corridors.length).toBeGreaterThanOrEqual(1);
    for (const k of o.corridors) {
      expect(k.workIds.length).toBeGreaterThanOrEqual(2);
      expect(k.utilities.length).toBeGreaterThanOrEqual(2);
      expect(k.trenchMetersSaved).toBeGreaterThan(0);
      expect(k.trenchMetersSaved).toBeLessThan(k.totalLengthMeters);
      expect(k.window.start <= k.window.end).toBe(true);
    }
    expect(o.moratorium.length).toBeGreaterThan(0);
    expect(o.moratorium.every((m) => m.roadSynthetic)).toBe(true);
  });
});
