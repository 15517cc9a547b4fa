import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgressReport, RankingResponse } from '../../shared/progress/contract.ts';
import { databaseFingerprint, testApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
let haitian: number; // 海天花园小区: Wuhai 2021, 海南区's whole batch (1800 万元 planned, 10 completed on 2021-04-25)
beforeAll(async () => {
  t = await testApp();
  const [row] = await t.db.query<{ id: number }>(`SELECT id FROM estates WHERE name = '海天花园小区'`);
  haitian = row!.id;
});
afterAll(async () => t?.close());

type ErrorBody = { error: { code: string; message: string; details: unknown } };
const post = (body: unknown) =>
  t.json<{ report: ProgressReport } & ErrorBody>('/api/reports', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Sends a bad report and proves that the database is exactly as before. */
async function rejected(body: unknown, status: number) {
  const before = await databaseFingerprint(t.db);
  const res = await post(body);
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.error.message.length).toBeGreaterThan(10);
  expect(await databaseFingerprint(t.db)).toEqual(before);
  return res.body.error;
}

describe('POST /api/reports — monthly reports, append-only with revisions', () => {
  const may = () => ({ estateId: haitian, period: '2021-05', phase: 'construction', progressPct: 20, completedInvestmentWan: 300, completed: false });

  it('files a report as revision 1, late because it comes years after 20 June 2021', async () => {
    const { status, body } = await post(may());
    expect(status).toBe(201);
    expect(body.report).toMatchObject({ estateId: haitian, period: '2021-05', revision: 1, phase: 'construction', progressPct: 20,
      completedInvestmentWan: 300, completed: false, late: true, current: true, synthetic: false, exceedsPlan: false });
    const history = await t.json<{ reports: ProgressReport[] }>(`/api/reports?estateId=${haitian}`);
    expect(history.body.reports.map((r) => [r.period, r.revision])).toEqual([['2021-05', 1], ['2021-04', 1]]);
  });

  it('moves the ranking: 海南区 now at 300 / 1800 = 16.67%, first', async () => {
    const { body } = await t.json<RankingResponse>('/api/stats/ranking?level=district&parent=1503&year=2021');
    expect(body.rows[0]).toMatchObject({ name: '海南区', rank: 1, completedInvestmentWan: 300 });
    expect((body.rows[0]!.investmentRate! * 100).toFixed(2)).toBe('16.67');
    // The circular's printed rates and date describe April, no longer the latest month.
    expect(body.rows[0]!.stated).toBeNull();
    expect(body.asOf).toBeNull();
    // The 2021-04 view still shows the circular.
    const april = await t.json<RankingResponse>('/api/stats/ranking?level=district&parent=1503&year=2021&period=2021-04');
    expect(april.body.rows.map((r) => r.name)).toEqual(['海勃湾区', '乌达区', '海南区']);
    expect(april.body.asOf).toBe('2021-04-25');
  });

  it('refuses a duplicate of the newest revision with 409', async () => {
    const e = await rejected(may(), 409);
    expect(e.code).toBe('duplicate_report');
  });

  it('takes a correction (progress down) only with a note, as revision 2; history keeps revision 1', async () => {
    const e = await rejected({ ...may(), progressPct: 15 }, 422);
    expect(e).toMatchObject({ code: 'correction_note_required', details: { field: 'note', previous: 20 } });
    const { status, body } = await post({ ...may(), progressPct: 15, note: '更正：上月多报了围墙工程量' });
    expect(status).toBe(201);
    expect(body.report).toMatchObject({ revision: 2, progressPct: 15, note: '更正：上月多报了围墙工程量', current: true });
    const history = await t.json<{ reports: ProgressReport[] }>(`/api/reports?estateId=${haitian}&period=2021-05`);
    expect(history.body.reports.map((r) => [r.revision, r.progressPct, r.current])).toEqual([[2, 15, true], [1, 20, false]]);
    // The next month cannot fall below the corrected figure without a note either.
    await rejected({ ...may(), period: '2021-06', progressPct: 10 }, 422);
  });

  it('refuses cumulative investment going down without a note, and above the plan without the flag', async () => {
    const down = await rejected({ ...may(), period: '2021-06', progressPct: 25, completedInvestmentWan: 250 }, 422);
    expect(down.code).toBe('correction_note_required');
    const over = await rejected({ ...may(), period: '2021-06', progressPct: 25, completedInvestmentWan: 1900 }, 422);
    expect(over).toMatchObject({ code: 'exceeds_plan', details: { field: 'completedInvestmentWan', planned: 1800, level: 'project' } });
    const { status, body } = await post({ ...may(), period: '2021-06', progressPct: 25, completedInvestmentWan: 1900, exceedsPlan: true });
    expect(status).toBe(201);
    expect(body.report.exceedsPlan).toBe(true);
  });

  it('accepts the phase by its Chinese name', async () => {
    const { status, body } = await post({ ...may(), period: '2021-07', phase: '项目建设', progressPct: 30, completedInvestmentWan: 1900, exceedsPlan: true });
    expect(status).toBe(201);
    expect(body.report.phase).toBe('construction');
  });

  it('rejects bad input with the field named and nothing written', async () => {
    const range = await rejected({ ...may(), progressPct: 101 }, 400);
    expect(range.details).toEqual([{ parameter: 'progressPct', message: 'must be 100 or less' }]);
    const negative = await rejected({ ...may(), completedInvestmentWan: -5 }, 400);
    expect(negative.details).toEqual([{ parameter: 'completedInvestmentWan', message: 'cannot be negative' }]);
    expect((await rejected({ ...may(), period: '2099-01' }, 422)).code).toBe('future_period');
    expect((await rejected({ ...may(), period: '2021-13' }, 400)).details).toEqual([
      { parameter: 'period', message: 'must be a month as YYYY-MM, e.g. 2024-06' },
    ]);
    expect((await rejected({ ...may(), phase: '打地基' }, 400)).details).toMatchObject([{ parameter: 'phase' }]);
    expect((await rejected({ ...may(), estateId: 999999 }, 404)).code).toBe('not_found');
    // The estate is in the 2021 plan: nothing to report for 2020.
    expect((await rejected({ ...may(), period: '2020-12' }, 422)).code).toBe('outside_plan');
    expect((await rejected({ ...may(), period: '2021-08', progressPct: 50, completed: true }, 422)).code).toBe('inconsistent');
    expect((await rejected({ ...may(), surprise: 1 }, 400)).details).toEqual([{ parameter: 'surprise', message: 'is not a known parameter' }]);
    const notJson = await t.json<ErrorBody>('/api/reports', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(notJson.status).toBe(400);
  });

  it('refuses investment for an estate with no money planned', async () => {
    const [nk] = await t.db.query<{ id: number }>(`SELECT id FROM estates WHERE name = '一建公司'`);
    const e = await rejected({ estateId: nk!.id, period: '2024-11', phase: 'construction', progressPct: 99, completedInvestmentWan: 10, completed: false }, 422);
    expect(e.code).toBe('no_planned_investment');
  });

  it('keeps the table append-only in the database itself', async () => {
    await expect(t.db.query(`UPDATE progress_reports SET progress_pct = 0 WHERE estate_id = $1`, [haitian])).rejects.toThrow(/append-only/);
  });

  it('lists one month for every estate, newest revision marked current', async () => {
    const { status, body } = await t.json<{ reports: ProgressReport[] }>('/api/reports?period=2021-05');
    expect(status).toBe(200);
    expect(body.reports.every((r) => r.period === '2021-05')).toBe(true);
    const mine = body.reports.filter((r) => r.estateId === haitian);
    expect(mine.map((r) => [r.revision, r.current])).toEqual([[2, true], [1, false]]);
    // Other programmes' (synthetic) reports of the same month are there too, one current each.
    const others = body.reports.filter((r) => r.estateId !== haitian);
    expect(others.length).toBeGreaterThan(0);
    expect(new Set(others.map((r) => r.estateId)).size).toBe(others.filter((r) => r.current).length);
  });

  it('answers GET with 400 without an estate or a month and 404 for an unknown estate', async () => {
    expect((await t.json('/api/reports')).status).toBe(400);
    expect((await t.json('/api/reports?estateId=999999')).status).toBe(404);
  });
});
