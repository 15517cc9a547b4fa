import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, AuditPage } from '../../shared/audit/contract.ts';
import { lineAt } from './support/metres.ts';
import { testApp, type Client, type TestApp } from './support/test-app.ts';

/** Every write through the API leaves who, when, what and before/after in audit_log. */
let t: TestApp;
let planner: Client;
let reporter: Client;
let estates: number[];
const O: [number, number] = [114.76, 25.66];

beforeAll(async () => {
  t = await testApp();
  planner = await t.as('planner');
  reporter = await t.as('reporter');
  estates = (await t.db.query<{ id: number }>(`SELECT id FROM estates WHERE district_code = '360703' ORDER BY id LIMIT 3`)).map((r) => r.id);
});
afterAll(async () => t?.close());

const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const lastId = async () => (await t.db.query<{ id: number }>('SELECT coalesce(max(id), 0)::int AS id FROM audit_log'))[0]!.id;
/** The audit rows a request wrote, oldest first, read back through GET /api/audit. */
async function trail(since: number): Promise<AuditEntry[]> {
  const page = await t.json<AuditPage>('/api/audit?limit=500');
  expect(page.status).toBe(200);
  return page.body.entries.filter((e) => e.id > since).reverse();
}

describe('audit rows per write', () => {
  it('a new zone: the zone and its estate links, by the planner, with the request that made them', async () => {
    const since = await lastId();
    const res = await planner.json<{ properties: { id: number } }>('/api/zones', json('POST', { name: '审计片区', estateIds: estates.slice(0, 2) }));
    expect(res.status).toBe(201);
    const id = res.body.properties.id;
    const rows = await trail(since);
    expect(rows.map((r) => [r.table, r.action, r.rowId])).toEqual(
      expect.arrayContaining([['zones', 'insert', String(id)], ['zone_estates', 'insert', `${id}/${estates[0]}`], ['zone_estates', 'insert', `${id}/${estates[1]}`]]),
    );
    for (const r of rows) expect(r).toMatchObject({ actor: 'planner', request: 'POST /api/zones' });
    for (const r of rows.filter((r) => r.action === 'insert')) expect(r.before).toBeNull();
    const zone = rows.find((r) => r.table === 'zones' && r.action === 'insert')!;
    expect(zone.after).toMatchObject({ id, name: '审计片区', version: 1 });
    expect(Date.now() - Date.parse(zone.at)).toBeLessThan(10 * 60_000);
  });

  it('an edit keeps before and after; a delete keeps what was deleted', async () => {
    const { body } = await planner.json<{ properties: { id: number } }>('/api/zones', json('POST', { name: '改前', estateIds: [estates[2]] }));
    const id = body.properties.id;
    let since = await lastId();
    expect((await planner.request(`/api/zones/${id}`, json('PATCH', { version: 1, name: '改后' }))).status).toBe(200);
    const update = (await trail(since)).find((r) => r.table === 'zones')!;
    expect(update).toMatchObject({ action: 'update', rowId: String(id), actor: 'planner', request: `PATCH /api/zones/${id}` });
    expect(update.before).toMatchObject({ name: '改前', version: 1 });
    expect(update.after).toMatchObject({ name: '改后', version: 2 });

    since = await lastId();
    expect((await planner.request(`/api/zones/${id}?version=2`, { method: 'DELETE' })).status).toBe(204);
    const gone = await trail(since);
    expect(gone.find((r) => r.table === 'zones')).toMatchObject({ action: 'delete', before: { name: '改后' }, after: null });
    expect(gone.filter((r) => r.table === 'zone_estates' && r.action === 'delete')).toHaveLength(1);
  });

  it('a pipeline work: geometry kept as GeoJSON, the derived Mercator copy left out', async () => {
    const since = await lastId();
    const geometry = lineAt(O, [0, 0], [100, 0]);
    const res = await planner.json<{ properties: { id: number } }>(
      '/api/pipelines',
      json('POST', { utility: 'gas', owner: '审计燃气', districtCode: '360703', startDate: '2026-01-01', endDate: '2026-02-01', geometry }),
    );
    expect(res.status).toBe(201);
    const [row] = (await trail(since)).filter((r) => r.table === 'pipeline_works');
    expect(row!.after).toMatchObject({ owner: '审计燃气', geom: { type: 'LineString' } });
    const coords = (row!.after!.geom as { coordinates: number[][] }).coordinates;
    expect(coords[0]![0]).toBeCloseTo(geometry.coordinates[0]![0]!, 6);
    expect(row!.after).not.toHaveProperty('geom_merc');
  });

  it('a monthly report, by the reporter', async () => {
    const since = await lastId();
    const res = await reporter.json<{ report: { id: number } }>(
      '/api/reports',
      json('POST', { estateId: estates[0], period: '2025-04', phase: 'construction', progressPct: 61, completed: false, note: 'audit' }),
    );
    expect(res.status).toBe(201);
    expect(await trail(since)).toEqual([
      expect.objectContaining({ table: 'progress_reports', action: 'insert', rowId: String(res.body.report.id), actor: 'reporter-360703', request: 'POST /api/reports' }),
    ]);
  });

  it('a plan import: one row per plan, project and estate it wrote', async () => {
    const since = await lastId();
    const csv = '序号,所在街道,所在社区,小区名称,户数,栋数,总建筑面积（万平方米）,备注\n1,蓉江街道,东街社区,审计小区甲,10,1,0.1,审计工程\n2,蓉江街道,东街社区,审计小区乙,20,2,0.2,';
    const fd = new FormData();
    fd.set('file', new File([csv], 'audit.csv'));
    fd.set('region', '360703');
    fd.set('year', '2033');
    const res = await planner.json<{ estates: number; projects: number }>('/api/import/plan', { method: 'POST', body: fd });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const rows = await trail(since);
    const count = (table: string) => rows.filter((r) => r.table === table && r.action === 'insert').length;
    expect([count('plans'), count('projects'), count('estates')]).toEqual([1, res.body.projects, res.body.estates]);
    expect(rows.filter((r) => r.table === 'estates').map((r) => r.after!.name)).toEqual(['审计小区甲', '审计小区乙']);
    expect(new Set(rows.map((r) => r.actor))).toEqual(new Set(['planner']));
  });

  it('writes nothing for reads or for refused writes', async () => {
    const since = await lastId();
    await t.request('/api/estates?district=360703');
    await t.request('/api/zones/check', json('POST', { estateIds: estates }));
    await planner.request('/api/zones', json('POST', { name: '', estateIds: [] })); // 400
    await reporter.request('/api/zones', json('POST', { name: 'x', estateIds: [estates[0]] })); // 403
    await planner.request('/api/zones/999999', json('PATCH', { version: 1, name: 'y' })); // 404
    expect(await lastId()).toBe(since);
  });
});

