import type { Feature } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgressReport } from '../../shared/progress/contract.ts';
import { lineAt } from './support/metres.ts';
import { testApp, type Client, type TestApp } from './support/test-app.ts';

/**
 * Optimistic concurrency on editable rows (zones, pipeline works: a version; stale → 409 with the
 * row as it is now), and writes racing each other: none lost, none doubled.
 */
let t: TestApp;
let planner: Client;
let estates: number[];
const O: [number, number] = [114.76, 25.66];
type ErrorBody = { error: { code: string; details: { current?: Feature & { properties: Record<string, unknown> } } } };
const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

beforeAll(async () => {
  t = await testApp();
  planner = await t.as('planner');
  estates = (await t.db.query<{ id: number }>(`SELECT id FROM estates WHERE district_code = '360703' ORDER BY id LIMIT 4`)).map((r) => r.id);
});
afterAll(async () => t?.close());

describe('stale writes', () => {
  it('a zone edited from an old version gets 409 with the zone as it is now, and is not applied', async () => {
    const { body } = await planner.json<{ properties: { id: number } }>('/api/zones', json('POST', { name: '并发片区', estateIds: [estates[0]] }));
    const id = body.properties.id;
    expect((await t.request(`/api/zones/${id}`, json('PATCH', { version: 1, name: '管理员改' }))).status).toBe(200);
    const stale = await planner.json<ErrorBody>(`/api/zones/${id}`, json('PATCH', { version: 1, name: '规划员改' }));
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_version');
    expect(stale.body.error.details.current!.properties).toMatchObject({ id, name: '管理员改', version: 2 });
    expect((await planner.request(`/api/zones/${id}?version=1`, { method: 'DELETE' })).status).toBe(409);
  });

  it('a pipeline work updated or deleted from an old version gets 409 with the work as it is now', async () => {
    const work = { utility: 'power', owner: '并发供电', districtCode: '360703', startDate: '2026-06-01', endDate: '2026-06-30', geometry: lineAt(O, [0, 500], [90, 500]) };
    const created = await planner.json<{ properties: { id: number } }>('/api/pipelines', json('POST', work));
    const id = created.body.properties.id;
    expect((await t.request(`/api/pipelines/${id}`, json('PUT', { ...work, version: 1, owner: '并发供电（改）' }))).status).toBe(200);
    const stale = await planner.json<ErrorBody>(`/api/pipelines/${id}`, json('PUT', { ...work, version: 1, status: 'cancelled' }));
    expect(stale.status).toBe(409);
    expect(stale.body.error.details.current!.properties).toMatchObject({ id, owner: '并发供电（改）', version: 2, status: 'planned' });
    expect((await planner.request(`/api/pipelines/${id}?version=1`, { method: 'DELETE' })).status).toBe(409);
  });

  it('of several saves from the same version, exactly one lands', async () => {
    const { body } = await planner.json<{ properties: { id: number } }>('/api/zones', json('POST', { name: '抢写片区', estateIds: [estates[1]] }));
    const id = body.properties.id;
    const results = await Promise.all(
      ['甲', '乙', '丙', '丁'].map((n) => planner.request(`/api/zones/${id}`, json('PATCH', { version: 1, name: `抢写-${n}` }))),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
    const [row] = await t.db.query<{ version: number; n: number }>(
      `SELECT version, (SELECT count(*)::int FROM audit_log WHERE table_name = 'zones' AND row_id = $1 AND action = 'update' AND after->>'name' LIKE '抢写-%') AS n FROM zones WHERE id = $1::int`,
      [String(id)],
    );
    expect(row).toEqual({ version: 2, n: 1 });
  });
});

describe('racing reports', () => {
  it('reports for the same estate and month sent at once become consecutive revisions, none lost or doubled', async () => {
    const reporter = await t.as('reporter');
    const sent = [11, 12, 13, 14, 15, 16];
    const results = await Promise.all(
      sent.map((p) =>
        reporter.json<{ report: ProgressReport }>(
          '/api/reports',
          json('POST', { estateId: estates[2], period: '2025-05', phase: 'construction', progressPct: p, completed: false, note: `race ${p}` }),
        ),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(sent.map(() => 201));
    const rows = await t.db.query<{ revision: number; progress: number }>(
      `SELECT revision, progress_pct::float8 AS progress FROM progress_reports WHERE estate_id = $1 AND period = '2025-05' ORDER BY revision`,
      [estates[2]],
    );
    expect(rows.map((r) => r.revision)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rows.map((r) => r.progress).sort()).toEqual(sent);
  });
});
