import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { periodRange } from '../../shared/progress/periods.ts';
import type { RankingResponse, TargetRow } from '../../shared/progress/contract.ts';
import type { SeriesResponse } from '../../shared/progress/series.ts';
import { testApp, type TestApp } from './support/test-app.ts';

// GET /api/stats/series: the dashboard's S-curves. Each month's actual figures must be the ranking
// total of that month (GET /api/stats/ranking?period=), its started estates what GET /api/targets
// counts for that month; the planned points are worked out here from the milestone rows.

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());

const PROGRAMMES = [
  { name: 'Nankang 2024', parent: '360703', year: 2024 },
  { name: 'Beilun 2019', parent: '330206', year: 2019 },
  { name: 'Wuhai 2021', parent: '1503', year: 2021 },
  { name: 'Jiangkou 2023', parent: '520621', year: 2023 },
  { name: 'Haimen 2021', parent: '320614', year: 2021 },
];

const seriesOf = async (parent: string, year: number) => {
  const { status, body } = await t.json<SeriesResponse>(`/api/stats/series?parent=${parent}&year=${year}`);
  expect(status).toBe(200);
  return body;
};

const rankingOf = async (parent: string, year: number, period?: string) => {
  const q = new URLSearchParams({ level: 'district', parent, year: String(year), ...(period ? { period } : {}) });
  const { status, body } = await t.json<RankingResponse>(`/api/stats/ranking?${q}`);
  expect(status).toBe(200);
  return body;
};

describe('GET /api/stats/series: each month is the ranking of that month', () => {
  for (const p of PROGRAMMES) {
    it(`${p.name}: one entry per month the reports cover, each equal to the ranking's total of that month`, async () => {
      const s = await seriesOf(p.parent, p.year);
      const latest = await rankingOf(p.parent, p.year);
      const { first, last } = latest.reportPeriods;
      expect(first).not.toBeNull();
      expect(s.months.map((m) => m.period)).toEqual(periodRange(first!, last!));
      expect(s.parent?.code).toBe(p.parent);
      for (const m of s.months) {
        const r = await rankingOf(p.parent, p.year, m.period);
        expect({ period: m.period, ...pick(m) }).toEqual({ period: m.period, ...pick(r.total) });
      }
    });
  }

  it('Nankang 2024: completed estates move over the months, and end where the latest ranking stands', async () => {
    const s = await seriesOf('360703', 2024);
    const completed = s.months.map((m) => m.completedEstates);
    expect(completed.at(-1)).toBe((await rankingOf('360703', 2024)).total.completedEstates);
    expect(new Set(completed).size).toBeGreaterThan(1);
    // Cumulative figures of a programme whose reports only go forward never fall.
    for (let i = 1; i < completed.length; i++) expect(completed[i]).toBeGreaterThanOrEqual(completed[i - 1]!);
  });

  it('started estates of each month are what GET /api/targets counts as started for that month (Nankang 2024)', async () => {
    const s = await seriesOf('360703', 2024);
    for (const m of s.months) {
      const { body } = await t.json<{ targets: TargetRow[] }>(`/api/targets?region=360703&year=2024&period=${m.period}`);
      const started = body.targets.find((x) => x.metric === 'estates_started')!;
      expect([m.period, m.startedEstates]).toEqual([m.period, started.actual]);
    }
  });
});

describe('GET /api/stats/series: what is planned', () => {
  it('Beilun 2019: the milestones of each quarter, counted in estates, cumulative (worked out from the milestone rows)', async () => {
    const rows = await t.db.query<{ estate_id: number; year: number; quarter: number; phase: string | null; pct: number | null }>(
      `SELECT e.id AS estate_id, m.year, m.quarter, m.planned_phase AS phase, m.planned_progress_pct::float8 AS pct
       FROM estates e JOIN plans pl ON pl.id = e.plan_id
       JOIN milestones m ON m.plan_id = e.plan_id AND (m.estate_id = e.id OR (m.estate_id IS NULL AND m.project_id = e.project_id))
       WHERE pl.year = 2019 AND e.district_code = '330206'`,
    );
    const PH = ['survey', 'design', 'mobilisation', 'demolition', 'construction', 'acceptance', 'maintenance'];
    const done = (r: (typeof rows)[number]) => (r.phase !== null && PH.indexOf(r.phase) >= 5) || (r.pct ?? 0) >= 100;
    const begun = (r: (typeof rows)[number]) => done(r) || (r.phase !== null && PH.indexOf(r.phase) >= 4) || (r.pct ?? 0) > 0;
    const quarters = [...new Set(rows.map((r) => r.year * 4 + r.quarter))].sort((a, b) => a - b);
    const expected = quarters.map((q) => {
      const upTo = rows.filter((r) => r.year * 4 + r.quarter <= q);
      const year = Math.floor((q - 1) / 4);
      const quarter = q - year * 4;
      return {
        year,
        quarter,
        period: `${year}-${String(quarter * 3).padStart(2, '0')}`,
        startedEstates: new Set(upTo.filter(begun).map((r) => r.estate_id)).size,
        completedEstates: new Set(upTo.filter(done).map((r) => r.estate_id)).size,
      };
    });
    const s = await seriesOf('330206', 2019);
    expect(s.milestones).toEqual(expected);
    expect(s.milestones.map((m) => m.period)).toEqual(['2019-03', '2019-06', '2019-09', '2019-12']);
    // 完工 of 2 estates in Q2, 6 more in Q3: the plan's completion curve rises.
    expect(s.milestones[0]!.completedEstates).toBe(0);
    expect(s.milestones[1]!.completedEstates).toBe(2);
  });

  it('Jiangkou 2023: "2023年12月底前基本建成" of the three projects plans all three estates completed by Q4', async () => {
    const s = await seriesOf('520621', 2023);
    expect(s.milestones).toEqual([{ year: 2023, quarter: 4, period: '2023-12', startedEstates: 3, completedEstates: 3 }]);
  });

  it('targets counted in estates are due in the month of their date, else in December of their year', async () => {
    const nankang = await seriesOf('360703', 2024);
    expect(nankang.milestones).toEqual([]);
    expect(nankang.targets.map(({ source: _s, ...x }) => x)).toEqual([
      { metric: 'estates_completed', value: 28, dueOn: '2024-12-31', period: '2024-12' },
      { metric: 'estates_started', value: 28, dueOn: null, period: '2024-12' },
    ]);
    const haimen = await seriesOf('320614', 2021);
    // Resettlement housing is counted in 套, not estates: not on the estates' curve.
    expect(haimen.targets.map((x) => [x.metric, x.value, x.period])).toEqual([['estates_started', 2, '2021-12']]);
  });
});

