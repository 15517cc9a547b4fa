import type { Queryable } from '../../db/engine.ts';
import { requireRegion } from '../../regions/service.ts';
import type { RankingQuery, RankingResponse, RankingRow } from '../../../shared/progress/contract.ts';
import { completionRate, investmentRate, rankRows } from '../../../shared/progress/ranking.ts';
import { rankingRowsSql, rankingTotalSql, type RankingSqlRow, type RankingTotalSqlRow } from './ranking-sql.ts';
import { rankingTotalsRowsSql, rankingTotalsTotalSql } from './ranking-totals-sql.ts';

const LEVEL_NAMES = { district: '辖区', street: '街道', community: '社区' } as const;

/** Joins distinct names in table order with the documents' enumeration comma. */
function names(values: (string | null)[]): string | null {
  const distinct = [...new Set(values.filter((v): v is string => Boolean(v)))];
  return distinct.length ? distinct.join('、') : null;
}

/**
 * The SQL of a ranking: the current state by district or street under a parent above the
 * community level (or none) sums the maintained per-street totals (ranking-totals-sql.ts); a month
 * (period=), the community level or a community parent reads the estates (ranking-sql.ts). Both
 * follow the same rules and give the same answer.
 */
export function rankingSql(q: Pick<RankingQuery, 'level' | 'period'>, parentLevel: string | null) {
  const maintained = !q.period && q.level !== 'community' && parentLevel !== 'community';
  return maintained ? { rows: rankingTotalsRowsSql, total: rankingTotalsTotalSql } : { rows: rankingRowsSql, total: rankingTotalSql };
}

/** The ranking table of a place, plan year and month, figures derived from the database. */
export async function ranking(db: Queryable, q: RankingQuery): Promise<RankingResponse> {
  const parent = q.parent ? await requireRegion(db, q.parent, 'parent') : null;
  const params = [q.level, q.parent ?? null, q.year ?? null, q.period ?? null];
  const sql = rankingSql(q, parent?.level ?? null);
  const [sqlRows, [t]] = await Promise.all([
    db.query<RankingSqlRow>(sql.rows, params),
    db.query<RankingTotalSqlRow>(sql.total, params),
  ]);
  // The document's own figures describe its date: they apply to that month only, and to "latest"
  // only while no later report exists.
  const shownPeriod = q.period ?? t!.last_period;
  const statedApplies = t!.as_of !== null && shownPeriod === t!.as_of.slice(0, 7);
  const rows = rankRows(
    sqlRows.map((r) => {
      const figures = { estates: r.estates, completedEstates: r.completed_estates, plannedInvestmentWan: r.planned, completedInvestmentWan: r.completed };
      const stated = r.stated_investment_rate_pct !== null || r.stated_completion_rate_pct !== null
        ? { investmentRatePct: r.stated_investment_rate_pct, completionRatePct: r.stated_completion_rate_pct }
        : null;
      return {
        code: r.code,
        name: r.name,
        ...figures,
        households: r.households,
        investmentRate: investmentRate(figures),
        completionRate: completionRate(figures),
        personInCharge: names((r.people ?? []).map((p) => p.p)),
        leader: names((r.people ?? []).map((p) => p.l)),
        stated: statedApplies ? stated : null,
        synthetic: r.synthetic,
        bbox: r.bbox,
      };
    }),
    q.orderBy,
  );
  const totalFigures = {
    estates: t!.estates,
    completedEstates: t!.completed_estates,
    plannedInvestmentWan: t!.planned,
    completedInvestmentWan: t!.planned === null ? null : t!.completed,
  };
  // A plan imported from a ranking table is titled like one already ("…进展排名表"): not twice.
  const title = t!.plan_title
    ? (/排名表$/.test(t!.plan_title) ? t!.plan_title : `${t!.plan_title}进展排名表`)
    : `${q.year ? `${q.year}年` : ''}${parent?.name ?? ''}老旧小区改造进展排名表（按${LEVEL_NAMES[q.level]}）`;
  return {
    level: q.level,
    parent: parent ? { code: parent.code, name: parent.name } : null,
    year: q.year ?? null,
    period: q.period ?? null,
    orderBy: q.orderBy,
    asOf: statedApplies ? t!.as_of : null,
    title,
    rows: rows as RankingRow[],
    total: {
      ...totalFigures,
      households: t!.households ?? t!.stated_households,
      investmentRate: investmentRate(totalFigures),
      completionRate: completionRate(totalFigures),
      stated: statedApplies && (t!.stated_investment_rate_pct !== null || t!.stated_completion_rate_pct !== null)
        ? { investmentRatePct: t!.stated_investment_rate_pct, completionRatePct: t!.stated_completion_rate_pct }
        : null,
      synthetic: t!.synthetic,
    },
    unattributedPlannedInvestmentWan: t!.unattributed,
    reportPeriods: { first: t!.first_period, last: t!.last_period },
  };
}
