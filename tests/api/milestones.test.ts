import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage } from '../../shared/audit/contract.ts';
import type { MilestonesImportResponse, MilestonesResponse, ListChanges } from '../../shared/milestones/contract.ts';
import type { LedgerResponse } from '../../shared/progress/contract.ts';
import { databaseFingerprint, testApp, type Client, type TestApp } from './support/test-app.ts';

/** A plan's milestones (形象进度): read, saved as a whole at a version, imported from Beilun's 附件1, and used by the ledger at once. */
let t: TestApp;
let planner: Client;
let beilun: number;
const SEEDS = join(import.meta.dirname, '../../geodata/seeds');

beforeAll(async () => {
  t = await testApp();
  planner = await t.as('planner');
  beilun = (await t.db.query<{ id: number }>(`SELECT id FROM plans WHERE slug = 'beilun-2019'`))[0]!.id;
});
afterAll(async () => t?.close());

const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const PLAN_HEADER = '序号,所在街道,所在社区,小区名称,户数,栋数,总建筑面积（万平方米）,备注';
/** A plan for Nankang in a year of its own: three estates, no reports. */
async function importPlan(year: number): Promise<{ id: number; estates: Record<string, number> }> {
  const csv = `${PLAN_HEADER}\n1,蓉江街道,东街社区,甲${year},10,1,0.1,\n2,蓉江街道,东街社区,乙${year},20,2,0.2,\n3,东山街道,东山社区,丙${year},30,3,0.3,`;
  const fd = new FormData();
  fd.set('file', new File([csv], 'plan.csv'));
  fd.set('region', '360703');
  fd.set('year', String(year));
  const res = await t.json<{ plan: { id: number } }>('/api/import/plan', { method: 'POST', body: fd });
  expect(res.status).toBe(201);
  const rows = await t.db.query<{ id: number; name: string }>(`SELECT id, name FROM estates WHERE plan_id = $1`, [res.body.plan.id]);
  return { id: res.body.plan.id, estates: Object.fromEntries(rows.map((r) => [r.name.replace(String(year), ''), r.id])) };
}
const get = async (planId: number) => {
  const res = await t.json<MilestonesResponse>(`/api/plans/${planId}/milestones`);
  expect(res.status).toBe(200);
  return res.body;
};
const put = (planId: number, body: unknown, who: Client = planner) => who.json<MilestonesResponse & { changes: ListChanges; error?: { code: string; message: string; details: unknown } }>(
  `/api/plans/${planId}/milestones`, json('PUT', body),
);
const upload = (planId: number, file: File, fields: Record<string, string> = {}, who: Client = planner) => {
  const fd = new FormData();
  fd.set('file', file);
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  return who.json<MilestonesImportResponse & { error?: { code: string; message: string; details: { problems: { row: number; column: string; reason: string }[] } } }>(
    `/api/plans/${planId}/milestones/import`, { method: 'POST', body: fd },
  );
};

describe('GET /api/plans/:id/milestones', () => {
  it('lists the plan’s milestones due from the day after the quarter ends, at version 1', async () => {
    const body = await get(beilun);
    expect(body).toMatchObject({ planId: beilun, version: 1, updatedAt: null });
    // 附件1 rows 1–2: 8 cells kept as written; 29 renovation estates (design finished, start, 22 completions) and 64 micro-renovations (start, completion).
    // Issue 16: row 1 as the document writes it also plans all 29 in survey by Q1 (居民意见征求汇总) and 9 in
    // design by Q2 (…等9个项目进行改造方案设计); the seed used to drop both.
    expect(body.milestones).toHaveLength(8 + 29 * 2 + 22 + 64 * 2 + 29 + 9);
    // Issue 16: due from the day after the quarter ends (it was the quarter's last day).
    expect(body.milestones[0]).toMatchObject({ year: 2019, quarter: 1, dueOn: '2019-04-01', estateId: null, projectId: null, phase: null, description: '老旧小区改造建设：居民意见征求汇总。' });
    const cj = body.milestones.filter((m) => m.estateName === '长江花园').map((m) => [m.quarter, m.dueOn, m.phase, m.progressPct, m.description]);
    expect(cj).toEqual([
      [1, '2019-04-01', 'survey', null, '老旧小区改造建设：居民意见征求汇总'],
      [2, '2019-07-01', 'design', null, '老旧小区改造建设：进行改造方案设计'],
      [3, '2019-10-01', 'mobilisation', null, '方案设计完成'],
      [3, '2019-10-01', 'construction', null, '开工'],
      [4, '2020-01-01', 'acceptance', 100, '完工'],
    ]);
  });

  it('answers 404 for a plan that does not exist', async () => {
    expect((await t.json('/api/plans/99999/milestones')).status).toBe(404);
  });
});

