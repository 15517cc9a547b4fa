import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage } from '../../shared/audit/contract.ts';
import type { PlanDeleted, PlanSummary } from '../../shared/plans/contract.ts';
import { databaseFingerprint, testApp, type TestApp } from './support/test-app.ts';

/** GET /api/plans (counts) and DELETE /api/plans/:id (confirmation, reports, cascade, zones, audit). */
let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());

const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const PLAN_HEADER = '序号,所在街道,所在社区,小区名称,户数,栋数,总建筑面积（万平方米）,备注';
/** A plan for Nankang in a year without one: three estates, no red lines, no reports. */
async function importPlan(year: number): Promise<{ id: number; slug: string }> {
  const csv = `${PLAN_HEADER}\n1,蓉江街道,东街社区,测试甲${year},10,1,0.1,\n2,蓉江街道,东街社区,测试乙${year},20,2,0.2,\n3,东山街道,东山社区,测试丙${year},30,3,0.3,`;
  const fd = new FormData();
  fd.set('file', new File([csv], 'plan.csv'));
  fd.set('region', '360703');
  fd.set('year', String(year));
  const res = await t.json<{ plan: { id: number; slug: string } }>('/api/import/plan', { method: 'POST', body: fd });
  expect(res.status).toBe(201);
  return res.body.plan;
}
const plans = async () => {
  const res = await t.json<{ plans: PlanSummary[] }>('/api/plans');
  expect(res.status).toBe(200);
  return res.body.plans;
};
const count = async (sql: string, params: unknown[] = []) => (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params))[0]!.n;

describe('GET /api/plans', () => {
  it('lists every plan with its estates, placed and unplaced, and reports', async () => {
    const list = await plans();
    expect(list.map((p) => p.slug)).toEqual(['nankang-2024', 'jiangkou-2023', 'haimen-2021', 'wuhai-2021', 'wuhai-2020', 'beilun-2019']);
    const wuhai = list.find((p) => p.slug === 'wuhai-2021')!;
    // 16 estates, all with a (generated) red line; the circular's 是否完工 flags are one report each.
    expect(wuhai).toMatchObject({ title: '2021年乌海市老旧小区改造项目', year: 2021, regionCode: '1503', regionName: '乌海市', estates: 16, placed: 16, unplaced: 0, reports: 16 });
    for (const p of list) {
      const [db] = await t.db.query<{ estates: number; reports: number; version: number }>(
        `SELECT (SELECT version FROM plans WHERE id = $1) AS version,
                (SELECT count(*) FROM estates WHERE plan_id = $1)::int AS estates,
                (SELECT count(*) FROM progress_reports r JOIN estates e ON e.id = r.estate_id WHERE e.plan_id = $1)::int AS reports`,
        [p.id],
      );
      expect({ slug: p.slug, version: p.version, estates: p.estates, reports: p.reports, sum: p.placed + p.unplaced }).toEqual({ slug: p.slug, ...db, sum: db!.estates });
    }
  });

  it('counts a provisional point as placed and an estate with neither red line nor point as unplaced', async () => {
    const plan = await importPlan(2025);
    let mine = (await plans()).find((p) => p.id === plan.id)!;
    expect(mine).toMatchObject({ slug: '360703-2025', estates: 3, placed: 0, unplaced: 3, reports: 0 });
    expect(mine.updatedAt).toBe(mine.createdAt);
    const [e] = await t.db.query<{ id: number }>(`SELECT id FROM estates WHERE plan_id = $1 ORDER BY id LIMIT 1`, [plan.id]);
    await t.db.query(`UPDATE estates SET location = ST_SetSRID(ST_MakePoint(114.76, 25.66), 4326), updated_at = now() + interval '1 second' WHERE id = $1`, [e!.id]);
    const report = await t.json('/api/reports', json('POST', { estateId: e!.id, period: '2025-03', phase: 'survey', progressPct: 5, completed: false }));
    expect(report.status, JSON.stringify(report.body)).toBe(201);
    mine = (await plans()).find((p) => p.id === plan.id)!;
    expect(mine).toMatchObject({ placed: 1, unplaced: 2, reports: 1 });
    expect(Date.parse(mine.updatedAt)).toBeGreaterThan(Date.parse(mine.createdAt));
  });
});