describe('the trail itself', () => {
  it('is append-only, even for the app\'s own database user', async () => {
    await expect(t.db.query(`UPDATE audit_log SET actor = 'someone else'`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
  });

  it('never holds a password hash', async () => {
    await t.db.transaction(async (tx) => {
      await tx.query(`SELECT set_config('app.user', 'test', true)`);
      await tx.query(`INSERT INTO users (username, password_hash, role) VALUES ('audited-user', 'scrypt$secret', 'leader')`);
    });
    const [row] = await t.db.query<{ after: Record<string, unknown> }>(`SELECT after FROM audit_log WHERE table_name = 'users' ORDER BY id DESC LIMIT 1`);
    expect(row!.after).toMatchObject({ username: 'audited-user', role: 'leader' });
    expect(JSON.stringify(row!.after)).not.toContain('secret');
  });

  it('filters by table, row and actor, newest first, in pages', async () => {
    const zones = await t.json<AuditPage>('/api/audit?table=zones&actor=planner');
    expect(zones.body.entries.length).toBeGreaterThanOrEqual(4);
    expect(zones.body.entries.every((e) => e.table === 'zones' && e.actor === 'planner')).toBe(true);
    const ids = zones.body.entries.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const first = await t.json<AuditPage>('/api/audit?table=zones&limit=2');
    expect(first.body.entries).toHaveLength(2);
    const second = await t.json<AuditPage>(`/api/audit?table=zones&limit=2&before=${first.body.next}`);
    expect(second.body.entries[0]!.id).toBeLessThan(first.body.entries[1]!.id);
    const one = zones.body.entries[0]!;
    const history = await t.json<AuditPage>(`/api/audit?table=zones&rowId=${one.rowId}`);
    expect(history.body.entries.every((e) => e.rowId === one.rowId)).toBe(true);
    expect((await t.json('/api/audit?limit=0')).status).toBe(400);
    expect((await t.json("/api/audit?table=zones';DROP TABLE audit_log;--")).status).toBe(400);
  });
});
