/**
 * The charts' ECharts options, built from the API's answers by plain functions (no ECharts import,
 * so they are unit-tested without a canvas). What each figure is: README "Dashboard charts".
 */
import { periodRange } from '../../../../shared/progress/periods.ts';
import type { SeriesResponse } from '../../../../shared/progress/series.ts';
import type { RankingOrder, RankingResponse } from '../types.ts';
import type { ChartOption } from './echarts.ts';

export interface Palette {
  text: string;
  muted: string;
  grid: string;
  bar: string;
  barSelected: string;
  actual: string;
  started: string;
  planned: string;
  target: string;
  marker: string;
}

export const LIGHT: Palette = {
  text: '#1f2933', muted: '#6b7785', grid: '#e3e7ec', bar: '#4f86b8', barSelected: '#d35400',
  actual: '#2f5f8a', started: '#1a7f37', planned: '#8e44ad', target: '#c62828', marker: '#d68910',
};

export const DARK: Palette = {
  text: '#e6f1ff', muted: '#8fb3d9', grid: 'rgba(143,179,217,0.2)', bar: '#2fb8ff', barSelected: '#ffb300',
  actual: '#4fc3f7', started: '#66bb6a', planned: '#ce93d8', target: '#ff5252', marker: '#ffd54f',
};

/** 0.0307 → "3.07%", as the table prints rates. */
const pct = (rate: number | null) => (rate === null ? '—' : `${(Math.round(rate * 10000) / 100).toFixed(2)}%`);

/**
 * Bars of the ranking's rows by the rate ranked on (#o), in rank order (first on top); the selected
 * region's bar in another colour; the total's rate as a dashed line. Rows without that rate keep
 * their place on the axis with no bar.
 */
export function ratesOption(ranking: RankingResponse, metric: RankingOrder, selected: string | null, labels: { metric: string; total: string }, c: Palette): ChartOption {
  const rows = ranking.rows;
  const total = ranking.total[metric];
  return {
    textStyle: { color: c.text },
    grid: { left: 8, right: 56, top: 22, bottom: 8, containLabel: true },
    tooltip: { trigger: 'item', formatter: (p: unknown) => { const x = p as { dataIndex: number }; const r = rows[x.dataIndex]!; return `${r.name}<br/>${labels.metric} ${pct(r[metric])}`; } },
    xAxis: { type: 'value', min: 0, max: (v: { max: number }) => Math.max(100, Math.ceil(v.max)), axisLabel: { formatter: '{value}%', color: c.muted }, splitLine: { lineStyle: { color: c.grid } } },
    yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.name), axisLabel: { color: c.text }, axisTick: { show: false } },
    series: [
      {
        type: 'bar',
        name: labels.metric,
        barMaxWidth: 22,
        cursor: 'pointer',
        data: rows.map((r) => ({
          value: r[metric] === null ? null : Math.round(r[metric]! * 10000) / 100,
          itemStyle: { color: r.code === selected ? c.barSelected : c.bar },
        })),
        label: { show: true, position: 'right', color: c.text, formatter: (p: unknown) => pct(rows[(p as { dataIndex: number }).dataIndex]![metric]) },
        markLine: total === null ? undefined : {
          silent: true, symbol: 'none',
          lineStyle: { color: c.marker, type: 'dashed' },
          label: { formatter: `${labels.total} ${pct(total)}`, color: c.marker, position: 'start' },
          data: [{ xAxis: Math.round(total * 10000) / 100 }],
        },
      },
    ],
  };
}

/** The months on the x axis: from the first to the last month any actual or planned point has. */
export function seriesMonths(s: SeriesResponse): string[] {
  const all = [...s.months.map((m) => m.period), ...s.milestones.map((m) => m.period), ...s.targets.map((t) => t.period)].sort();
  return all.length ? periodRange(all[0]!, all.at(-1)!) : [];
}

export interface ProgressLabels {
  actualCompleted: string;
  actualStarted: string;
  plannedCompleted: string;
  plannedStarted: string;
  targetCompleted: string;
  targetStarted: string;
  monthShown: string;
  estates: string;
}

/** The month the marker stands at: the replayed month, else the last month with reports. */
export function markerMonth(s: SeriesResponse, period: string | undefined): string | null {
  return period ?? s.months.at(-1)?.period ?? null;
}

/**
 * Estates completed and started over the months: actual (each month-end's reports), planned (the
 * milestones' quarter-end points, joined), targets (a point at their due month).
 */