describe('DELETE /api/plans/:id', () => {
  it('asks for the slug as confirmation and changes nothing without it', async () => {
    const [wuhai] = (await plans()).filter((p) => p.slug === 'wuhai-2021');
    const before = await databaseFingerprint(t.db);
    const none = await t.json<{ error: { code: string; message: string } }>(`/api/plans/${wuhai!.id}`, { method: 'DELETE' });
    expect(none.status).toBe(400);
    expect(none.body.error.code).toBe('confirmation_required');
    expect(none.body.error.message).toContain('send confirm=wuhai-2021');
    expect((await t.json(`/api/plans/${wuhai!.id}?confirm=wuhai-2020&force=true`, { method: 'DELETE' })).status).toBe(400);
    expect((await t.json('/api/plans/99999?confirm=x', { method: 'DELETE' })).status).toBe(404);
    expect(await databaseFingerprint(t.db)).toEqual(before);
  });

  it('refuses while reports exist, counting them, unless force=true', async () => {
    const [wuhai] = (await plans()).filter((p) => p.slug === 'wuhai-2021');
    const before = await databaseFingerprint(t.db);
    const res = await t.json<{ error: { code: string; message: string; details: unknown } }>(`/api/plans/${wuhai!.id}?confirm=wuhai-2021`, { method: 'DELETE' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: 'plan_has_reports',
      message: 'Plan wuhai-2021 has 16 progress reports for 16 of its 16 estates; nothing was deleted. Send force=true to delete them with the plan',
      details: { reports: 16, estatesReported: 16 },
    });
    expect(await databaseFingerprint(t.db)).toEqual(before);
  });

  it('deletes a plan without reports when confirmed', async () => {
    const plan = await importPlan(2032);
    const res = await t.json<PlanDeleted>(`/api/plans/${plan.id}?confirm=${plan.slug}`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ deleted: { id: plan.id, slug: '360703-2032' }, estates: 3, reports: 0, zonesDeleted: [], zonesChanged: [] });
    expect(await count('plans WHERE id = $1', [plan.id])).toBe(0);
    expect((await plans()).some((p) => p.id === plan.id)).toBe(false);
  });

  it('with force=true deletes the plan with everything of it in one audited transaction; zones that lose all estates go, others keep the rest', async () => {
    const [wuhai] = (await plans()).filter((p) => p.slug === 'wuhai-2021');
    const id = wuhai!.id;
    const estates = (await t.db.query<{ id: number }>(`SELECT id FROM estates WHERE plan_id = $1 ORDER BY id`, [id])).map((r) => r.id);
    const [other] = await t.db.query<{ id: number }>(`SELECT e.id FROM estates e JOIN plans p ON p.id = e.plan_id WHERE p.slug = 'wuhai-2020' ORDER BY e.id LIMIT 1`);
    // A milestone and a target of the plan, entered through the API.
    const ms = await t.json<{ version: number }>(`/api/plans/${id}/milestones`);
    expect((await t.json(`/api/plans/${id}/milestones`, json('PUT', { version: ms.body.version, milestones: [{ year: 2021, quarter: 3, estateId: estates[0], phase: 'construction' }] }))).status).toBe(200);
    // Zones (set up directly): one only of this plan, one shared with Wuhai 2020.
    const [only] = await t.db.query<{ id: number }>(`INSERT INTO zones (name, district_code) VALUES ('只有本计划', '150302') RETURNING id`);
    const [shared] = await t.db.query<{ id: number }>(`INSERT INTO zones (name, district_code) VALUES ('两个计划', '150302') RETURNING id`);
    await t.db.query(`INSERT INTO zone_estates VALUES ($1, $2), ($1, $3), ($4, $2), ($4, $5)`, [only!.id, estates[0], estates[1], shared!.id, other!.id]);
    const counts = {
      buildings: await count('buildings b JOIN estates e ON e.id = b.estate_id WHERE e.plan_id = $1', [id]),
      projects: await count('projects WHERE plan_id = $1', [id]),
      targets: await count('targets WHERE plan_id = $1', [id]),
    };
    expect(counts.buildings).toBeGreaterThan(0);
    expect(counts.targets).toBe(1); // 乌海市 2021 estates_completed 16

    const admin = await t.as('admin');
    const res = await admin.json<PlanDeleted>(`/api/plans/${id}?confirm=wuhai-2021&force=true`, { method: 'DELETE' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({
      deleted: { id, slug: 'wuhai-2021', title: '2021年乌海市老旧小区改造项目' },
      estates: 16, projects: counts.projects, buildings: counts.buildings, reports: 16, milestones: 1, targets: 1,
      zonesDeleted: [{ id: only!.id, name: '只有本计划' }],
      zonesChanged: [{ id: shared!.id, name: '两个计划', estatesLeft: 1 }],
    });
    // Nothing of the plan is left.
    expect(await count('plans WHERE id = $1', [id])).toBe(0);
    expect(await count('estates WHERE id = ANY($1::int[])', [estates])).toBe(0);
    expect(await count('progress_reports WHERE estate_id = ANY($1::int[])', [estates])).toBe(0);
    expect(await count('buildings WHERE estate_id = ANY($1::int[])', [estates])).toBe(0);
    expect(await count('milestones WHERE plan_id = $1', [id])).toBe(0);
    expect(await count('targets WHERE plan_id = $1', [id])).toBe(0);
    expect(await count('projects WHERE plan_id = $1', [id])).toBe(0);
    expect(await count('responsibilities WHERE plan_id = $1', [id])).toBe(0);
    expect(await count('zones WHERE id = $1', [only!.id])).toBe(0);
    expect(await t.db.query(`SELECT estate_id FROM zone_estates WHERE zone_id = $1`, [shared!.id])).toEqual([{ estate_id: other!.id }]);
    expect((await t.db.query<{ version: number }>(`SELECT version FROM zones WHERE id = $1`, [shared!.id]))[0]!.version).toBe(2);
    // The other plans and the dashboard's targets no longer know it.
    expect((await plans()).map((p) => p.slug)).not.toContain('wuhai-2021');
    expect((await t.json<{ targets: unknown[] }>('/api/targets?region=1503&year=2021')).body.targets).toEqual([]);
    expect((await t.json<{ targets: unknown[] }>('/api/targets?region=1503&year=2020')).body.targets).toHaveLength(1);

    // The audit trail shows the plan's deletion by the admin, with the request, and each estate's.
    const trail = await t.json<AuditPage>(`/api/audit?table=plans&rowId=${id}`);
    expect(trail.body.entries[0]).toMatchObject({
      actor: 'admin', request: `DELETE /api/plans/${id}`, table: 'plans', rowId: String(id), action: 'delete',
      before: { slug: 'wuhai-2021', year: 2021 }, after: null,
    });
    const estateTrail = await t.json<AuditPage>(`/api/audit?table=estates&rowId=${estates[3]}`);
    expect(estateTrail.body.entries[0]).toMatchObject({ actor: 'admin', action: 'delete', request: `DELETE /api/plans/${id}` });
    expect(await count(`audit_log WHERE request = $1 AND table_name = 'progress_reports' AND action = 'delete'`, [`DELETE /api/plans/${id}`])).toBe(16);
  });
});
