import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerItem, LedgerResponse, TargetRow } from '../../shared/progress/contract.ts';
import { testApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
const ids = new Map<string, number>();
beforeAll(async () => {
  t = await testApp();
  const rows = await t.db.query<{ id: number; name: string }>(
    `SELECT e.id, e.name FROM estates e JOIN plans p ON p.id = e.plan_id WHERE p.slug = 'wuhai-2021'`,
  );
  for (const r of rows) ids.set(r.name, r.id);
});
afterAll(async () => t?.close());

const id = (name: string) => {
  const v = ids.get(name);
  if (!v) throw new Error(`no Wuhai 2021 estate ${name}`);
  return v;
};

/** A report as a reporter would have filed it at a given instant (the API stamps "now"). */
async function filed(name: string, period: string, submittedAt: string, o: { pct?: number; phase?: string; completed?: boolean; revision?: number } = {}) {
  await t.db.query(
    `INSERT INTO progress_reports (estate_id, period, revision, phase, progress_pct, completed, submitted_at, source)
     VALUES ($1, $2, $3, $4, $5, $6, $7::timestamptz, 'test')`,
    [id(name), period, o.revision ?? 1, o.phase ?? 'construction', o.pct ?? 10, o.completed ?? false, submittedAt],
  );
}

const ledger = async (query: string) => (await t.json<LedgerResponse>(`/api/stats/lagging?parent=1503&year=2021&${query}`)).body;
const of = (items: LedgerItem[], kind: LedgerItem['kind']) => items.filter((i) => i.kind === kind);

describe('GET /api/stats/lagging — late and missing reports around the 20th', () => {
  beforeAll(async () => {
    await filed('铁路小区(包括铁路西住宅小区)', '2021-05', '2021-06-20T23:59:00+08:00'); // on time: last minute of the 20th
    await filed('检察院楼小区', '2021-05', '2021-06-21T00:00:00+08:00'); // late: first minute of the 21st
    await filed('海天花园小区', '2021-05', '2021-06-20T16:30:00Z'); // 00:30 on the 21st in Beijing: late
    await filed('规划楼', '2021-05', '2021-06-05T10:00:00+08:00', { pct: 100, phase: 'acceptance', completed: true });
  });

  it('lists late reports with the day count, and every estate without a report as missing once the 20th has passed', async () => {
    const body = await ledger('period=2021-05&asOf=2021-06-25');
    expect(body.period).toBe('2021-05');
    const late = of(body.items, 'late');
    expect(late.map((i) => [i.estateName, i.daysLate]).sort()).toEqual([['检察院楼小区', 1], ['海天花园小区', 1]]);
    expect(late.find((i) => i.estateName === '海天花园小区')).toMatchObject({
      unit: '拉僧仲街道', personInCharge: '张恒', leader: '刘文忠', districtName: '海南区', dueOn: '2021-06-20', synthetic: false,
    });
    // 16 estates: 4 reported, 12 missing.
    const missing = of(body.items, 'missing');
    expect(missing).toHaveLength(12);
    expect(missing.map((i) => i.estateName)).not.toContain('铁路小区(包括铁路西住宅小区)');
    const bayinsai = body.byUnit.find((u) => u.unit === '巴音赛街道');
    expect(bayinsai).toEqual({ unit: '巴音赛街道', lagging: 0, late: 0, missing: 5 });
    expect(body.byUnit.find((u) => u.unit === '拉僧仲街道')).toEqual({ unit: '拉僧仲街道', lagging: 0, late: 1, missing: 0 });
  });

  it('lists nothing as missing while the deadline has not passed (asOf the 20th)', async () => {
    const body = await ledger('period=2021-05&asOf=2021-06-20');
    expect(of(body.items, 'missing')).toHaveLength(0);
  });

  it('stops expecting reports from an estate reported completed', async () => {
    const body = await ledger('period=2021-06&asOf=2021-07-21');
    const missing = of(body.items, 'missing').map((i) => i.estateName);
    expect(missing).toHaveLength(15);
    expect(missing).not.toContain('规划楼');
  });

  it('rolls the deadline over the year end: December is due on 20 January', async () => {
    await filed('团结小区', '2021-12', '2022-01-20T15:59:59Z'); // 23:59:59 Beijing on the 20th
    await filed('大庆南小区', '2021-12', '2022-01-20T16:00:00Z'); // 00:00 on the 21st
    const body = await ledger('period=2021-12&asOf=2022-02-01');
    expect(of(body.items, 'late').map((i) => i.estateName)).toEqual(['大庆南小区']);
    expect(body.items.find((i) => i.estateName === '大庆南小区')!.dueOn).toBe('2022-01-20');
  });

  it('defaults to the last month already due', async () => {
    expect((await ledger('asOf=2021-07-20')).period).toBe('2021-05');
    expect((await ledger('asOf=2021-07-21')).period).toBe('2021-06');
  });

  it('rejects a bad period or date with 400', async () => {
    expect((await t.json('/api/stats/lagging?period=2021-5')).status).toBe(400);
    expect((await t.json('/api/stats/lagging?asOf=yesterday')).status).toBe(400);
  });
});

describe('GET /api/stats/lagging — behind the quarterly milestone (形象进度)', () => {
  const hbw = ['铁路小区(包括铁路西住宅小区)', '检察院楼小区', '规划楼', '民政小区', '工商小区', '铸锻转角楼', '师范住宅楼', '团结小区', '大庆南小区'];

  beforeAll(async () => {
    const [p] = await t.db.query<{ id: number; plan_id: number }>(`SELECT id, plan_id FROM projects WHERE name = '2021年海勃湾区老旧小区改造项目'`);
    // End of Q2: the district batch should be in construction, 30% done.
    await t.db.query(
      `INSERT INTO milestones (plan_id, project_id, year, quarter, planned_phase, planned_progress_pct, description, source)
       VALUES ($1, $2, 2021, 2, 'construction', 30, '二季度末：全面施工，完成30%', 'test')`,
      [p!.plan_id, p!.id],
    );
    // June: five estates at 40% in construction, four at 10% still clearing illegal structures.
    for (const [i, name] of hbw.entries()) {
      await filed(name, '2021-06', '2021-07-10T10:00:00+08:00', i < 5 ? { pct: 40 } : { pct: 10, phase: 'demolition' });
    }
  });

  it('names the project behind: mean 26.7% of 30%, slowest estate one phase short', async () => {
    const lagging = of((await ledger('period=2021-06&asOf=2021-07-25')).items, 'lagging');
    expect(lagging).toHaveLength(1);
    // (5 × 40 + 4 × 10) / 9 = 26.67: 3.33 points behind.
    expect(lagging[0]).toMatchObject({
      projectName: '2021年海勃湾区老旧小区改造项目', estateId: null, actualProgressPct: 26.7, actualPhase: 'demolition', phasesBehind: 1,
      milestone: { year: 2021, quarter: 2, phase: 'construction', progressPct: 30 }, unit: '滨河街道', personInCharge: '白旭光',
    });
    expect(lagging[0]!.behindPct).toBeCloseTo(30 - 240 / 9, 6);
    // Not due before the quarter ends.
    expect(of((await ledger('period=2021-05&asOf=2021-06-25')).items, 'lagging')).toHaveLength(0);
  });

  it('clears the project once corrected reports bring every estate into construction at 30% on average', async () => {
    for (const name of hbw.slice(5)) {
      await filed(name, '2021-06', '2021-07-15T10:00:00+08:00', { pct: 17.5, revision: 2 });
    }
    // (5 × 40 + 4 × 17.5) / 9 = 30.
    expect(of((await ledger('period=2021-06&asOf=2021-07-25')).items, 'lagging')).toHaveLength(0);
  });
});

describe('GET /api/targets — target vs plan vs actual', () => {
  it('sets Wuhai’s completion targets against the plans and the circular’s completion flags', async () => {
    const { status, body } = await t.json<{ targets: TargetRow[] }>('/api/targets?region=1503');
    expect(status).toBe(200);
    const y2020 = body.targets.find((x) => x.year === 2020 && x.metric === 'estates_completed')!;
    expect(y2020).toMatchObject({ regionName: '乌海市', target: 38, planned: 38, actual: 22, unit: '个', responsibleUnit: '三区住建局', dueOn: '2021-12-31' });
  });

  it("sets Haimen's resettlement targets against its projects' 套 (4002 started, 4156 built)", async () => {
    const { body } = await t.json<{ targets: TargetRow[] }>('/api/targets?region=320614&year=2021');
    const m = new Map(body.targets.map((x) => [x.metric, x]));
    expect(m.get('resettlement_units_started')).toMatchObject({ target: 4000, planned: 4002, actual: null, unit: '套', responsibleUnit: '海鸿集团、长江口集团' });
    expect(m.get('resettlement_units_built')).toMatchObject({ target: 3000, planned: 4156, actual: null });
    expect(m.get('estates_started')).toMatchObject({ target: 2, planned: 2 });
  });

  it('answers 404 for an unknown region and 400 for a bad year', async () => {
    expect((await t.json('/api/targets?region=999999')).status).toBe(404);
    expect((await t.json('/api/targets?year=20x1')).status).toBe(400);
  });
});
