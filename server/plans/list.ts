import type { Queryable } from '../db/engine.ts';
import type { PlanList, PlanSummary } from '../../shared/plans/contract.ts';

const ts = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Every plan with its counts. Placed: a red line or a provisional point (migration 0012). Reports:
 * every revision filed for its estates. updatedAt: the newest of the plan's creation, an estate's
 * change, and a save of its milestones or targets.
 */
const plansSql = `
  SELECT p.id, p.slug, p.title, p.year, p.region_code AS "regionCode", r.name AS "regionName",
         p.version,
         COALESCE(e.estates, 0) AS estates, COALESCE(e.placed, 0) AS placed,
         COALESCE(e.estates, 0) - COALESCE(e.placed, 0) AS unplaced,
         COALESCE(rp.reports, 0) AS reports,
         ${ts('p.created_at')} AS "createdAt",
         ${ts('GREATEST(p.created_at, e.updated_at, g.milestones_updated_at, g.targets_updated_at)')} AS "updatedAt"
  FROM plans p
  JOIN regions r ON r.code = p.region_code
  LEFT JOIN plan_goals g ON g.plan_id = p.id
  LEFT JOIN LATERAL (
    SELECT count(*)::int AS estates,
           (count(*) FILTER (WHERE x.geom IS NOT NULL OR x.location IS NOT NULL))::int AS placed,
           max(x.updated_at) AS updated_at
    FROM estates x WHERE x.plan_id = p.id
  ) e ON true
  LEFT JOIN LATERAL (
    SELECT count(*)::int AS reports FROM progress_reports pr JOIN estates x ON x.id = pr.estate_id WHERE x.plan_id = p.id
  ) rp ON true
  ORDER BY p.year DESC, p.slug`;

export async function listPlans(db: Queryable): Promise<PlanList> {
  return { plans: await db.query<PlanSummary>(plansSql) };
}
