import type { Queryable } from '../../db/engine.ts';
import { requireRegion } from '../../regions/service.ts';
import { periodRange } from '../../../shared/progress/periods.ts';
import { completionRate, investmentRate } from '../../../shared/progress/ranking.ts';
import type { SeriesMonth, SeriesQuery, SeriesResponse } from '../../../shared/progress/series.ts';
import { rankingTotalSql, type RankingTotalSqlRow } from './ranking-sql.ts';
import { estateTargetsSql, plannedByQuarterSql, startedByMonthSql, type PlannedSqlRow, type StartedSqlRow, type TargetSqlRow } from './series-sql.ts';

/**
 * Planned against actual over the months. Each month's actual figures are the ranking total of
 * that month (the same SQL as GET /api/stats/ranking?period=, run once per month), so the curve
 * and the table can never disagree; the milestones and targets give what was planned.
 */
export async function series(db: Queryable, q: SeriesQuery): Promise<SeriesResponse> {
  const parent = q.parent ? await requireRegion(db, q.parent, 'parent') : null;
  const totalOf = async (period: string | null) => {
    const [t] = await db.query<RankingTotalSqlRow>(rankingTotalSql, ['district', q.parent ?? null, q.year ?? null, period]);
    return t!;
  };
  const span = await totalOf(null);
  const periods = span.first_period && span.last_period ? periodRange(span.first_period, span.last_period) : [];
  const [totals, started, planned, targets] = await Promise.all([
    // One month after the other: the embedded engine has one connection, and the server's pool is shared.
    periods.reduce<Promise<RankingTotalSqlRow[]>>(async (acc, p) => [...(await acc), await totalOf(p)], Promise.resolve([])),
    periods.length ? db.query<StartedSqlRow>(startedByMonthSql, [q.parent ?? null, q.year ?? null, periods]) : Promise.resolve([]),
    db.query<PlannedSqlRow>(plannedByQuarterSql, [q.parent ?? null, q.year ?? null]),
    db.query<TargetSqlRow>(estateTargetsSql, [q.parent ?? null, q.year ?? null]),
  ]);
  const startedAt = new Map(started.map((r) => [r.period, r.started]));
  const months: SeriesMonth[] = periods.map((period, i) => {
    const t = totals[i]!;
    // The ranking's total line: completed money counts only where money is planned.
    const figures = {
      estates: t.estates,
      completedEstates: t.completed_estates,
      plannedInvestmentWan: t.planned,
      completedInvestmentWan: t.planned === null ? null : t.completed,
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