describe('PUT /api/plans/:id/milestones', () => {
  let plan: Awaited<ReturnType<typeof importPlan>>;
  beforeAll(async () => {
    plan = await importPlan(2030);
  });

  it('saves the whole list at the version read, and refuses a save from an older version with the list as it is', async () => {
    const first = await put(plan.id, {
      version: 1,
      milestones: [
        { year: 2030, quarter: 1, description: '居民意见征求汇总' },
        { year: 2030, quarter: 2, estateId: plan.estates['甲'], phase: 'construction', progressPct: 30 },
        { year: 2030, quarter: 4, estateId: plan.estates['甲'], phase: 'acceptance', progressPct: 100 },
      ],
    });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.version).toBe(2);
    expect(first.body.changes).toEqual({ added: 3, updated: 0, removed: 0 });
    expect(first.body.milestones.map((m) => [m.quarter, m.estateName, m.phase, m.progressPct, m.source])).toEqual([
      [1, null, null, null, 'entered in the app by planner'],
      [2, '甲2030', 'construction', 30, 'entered in the app by planner'],
      [4, '甲2030', 'acceptance', 100, 'entered in the app by planner'],
    ]);
    const before = await databaseFingerprint(t.db);
    const stale = await put(plan.id, { version: 1, milestones: [] });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'stale_version', details: { current: { version: 2 } } });
    expect((stale.body.error!.details as { current: MilestonesResponse }).current.milestones).toHaveLength(3);
    expect(await databaseFingerprint(t.db)).toEqual(before);
  });

  it('keeps the rows it is sent with their id, changes what changed, removes what is left out; the audit shows who changed what', async () => {
    const now = await get(plan.id);
    const [desc, q2, q4] = now.milestones;
    const since = (await t.db.query<{ id: number }>('SELECT coalesce(max(id), 0)::int AS id FROM audit_log'))[0]!.id;
    const res = await put(plan.id, { version: now.version, milestones: [{ ...pick(desc!) }, { ...pick(q2!), progressPct: 40 }] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.changes).toEqual({ added: 0, updated: 1, removed: 1 });
    expect(res.body.version).toBe(now.version + 1);
    expect(res.body.milestones.map((m) => [m.id, m.progressPct])).toEqual([[desc!.id, null], [q2!.id, 40]]);
    const trail = (await t.json<AuditPage>('/api/audit?table=milestones&limit=50')).body.entries.filter((e) => e.id > since);
    expect(trail.map((e) => [e.action, e.rowId, e.actor, e.request])).toEqual([
      ['update', String(q2!.id), 'planner', `PUT /api/plans/${plan.id}/milestones`],
      ['delete', String(q4!.id), 'planner', `PUT /api/plans/${plan.id}/milestones`],
    ]);
    const update = trail.find((e) => e.action === 'update')!;
    expect(update.before).toMatchObject({ planned_progress_pct: 30 });
    expect(update.after).toMatchObject({ planned_progress_pct: 40, source: 'edited in the app by planner' });
    // The version row is audited too.
    const versions = (await t.json<AuditPage>(`/api/audit?table=plan_goals&rowId=${plan.id}`)).body.entries;
    expect(versions[0]).toMatchObject({ actor: 'planner', action: 'update', before: { milestones_version: 2 }, after: { milestones_version: 3 } });
  });

  it('moves the version only when something changed', async () => {
    const now = await get(plan.id);
    const res = await put(plan.id, { version: now.version, milestones: now.milestones.map(pick) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: now.version, changes: { added: 0, updated: 0, removed: 0 } });
  });

  it('refuses estates and projects of other plans, unknown ids, and a later quarter planning less (422), changing nothing', async () => {
    const now = await get(plan.id);
    const [nankang] = await t.db.query<{ id: number }>(`SELECT e.id FROM estates e JOIN plans p ON p.id = e.plan_id WHERE p.slug = 'nankang-2024' LIMIT 1`);
    const [project] = await t.db.query<{ id: number }>(`SELECT id FROM projects LIMIT 1`);
    const before = await databaseFingerprint(t.db);
    const cases: [unknown[], number, string, string][] = [
      [[{ year: 2030, quarter: 1, estateId: nankang!.id, phase: 'design' }], 422, 'not_in_plan', `milestones.0.estateId: estate ${nankang!.id} is not an estate of plan ${plan.id}`],
      [[{ year: 2030, quarter: 1, projectId: project!.id, phase: 'design' }], 422, 'not_in_plan', `is not a project of plan ${plan.id}`],
      [[{ id: 999999, year: 2030, quarter: 1, description: 'x' }], 422, 'unknown_milestone', 'milestones.0.id: 999999 is not a milestone of plan'],
      [
        [
          { year: 2030, quarter: 3, estateId: plan.estates['乙'], phase: 'construction' },
          { year: 2030, quarter: 4, estateId: plan.estates['乙'], phase: 'design' },
        ],
        422, 'milestones_regress', 'milestones.1: estate ' + plan.estates['乙'] + ' (乙2030): 2030 Q4 plans 规划设计 (design), less than 项目建设 (construction) planned for 2030 Q3 (milestones.0)',
      ],
      [[{ year: 2030, quarter: 2, phase: 'design' }], 400, 'bad_request', 'estateId: a phase or progressPct needs the estateId or projectId it is planned for'],
      [[{ year: 2030, quarter: 2, estateId: plan.estates['乙'], projectId: project!.id, phase: 'design' }], 400, 'bad_request', 'projectId: a milestone is for an estate or a project, not both'],
      [[{ year: 2030, quarter: 5, estateId: plan.estates['乙'], phase: 'design' }], 400, 'bad_request', 'quarter: must be 1 to 4'],
      [[{ year: 2030, quarter: 2, estateId: plan.estates['乙'], progressPct: 100.5 }], 400, 'bad_request', 'progressPct: must be 0 to 100'],
      [[{ year: 2030, quarter: 2, estateId: plan.estates['乙'], phase: 'flying' }], 400, 'bad_request', 'phase'],
      [[{ year: 2030, quarter: 2, estateId: plan.estates['乙'] }], 400, 'bad_request', 'phase: needs a phase, a progressPct or a description'],
    ];
    for (const [milestones, status, code, message] of cases) {
      const res = await put(plan.id, { version: now.version, milestones });
      expect({ status: res.status, code: res.body.error?.code }, JSON.stringify(milestones)).toEqual({ status, code });
      expect(res.body.error!.message).toContain(message);
    }
    expect(await databaseFingerprint(t.db)).toEqual(before);
  });

  it('is for planners and admins; leaders and designers read', async () => {
    const now = await get(plan.id);
    for (const role of ['leader', 'designer', 'reporter'] as const) {
      expect((await put(plan.id, { version: now.version, milestones: [] }, await t.as(role))).status).toBe(403);
    }
    expect((await (await t.as('leader')).json(`/api/plans/${plan.id}/milestones`)).status).toBe(200);
    expect((await (await t.as('reporter')).json(`/api/plans/${plan.id}/milestones`)).status).toBe(403);
  });
});