describe('GET /api/stats/series: empty and bad input', () => {
  it('a year without a plan: no months, nothing planned', async () => {
    expect(await seriesOf('360703', 2030)).toEqual({ parent: { code: '360703', name: expect.any(String) }, year: 2030, months: [], milestones: [], targets: [] });
  });

  it("Wuhai 2021 has one month of reports (the circular's date): one entry", async () => {
    const s = await seriesOf('1503', 2021);
    expect(s.months).toHaveLength(1);
  });

  it('refuses a bad year, an unknown parameter and an unknown region with 4xx naming it', async () => {
    const bad = await t.json<{ error: { code: string; details: unknown } }>('/api/stats/series?parent=360703&year=20x4');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.details)).toContain('year');
    const extra = await t.json<{ error: { code: string; details: unknown } }>('/api/stats/series?parent=360703&year=2024&period=2024-05');
    expect(extra.status).toBe(400);
    const unknown = await t.json<{ error: { code: string } }>('/api/stats/series?parent=999999&year=2024');
    expect(unknown.status).toBe(404);
  });

  it("is not the reporter's to read", async () => {
    const reporter = await t.as('reporter');
    expect((await reporter.request('/api/stats/series?parent=360703&year=2024')).status).toBe(403);
  });
});

function pick(x: { estates: number; completedEstates: number; plannedInvestmentWan: number | null; completedInvestmentWan: number | null; completionRate: number | null; investmentRate: number | null }) {
  return {
    estates: x.estates,
    completedEstates: x.completedEstates,
    plannedInvestmentWan: x.plannedInvestmentWan,
    completedInvestmentWan: x.completedInvestmentWan,
    completionRate: x.completionRate,
    investmentRate: x.investmentRate,
  };
}

describe('GET /api/stats/series: started estates after random reports (property)', () => {
  // The definition, probed month by month: an estate's newest report up to the month-end (newest
  // revision) says construction or later, or completed; NULL when no such report gives a phase.
  const referenceSql = `
    WITH scope AS (
      SELECT e.id FROM estates e JOIN plans pl ON pl.id = e.plan_id
      WHERE pl.year = $2 AND (left(e.street_code, length($1::text)) = $1::text OR e.community_code = $1::text)
    )
    SELECT m.period, CASE WHEN count(l.phase) > 0 THEN (count(*) FILTER (WHERE l.started))::int END AS started
    FROM unnest($3::text[]) AS m(period) CROSS JOIN scope s
    LEFT JOIN LATERAL (
      SELECT r.phase, COALESCE(r.completed, false)
             OR COALESCE(r.phase IN ('construction', 'acceptance', 'maintenance'), false) AS started
      FROM progress_reports r WHERE r.estate_id = s.id AND r.period <= m.period
      ORDER BY r.period DESC, r.revision DESC LIMIT 1
    ) l ON true
    GROUP BY m.period ORDER BY m.period`;
  const PHASES = [null, 'survey', 'design', 'mobilisation', 'demolition', 'construction', 'acceptance', 'maintenance'] as const;
  const reportArb = fc.record({
    pick: fc.nat({ max: 5 }),
    period: fc.integer({ min: 0, max: 20 }).map((k) => `${2023 + Math.floor((k + 5) / 12)}-${String(((k + 5) % 12) + 1).padStart(2, '0')}`),
    phase: fc.constantFrom(...PHASES),
    completed: fc.constantFrom(null, false, true),
  });

  it('equals the month-by-month definition for every month (Nankang 2024), new revisions and back-dated months included', async () => {
    const parent = '360703';
    const year = 2024;
    const estates = (await t.db.query<{ id: number }>(
      `SELECT e.id FROM estates e JOIN plans pl ON pl.id = e.plan_id WHERE pl.year = $1 AND e.district_code = $2 ORDER BY e.id LIMIT 6`,
      [year, parent],
    )).map((r) => r.id);
    expect(estates.length).toBe(6);
    await fc.assert(
      fc.asyncProperty(fc.array(reportArb, { minLength: 1, maxLength: 8 }), async (reports) => {
        for (const r of reports) {
          await t.db.query(
            `INSERT INTO progress_reports (estate_id, period, revision, phase, completed, source)
             SELECT $1, $2, COALESCE(max(revision), 0) + 1, $3, $4, 'property test' FROM progress_reports WHERE estate_id = $1 AND period = $2`,
            [estates[r.pick]!, r.period, r.phase, r.completed],
          );
        }
        const s = await seriesOf(parent, year);
        const periods = s.months.map((m) => m.period);
        expect(periods.length).toBeGreaterThan(0);
        const reference = await t.db.query<{ period: string; started: number | null }>(referenceSql, [parent, year, periods]);
        expect(s.months.map((m) => [m.period, m.startedEstates])).toEqual(reference.map((r) => [r.period, r.started]));
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 15) },
    );
  });
});
