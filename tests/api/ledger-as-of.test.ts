import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MilestonesResponse } from '../../shared/milestones/contract.ts';
import type { LedgerItem, LedgerResponse } from '../../shared/progress/contract.ts';
import { daysLate, lateFrom } from '../../shared/progress/periods.ts';
import { PHASES } from '../../shared/phases.ts';
import { testApp, type TestApp } from './support/test-app.ts';

/**
 * Issue 16: a ledger asked "as of" a time shows what was known then (README, Progress monitoring:
 * the rules), and the milestones are the documents' own (Jiangkou's 基本建成, Beilun's Q1 and Q2).
 */
let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());

const ledger = async (query: string) => {
  const res = await t.json<LedgerResponse>(`/api/stats/lagging?${query}`);
  expect(res.status).toBe(200);
  return res.body;
};
const q = (s: string) => encodeURIComponent(s);
const of = (items: LedgerItem[], kind: LedgerItem['kind']) => items.filter((i) => i.kind === kind);
/** An instant as Beijing wall-clock text, e.g. 2024-06-20T23:59:59+08:00. */
const beijing = (at: Date) => `${new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;

interface LateReport { estate_id: number; name: string; period: string; submitted: string }

describe('GET /api/stats/lagging?asOf= — reports submitted after asOf count for nothing', () => {
  let late: LateReport[];
  beforeAll(async () => {
    // Nankang's first submissions made after their deadline (the 20th of the next month, Beijing).
    const rows = await t.db.query<LateReport>(
      `SELECT e.id AS estate_id, e.name, r.period,
              to_char(min(r.submitted_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS submitted
       FROM progress_reports r JOIN estates e ON e.id = r.estate_id JOIN plans p ON p.id = e.plan_id
       WHERE p.slug = 'nankang-2024' GROUP BY e.id, e.name, r.period ORDER BY e.id, r.period`,
    );
    late = rows.filter((r) => new Date(r.submitted) >= lateFrom(r.period));
  });

  it('estate 8 (老物资局集资房), May 2024 filed on 25 June: nothing at the 20th 23:59:59, missing at the 21st 00:00, late once filed', async () => {
    const may = late.find((r) => r.name === '老物资局集资房' && r.period === '2024-05');
    expect(may).toBeDefined();
    const item = async (asOf: string) =>
      (await ledger(`parent=360703&year=2024&period=2024-05&asOf=${q(asOf)}`)).items.filter((i) => i.estateId === may!.estate_id);

    // Nothing was due yet and the report did not exist.
    const before = await ledger(`parent=360703&year=2024&period=2024-05&asOf=${q('2024-06-20T23:59:59+08:00')}`);
    expect(before.items.filter((i) => i.estateId === may!.estate_id)).toEqual([]);
    expect(of(before.items, 'late')).toEqual([]);
    expect(of(before.items, 'missing')).toEqual([]);

    // Due, and not filed: missing, not late.
    expect((await item('2024-06-21T00:00+08:00')).map((i) => i.kind)).toEqual(['missing']);
    // One second before it was filed: still missing.
    const submitted = new Date(may!.submitted);
    expect((await item(new Date(submitted.getTime() - 1000).toISOString())).map((i) => i.kind)).toEqual(['missing']);
    // Once filed: late, by the days the rule counts.
    const after = await item(submitted.toISOString());
    expect(after.map((i) => [i.kind, i.daysLate, i.submittedAt])).toEqual([['late', daysLate('2024-05', submitted), may!.submitted]]);
  });

  it('every late Nankang estate-month is neither late nor filed before it was submitted', async () => {
    // The demo has ten such estate-months (estate 8's May among them).
    expect(late.length).toBeGreaterThan(1);
    for (const r of late) {
      const body = await ledger(`parent=360703&year=2024&period=${r.period}&asOf=${q(beijing(new Date(lateFrom(r.period).getTime() - 1000)))}`);
      expect(body.items.filter((i) => i.estateId === r.estate_id && i.kind !== 'lagging'), `${r.name} ${r.period} on the 20th`).toEqual([]);
      const at21 = await ledger(`parent=360703&year=2024&period=${r.period}&asOf=${q(beijing(lateFrom(r.period)))}`);
      expect(at21.items.filter((i) => i.estateId === r.estate_id && i.kind === 'late'), `${r.name} ${r.period} on the 21st`).toEqual([]);
      const filed = await ledger(`parent=360703&year=2024&period=${r.period}&asOf=${q(r.submitted)}`);
      expect(filed.items.filter((i) => i.estateId === r.estate_id && i.kind === 'late').map((i) => i.daysLate)).toEqual([daysLate(r.period, new Date(r.submitted))]);
    }
  });

  it('a behind-milestone item is judged by the reports known at asOf: 长江花园 at 2020-01-21 not by its December report of 27 January', async () => {
    const [e] = await t.db.query<{ id: number }>(`SELECT e.id FROM estates e JOIN plans p ON p.id = e.plan_id WHERE p.slug = 'beilun-2019' AND e.name = '长江花园'`);
    const reports = await t.db.query<{ period: string; progress_pct: number; phase: string; submitted: string }>(
      `SELECT period, progress_pct::float8 AS progress_pct, phase, to_char(submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS submitted
       FROM progress_reports WHERE estate_id = $1 AND period <= '2019-12' ORDER BY period DESC, revision DESC`,
      [e!.id],
    );
    const asOf = new Date('2020-01-21T23:59:59.999+08:00');
    const december = reports.find((r) => r.period === '2019-12')!;
    expect(new Date(december.submitted) > asOf).toBe(true); // the fault the issue names
    const known = reports.find((r) => new Date(r.submitted) <= asOf)!;

    const body = await ledger(`parent=330206&year=2019&asOf=2020-01-21`);
    expect(body.period).toBe('2019-12');
    const item = of(body.items, 'lagging').find((i) => i.estateId === e!.id);
    expect(item).toMatchObject({ actualProgressPct: known.progress_pct, actualPhase: known.phase, milestone: { year: 2019, quarter: 4 } });
    expect(item!.actualProgressPct).not.toBe(december.progress_pct);

    // Once December's report exists, it is the one judged.
    const later = of((await ledger(`parent=330206&year=2019&period=2019-12&asOf=${q(december.submitted)}`)).items, 'lagging').find((i) => i.estateId === e!.id);
    expect(later?.actualProgressPct ?? 100).toBe(december.progress_pct);
  });
});

describe('milestones are the documents’ own', () => {
  it('Jiangkou at 2024-01-21: the three projects are behind "2023年12月底前基本建成"', async () => {
    const projects = await t.db.query<{ id: number; name: string; progress: number | null; phase: string | null }>(
      `SELECT pj.id, pj.name,
              (SELECT r.progress_pct::float8 FROM progress_reports r JOIN estates e ON e.id = r.estate_id
               WHERE e.project_id = pj.id AND r.period <= '2023-12' AND r.submitted_at <= '2024-01-21T23:59:59.999+08:00'
               ORDER BY r.period DESC, r.revision DESC LIMIT 1) AS progress,
              (SELECT r.phase FROM progress_reports r JOIN estates e ON e.id = r.estate_id
               WHERE e.project_id = pj.id AND r.period <= '2023-12' AND r.submitted_at <= '2024-01-21T23:59:59.999+08:00'
               ORDER BY r.period DESC, r.revision DESC LIMIT 1) AS phase
       FROM projects pj JOIN plans p ON p.id = pj.plan_id WHERE p.slug = 'jiangkou-2023' ORDER BY pj.id`,
    );
    expect(projects).toHaveLength(3);
    const body = await ledger('parent=520621&year=2023&asOf=2024-01-21');
    expect(body.period).toBe('2023-12');
    const lagging = of(body.items, 'lagging');
    expect(lagging.map((i) => i.projectId).sort()).toEqual(projects.map((p) => p.id).sort());
    for (const p of projects) {
      const i = lagging.find((x) => x.projectId === p.id)!;
      expect(i).toMatchObject({ estateId: null, projectName: p.name, milestone: { year: 2023, quarter: 4, phase: 'acceptance', description: '2023年12月底前基本建成' } });
      // One estate per project: the project stands where its estate's newest known report says.
      expect(i).toMatchObject({ actualPhase: p.phase, actualProgressPct: p.progress ?? 0 });
      expect(i.phasesBehind).toBe(PHASES.indexOf('acceptance') - (p.phase ? PHASES.indexOf(p.phase as never) : -1));
    }
  });

  it('a quarter’s milestone is due from the day after the quarter ends, not on its last day', async () => {
    const onLastDay = await ledger(`parent=520621&year=2023&period=2023-12&asOf=${q('2023-12-31T23:59:59+08:00')}`);
    expect(of(onLastDay.items, 'lagging')).toEqual([]);
    const nextDay = await ledger(`parent=520621&year=2023&period=2023-12&asOf=${q('2024-01-01T00:00:00+08:00')}`);
    expect(of(nextDay.items, 'lagging')).toHaveLength(3);
    const plan = (await t.db.query<{ id: number }>(`SELECT id FROM plans WHERE slug = 'jiangkou-2023'`))[0]!.id;
    const { body } = await t.json<MilestonesResponse>(`/api/plans/${plan}/milestones`);
    expect(body.milestones.filter((m) => m.projectId !== null).map((m) => m.dueOn)).toEqual(['2024-01-01', '2024-01-01', '2024-01-01']);
  });

  it('Beilun: Q1 "居民意见征求汇总" plans all 29 in survey, Q2 "…等9个项目进行改造方案设计" the nine in design', async () => {
    const plan = (await t.db.query<{ id: number }>(`SELECT id FROM plans WHERE slug = 'beilun-2019'`))[0]!.id;
    const { body } = await t.json<MilestonesResponse>(`/api/plans/${plan}/milestones`);
    const estates = await t.db.query<{ id: number; name: string }>(`SELECT id, name FROM estates WHERE plan_id = $1 AND category = '老旧小区改造建设'`, [plan]);
    expect(estates).toHaveLength(29);
    const ids = new Set(estates.map((e) => e.id));
    const q1 = body.milestones.filter((m) => m.quarter === 1 && m.estateId !== null && ids.has(m.estateId));
    expect(q1.map((m) => m.estateId).sort()).toEqual([...ids].sort());
    expect(new Set(q1.map((m) => `${m.phase} ${m.progressPct} ${m.dueOn}`))).toEqual(new Set(['survey null 2019-04-01']));
    // The nine: the transcriber's estates whose design was finished only in Q3 (beilun-2019-estates.csv).
    const csv = parse(readFileSync(join(import.meta.dirname, '../../geodata/seeds/beilun-2019-estates.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    const nine = csv.filter((r) => r['项目类别'] === '老旧小区改造建设' && r['方案设计完成季度'] === '2019Q3').map((r) => r['小区名称']).sort();
    expect(nine).toHaveLength(9);
    const q2 = body.milestones.filter((m) => m.quarter === 2 && m.estateId !== null && ids.has(m.estateId));
    expect(q2.filter((m) => m.phase === 'design').map((m) => m.estateName).sort()).toEqual(nine);
    // Every one of the 29 has a Q2 milestone: the nine in design, the twenty with design finished.
    expect(new Set(q2.map((m) => m.estateId)).size).toBe(29);
    expect(q2.filter((m) => m.phase === 'mobilisation')).toHaveLength(20);
  });

  it('the Q1 survey milestone is measured: at 2019-04-25 the ledger checks it against the March reports', async () => {
    const body = await ledger(`parent=330206&year=2019&period=2019-03&asOf=2019-04-25`);
    const plan = (await t.db.query<{ id: number }>(`SELECT id FROM plans WHERE slug = 'beilun-2019'`))[0]!.id;
    // Estates of the 29 with no report known by then stand at no phase: behind the survey.
    const none = await t.db.query<{ id: number }>(
      `SELECT e.id FROM estates e WHERE e.plan_id = $1 AND e.category = '老旧小区改造建设' AND NOT EXISTS (
         SELECT 1 FROM progress_reports r WHERE r.estate_id = e.id AND r.period <= '2019-03' AND r.submitted_at <= '2019-04-25T23:59:59.999+08:00')`,
      [plan],
    );
    const behind = of(body.items, 'lagging').filter((i) => i.milestone?.phase === 'survey').map((i) => i.estateId).sort();
    expect(behind).toEqual(none.map((r) => r.id).sort());
  });
});