describe('the ledger uses the milestones at once', () => {
  it('an edited milestone changes the behind-milestone items of GET /api/stats/lagging', async () => {
    const plan = await importPlan(2029);
    const lagging = async () =>
      (await t.json<LedgerResponse>('/api/stats/lagging?parent=360703&year=2029&period=2029-06&asOf=2029-07-25')).body.items.filter((i) => i.kind === 'lagging');
    expect(await lagging()).toEqual([]);
    // 甲 should be in construction, 30 % done, by the end of Q2; it has reported nothing.
    let res = await put(plan.id, { version: 1, milestones: [{ year: 2029, quarter: 2, estateId: plan.estates['甲'], phase: 'construction', progressPct: 30 }] });
    expect(res.status).toBe(200);
    expect((await lagging()).map((i) => [i.estateName, i.behindPct, i.phasesBehind, i.milestone?.quarter])).toEqual([['甲2029', 30, 5, 2]]);
    // The planner moves the milestone to 乙, and 甲 to Q3 (not due in June).
    res = await put(plan.id, {
      version: res.body.version,
      milestones: [
        { id: res.body.milestones[0]!.id, year: 2029, quarter: 3, estateId: plan.estates['甲'], phase: 'construction', progressPct: 30 },
        { year: 2029, quarter: 2, estateId: plan.estates['乙'], phase: 'design' },
      ],
    });
    expect(res.status).toBe(200);
    expect((await lagging()).map((i) => [i.estateName, i.behindPct, i.phasesBehind, i.milestone?.phase])).toEqual([['乙2029', null, 2, 'design']]);
    // 乙's June report puts it in design: nothing is behind any more.
    await t.db.query(`INSERT INTO progress_reports (estate_id, period, phase, progress_pct, source) VALUES ($1, '2029-06', 'design', 10, 'test')`, [plan.estates['乙']]);
    expect(await lagging()).toEqual([]);
  });
});

