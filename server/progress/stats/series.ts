import type { Queryable } from '../../db/engine.ts';
import { requireRegion } from '../../regions/service.ts';
import { periodRange } from '../../../shared/progress/periods.ts';
import { completionRate, investmentRate } from '../../../shared/progress/ranking.ts';
import type { SeriesMonth, SeriesQuery, SeriesResponse } from '../../../shared/progress/series.ts';
import type { RankingTotalSqlRow } from './ranking-sql.ts';
import { rankingSql } from './ranking.ts';
import {
  completedByMonthSql, estateTargetsSql, plannedByQuarterSql, startedByMonthSql,
  type CompletedByMonthSqlRow, type PlannedSqlRow, type StartedSqlRow, type TargetSqlRow,
} from './series-sql.ts';

/**
 * Planned against actual over the months. Each month's actual figures are the ranking total of
 * that month (GET /api/stats/ranking?period=) by the same rules: the estates and planned money
 * from the ranking total itself (they do not depend on the month), completed estates and money of
 * every month from one grouped query (completedByMonthSql) rather than one ranking per month;
 * tests/api/stats-series.test.ts checks each month against the ranking. The milestones and
 * targets give what was planned.
 */
export async function series(db: Queryable, q: SeriesQuery): Promise<SeriesResponse> {
  const parent = q.parent ? await requireRegion(db, q.parent, 'parent') : null;
  // The latest ranking total: the estates, the planned money and the months the reports span.
  const [span] = await db.query<RankingTotalSqlRow>(rankingSql({ level: 'district' }, parent?.level ?? null).total, ['district', q.parent ?? null, q.year ?? null, null]);
  if (!span) throw new Error('series: the ranking total returned no row');
  const periods = span.first_period && span.last_period ? periodRange(span.first_period, span.last_period) : [];
  const [totals, started, planned, targets] = await Promise.all([
    periods.length ? db.query<CompletedByMonthSqlRow>(completedByMonthSql, [q.parent ?? null, q.year ?? null, periods]) : Promise.resolve([]),
    periods.length ? db.query<StartedSqlRow>(startedByMonthSql, [q.parent ?? null, q.year ?? null, periods]) : Promise.resolve([]),
    db.query<PlannedSqlRow>(plannedByQuarterSql, [q.parent ?? null, q.year ?? null]),
    db.query<TargetSqlRow>(estateTargetsSql, [q.parent ?? null, q.year ?? null]),
  ]);
  const startedAt = new Map(started.map((r) => [r.period, r.started]));
  const months: SeriesMonth[] = periods.map((period, i) => {
    const t = totals[i]!;
    if (t.period !== period) throw new Error(`series: month ${t.period} where ${period} was expected`);
    // The ranking's total line: completed money counts only where money is planned.
    const figures = {
      estates: span.estates,
      completedEstates: t.completed_estates,
      plannedInvestmentWan: span.planned,
      completedInvestmentWan: span.planned === null ? null : t.completed,
    };
    return {
      period,
      ...figures,
      startedEstates: startedAt.get(period) ?? null,
      completionRate: completionRate(figures),
      investmentRate: investmentRate(figures),
    };
  });
  return {
    parent: parent ? { code: parent.code, name: parent.name } : null,
    year: q.year ?? null,
    months,
    milestones: planned.map((r) => ({
      year: r.year,
      quarter: r.quarter,
      period: `${r.year}-${String(r.quarter * 3).padStart(2, '0')}`,
      startedEstates: r.started,
      completedEstates: r.completed,
    })),
    targets: targets.map((r) => ({
      metric: r.metric,
      value: r.value,
      dueOn: r.due_on,
      period: r.due_on ? r.due_on.slice(0, 7) : `${r.year}-12`,
      source: r.source,
    })),
  };
}
