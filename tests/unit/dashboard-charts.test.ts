import { describe, expect, it } from 'vitest';
import { LIGHT, markerAlign, markerMonth, moneyOption, progressOption, ratesOption, seriesMonths, seriesNotes } from '../../client/src/dashboard/charts/options.ts';
import type { RankingResponse, RankingRow } from '../../shared/progress/contract.ts';
import type { SeriesMonth, SeriesResponse } from '../../shared/progress/series.ts';

// The dashboard's chart options, built from API answers (client/src/dashboard/charts/options.ts).

const month = (period: string, completed: number, money: number | null = null): SeriesMonth => ({
  period, estates: 10, startedEstates: null, completedEstates: completed, completionRate: completed / 10,
  plannedInvestmentWan: money === null ? null : 100, completedInvestmentWan: money, investmentRate: money === null ? null : money / 100,
});
const empty: SeriesResponse = { parent: null, year: 2024, months: [], milestones: [], targets: [] };
const labels = {
  actualCompleted: 'ac', actualStarted: 'as', plannedCompleted: 'pc', plannedStarted: 'ps', targetCompleted: 'tc', targetStarted: 'ts', monthShown: 'm', estates: 'e',
};
const names = (o: { series?: unknown }) => (o.series as { name: string }[]).map((s) => s.name);

describe('the S-curves', () => {
  it('the x axis runs from the first to the last month any actual or planned point has', () => {
    const s: SeriesResponse = {
      ...empty,
      months: [month('2024-02', 0), month('2024-03', 1)],
      milestones: [{ year: 2023, quarter: 4, period: '2023-12', startedEstates: 1, completedEstates: 0 }],
      targets: [{ metric: 'estates_completed', value: 10, dueOn: null, period: '2024-06', source: '' }],
    };
    expect(seriesMonths(s)).toEqual(['2023-12', '2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06']);
    const o = progressOption(s, undefined, labels, LIGHT);
    expect(names(o)).toEqual(['ac', 'pc', 'ps', 'tc']);
    // Actual values sit at their months, nothing invented before or after.
    expect((o.series as { data: unknown[] }[])[0]!.data).toEqual([null, null, 0, 1, null, null, null]);
  });

  it('draws no planned line when nothing is planned, and says so', () => {
    const s = { ...empty, months: [month('2024-02', 0)] };
    expect(names(progressOption(s, undefined, labels, LIGHT))).toEqual(['ac']);
    expect(seriesNotes(s)).toEqual({ noReports: false, oneMonth: '2024-02', noPlan: true, noMoney: true });
    expect(seriesNotes(empty)).toMatchObject({ noReports: true, noPlan: true });
  });

  it('the marker stands at the month replayed, else at the last month with reports', () => {
    const s = { ...empty, months: [month('2024-02', 0), month('2024-03', 1)] };
    expect(markerMonth(s, '2024-02')).toBe('2024-02');
    expect(markerMonth(s, undefined)).toBe('2024-03');
    expect(markerMonth(empty, undefined)).toBeNull();
  });

  it("the marker's label reads away from the nearer edge, so the latest month's is not cut off", () => {
    const months = ['2024-01', '2024-02', '2024-03', '2024-04'];
    expect(markerAlign(months, '2024-04')).toBe('right');
    expect(markerAlign(months, '2024-03')).toBe('right');
    expect(markerAlign(months, '2024-01')).toBe('left');
    const s = { ...empty, months: [month('2024-02', 0), month('2024-03', 1)] };
    const line = (progressOption(s, undefined, { actualCompleted: 'a', actualStarted: 'b', plannedCompleted: 'c', plannedStarted: 'd', targetCompleted: 'e', targetStarted: 'f', monthShown: 'm', estates: 'n' } as never, LIGHT).series as { markLine?: { label: { align: string } } }[])[0]!;
    expect(line.markLine!.label.align).toBe('right');
  });

  it('money: cumulative completed per month, the planned total as a level', () => {
    const s = { ...empty, months: [month('2024-02', 0, 10), month('2024-03', 1, 25)] };
    const o = moneyOption(s, undefined, { actual: 'a', planned: 'p', monthShown: 'm', wan: 'w' }, LIGHT);
    const line = (o.series as { data: unknown[]; markLine: { data: { yAxis?: number }[] } }[])[0]!;
    expect(line.data).toEqual([10, 25]);
    expect(line.markLine.data.find((d) => d.yAxis !== undefined)?.yAxis).toBe(100);
  });
});

describe('the rates by region', () => {
  const row = (code: string, rate: number | null): RankingRow => ({
    rank: null, code, name: code, estates: 1, completedEstates: 0, households: null, plannedInvestmentWan: null, completedInvestmentWan: null,
    investmentRate: rate, completionRate: rate, personInCharge: null, leader: null, stated: null, synthetic: false, bbox: null,
  });
  it('one bar per row in rank order, in percent; a row without the rate keeps its place with no bar; the selected one stands out', () => {
    const ranking = { rows: [row('a', 0.5), row('b', null), row('c', 0.0307)], total: { completionRate: 0.2 } } as unknown as RankingResponse;
    const o = ratesOption(ranking, 'completionRate', 'c', { metric: 'x', total: 't' }, LIGHT);
    const bars = (o.series as { data: { value: number | null; itemStyle: { color: string } }[] }[])[0]!.data;
    expect(bars.map((b) => b.value)).toEqual([50, null, 3.07]);
    expect(bars.map((b) => b.itemStyle.color)).toEqual([LIGHT.bar, LIGHT.bar, LIGHT.barSelected]);
  });
});