export function progressOption(s: SeriesResponse, period: string | undefined, l: ProgressLabels, c: Palette): ChartOption {
  const months = seriesMonths(s);
  const at = <T>(list: T[], key: (x: T) => string, value: (x: T) => number | null) => {
    const byMonth = new Map(list.map((x) => [key(x), value(x)]));
    return months.map((m) => byMonth.get(m) ?? null);
  };
  const estates = s.months[0]?.estates ?? null;
  const hasStarted = s.months.some((m) => m.startedEstates !== null);
  const marker = markerMonth(s, period);
  const line = (name: string, data: (number | null)[], color: string, dashed: boolean) => ({
    type: 'line' as const, name, data, connectNulls: true, showSymbol: true, symbolSize: dashed ? 7 : 5,
    lineStyle: { color, type: dashed ? ('dashed' as const) : ('solid' as const), width: 2 }, itemStyle: { color },
  });
  const series: NonNullable<ChartOption['series']> = [
    {
      ...line(l.actualCompleted, at(s.months, (m) => m.period, (m) => m.completedEstates), c.actual, false),
      markLine: marker ? { silent: true, symbol: 'none', lineStyle: { color: c.marker }, label: { formatter: `${l.monthShown} ${marker}`, color: c.marker, align: markerAlign(months, marker) }, data: [{ xAxis: marker }] } : undefined,
    },
  ];
  if (hasStarted) series.push(line(l.actualStarted, at(s.months, (m) => m.period, (m) => m.startedEstates), c.started, false));
  if (s.milestones.length) {
    series.push(line(l.plannedCompleted, at(s.milestones, (m) => m.period, (m) => m.completedEstates), c.planned, true));
    series.push(line(l.plannedStarted, at(s.milestones, (m) => m.period, (m) => m.startedEstates), c.started, true));
  }
  for (const [metric, name, symbol] of [['estates_completed', l.targetCompleted, 'diamond'], ['estates_started', l.targetStarted, 'triangle']] as const) {
    const targets = s.targets.filter((t) => t.metric === metric);
    if (targets.length) series.push({ type: 'scatter', name, symbol, symbolSize: 14, itemStyle: { color: c.target }, data: targets.map((t) => [t.period, t.value]) });
  }
  return {
    textStyle: { color: c.text },
    legend: { top: 0, textStyle: { color: c.text, fontSize: 11 }, itemWidth: 16, itemGap: 6 },
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 16, top: 70, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: months, boundaryGap: false, axisLabel: { color: c.muted }, axisLine: { lineStyle: { color: c.grid } } },
    yAxis: { type: 'value', name: l.estates, min: 0, max: estates ?? undefined, minInterval: 1, nameTextStyle: { color: c.muted }, axisLabel: { color: c.muted }, splitLine: { lineStyle: { color: c.grid } } },
    series,
  };
}

/**
 * The replayed month's label reads away from the nearer edge: centred over a month near the end
 * (the latest, by default) it was cut off by the chart's right edge.
 */
export function markerAlign(months: readonly string[], marker: string): 'left' | 'right' {
  return months.indexOf(marker) > (months.length - 1) / 2 ? 'right' : 'left';
}

export interface MoneyLabels {
  actual: string;
  planned: string;
  monthShown: string;
  wan: string;
}

/** Cumulative completed investment at each month-end; the plan's total investment as a dashed level. */
export function moneyOption(s: SeriesResponse, period: string | undefined, l: MoneyLabels, c: Palette): ChartOption {
  const months = s.months.map((m) => m.period);
  const planned = s.months.at(-1)?.plannedInvestmentWan ?? null;
  const marker = markerMonth(s, period);
  const markData: object[] = [];
  if (marker) markData.push({ xAxis: marker, lineStyle: { color: c.marker, type: 'solid' }, label: { formatter: `${l.monthShown} ${marker}`, color: c.marker, align: markerAlign(months, marker) } });
  if (planned !== null) markData.push({ yAxis: planned, lineStyle: { color: c.planned, type: 'dashed' }, label: { formatter: `${l.planned} ${planned.toLocaleString('zh-CN', { maximumFractionDigits: 1 })}`, color: c.planned, position: 'insideEndTop' } });
  return {
    textStyle: { color: c.text },
    legend: { top: 0, textStyle: { color: c.text } },
    tooltip: {
      trigger: 'axis',
      formatter: (p: unknown) => {
        const i = (p as { dataIndex: number }[])[0]?.dataIndex ?? 0;
        const m = s.months[i]!;
        return `${m.period}<br/>${l.actual} ${m.completedInvestmentWan?.toLocaleString('zh-CN', { maximumFractionDigits: 1 }) ?? '—'} ${l.wan}<br/>${pct(m.investmentRate)}`;
      },
    },
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: months, boundaryGap: false, axisLabel: { color: c.muted }, axisLine: { lineStyle: { color: c.grid } } },
    yAxis: { type: 'value', name: l.wan, min: 0, max: (v: { max: number }) => Math.max(v.max, planned ?? 0), nameTextStyle: { color: c.muted }, axisLabel: { color: c.muted }, splitLine: { lineStyle: { color: c.grid } } },
    series: [
      {
        type: 'line', name: l.actual, showSymbol: true, symbolSize: 5, areaStyle: { opacity: 0.15, color: c.actual },
        lineStyle: { color: c.actual, width: 2 }, itemStyle: { color: c.actual },
        data: s.months.map((m) => m.completedInvestmentWan),
        markLine: markData.length ? { silent: true, symbol: 'none', data: markData } : undefined,
      },
    ],
  };
}

/** Why a chart says something instead of (or besides) drawing: the empty and partial states. */
export function seriesNotes(s: SeriesResponse): { noReports: boolean; oneMonth: string | null; noPlan: boolean; noMoney: boolean } {
  return {
    noReports: s.months.length === 0,
    oneMonth: s.months.length === 1 ? s.months[0]!.period : null,
    noPlan: s.milestones.length === 0 && s.targets.length === 0,
    noMoney: s.months.every((m) => m.plannedInvestmentWan === null),
  };
}