describe('POST /api/plans/:id/milestones/import (Beilun 附件1)', () => {
  const printed = readFileSync(join(SEEDS, 'beilun-2019-plan.csv'), 'utf8');
  // Row 2 (环境整治及微改造) lists other names than it counts; the table without it reads exactly.
  const lines = printed.trimEnd().split('\n');
  const withoutRow2 = [lines[0], lines[1], lines[3], lines[4]].join('\n');

  it('refuses the table as printed, naming each cell and name, and imports nothing', async () => {
    const before = await databaseFingerprint(t.db);
    const res = await upload(beilun, new File([printed], 'beilun-annex1.csv'), { preview: 'true' });
    expect(res.status).toBe(422);
    expect(res.body.error!.code).toBe('invalid_milestone_table');
    expect(res.body.error!.message).toMatch(/^beilun-annex1\.csv: the milestone table was rejected, nothing was imported: row 3, 一季度末形象进度, unknown name "二期"/);
    expect(res.body.error!.details.problems.map((p) => [p.row, p.column])).toEqual([
      [3, '一季度末形象进度'], [3, '一季度末形象进度'], [3, '二季度末形象进度'], [3, '三季度末形象进度'], [3, '四季度末形象进度'],
    ]);
    expect(await databaseFingerprint(t.db)).toEqual(before);
  });

  it('previews what it reads and how it differs, writing nothing; confirms at the version read', async () => {
    const before = await databaseFingerprint(t.db);
    const preview = await upload(beilun, new File([withoutRow2], 'beilun-annex1.csv'), { preview: 'true' });
    expect(preview.status, JSON.stringify(preview.body).slice(0, 500)).toBe(200);
    const estateMilestones = preview.body.milestones.filter((m) => m.estateId !== null);
    // Q1: 29 in survey (居民意见征求汇总, a phrase since issue 16); Q2: 9 in design + 20 designed;
    // Q3: 29 (22 of them started); Q4: 7 started + 22 completed.
    expect(estateMilestones).toHaveLength(29 + 29 + 29 + 29);
    // The four cells of row 1 were already there as written, and so were the seed's Q1 and Q2
    // milestones read from this row (29 survey, 9 design: server/seed/document-facts.ts).
    const kept = 4 + 29 + 9;
    expect(preview.body).toMatchObject({ planId: beilun, version: 1, nextVersion: 2, applied: false, kept, warnings: [] });
    expect(preview.body.added).toHaveLength(preview.body.milestones.length - kept);
    // Everything else of the seed goes.
    expect(preview.body.removed).toHaveLength(254 - kept);
    expect(preview.body.milestones.find((m) => m.estateName === '镇东新村及干部楼' && m.quarter === 2)).toMatchObject({
      phase: 'mobilisation', dueOn: '2019-07-01', description: '老旧小区改造建设：完成改造方案设计', source: 'import: beilun-annex1.csv, row 2, 二季度末形象进度', row: 2,
    });
    expect(await databaseFingerprint(t.db)).toEqual(before);

    const noVersion = await upload(beilun, new File([withoutRow2], 'beilun-annex1.csv'));
    expect(noVersion.status).toBe(400);
    expect(noVersion.body.error!.message).toContain('version: send the version of the milestones you read');
    expect((await upload(beilun, new File([withoutRow2], 'beilun-annex1.csv'), { version: '7' })).status).toBe(409);
    expect(await databaseFingerprint(t.db)).toEqual(before);

    const done = await upload(beilun, new File([withoutRow2], 'beilun-annex1.csv'), { version: '1' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ applied: true, version: 1, nextVersion: 2 });
    const after = await get(beilun);
    expect(after.version).toBe(2);
    // Kept rows keep their row and source; the rest are the table's.
    const strip = ({ row: _r, column: _c, source: _s, ...m }: (typeof preview.body.milestones)[number]) => m;
    expect(after.milestones.map(({ id: _id, source: _s, ...m }) => m)).toEqual(
      expect.arrayContaining(preview.body.milestones.map(strip)),
    );
    expect(after.milestones).toHaveLength(preview.body.milestones.length);
    expect(after.milestones.filter((m) => m.estateName === '长江花园').map((m) => [m.quarter, m.phase, m.progressPct])).toEqual([
      [1, 'survey', null], [2, 'design', null], [3, 'construction', null], [4, 'acceptance', 100],
    ]);
    // The same table again: nothing to change.
    const again = await upload(beilun, new File([withoutRow2], 'beilun-annex1.csv'), { preview: 'true' });
    expect(again.body).toMatchObject({ version: 2, nextVersion: 2, added: [], removed: [], kept: preview.body.milestones.length });
  });

  it('reads the same layout from an Excel workbook', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('附件1');
    ws.addRow(['序号', '项目名称', '2019年建设计划', '', '', '', '', '配合单位']);
    ws.addRow(['', '', '全年建设目标', '一季度末形象进度', '二季度末形象进度', '三季度末形象进度', '四季度末形象进度', '']);
    ws.addRow(['1', '长江花园', '改造', '', '进行改造方案设计', '开工', '完工', '新碶街道']);
    ws.mergeCells('C1:G1');
    const bytes = await wb.xlsx.writeBuffer();
    const res = await upload(beilun, new File([bytes], 'annex.xlsx'), { preview: 'true' });
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
    expect(res.body.milestones.filter((m) => m.estateId).map((m) => [m.quarter, m.estateName, m.phase, m.progressPct])).toEqual([
      [2, '长江花园', 'design', null], [3, '长江花园', 'construction', null], [4, '长江花园', 'acceptance', 100],
    ]);
  });
});

/** A milestone as a PUT item (what a client sends back). */
function pick(m: MilestonesResponse['milestones'][number]) {
  return { id: m.id, year: m.year, quarter: m.quarter, estateId: m.estateId, projectId: m.projectId, phase: m.phase, progressPct: m.progressPct, description: m.description };
}
