/** SQL of the monthly reports (月度报表). Reports are append-only: a correction is a new revision. */

const reportColumns = `
  r.id, r.estate_id, r.period, r.revision, r.phase, r.progress_pct::float8 AS progress_pct,
  r.completed_investment_wan::float8 AS completed_investment_wan, r.completed, r.note, r.exceeds_plan,
  to_char(r.submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS submitted_at,
  r.submitted_by, r.source, r.synthetic`;

export interface ReportRow {
  id: number;
  estate_id: number;
  period: string;
  revision: number;
  phase: string | null;
  progress_pct: number | null;
  completed_investment_wan: number | null;
  completed: boolean | null;
  note: string | null;
  exceeds_plan: boolean;
  submitted_at: string;
  submitted_by: string | null;
  source: string;
  synthetic: boolean;
  current: boolean;
}

/** Every revision of an estate's reports, or of every estate's for a month, newest first. */
export const reportHistorySql = `
  SELECT ${reportColumns},
         r.revision = max(r.revision) OVER (PARTITION BY r.estate_id, r.period) AS current
  FROM progress_reports r
  WHERE ($1::int IS NULL OR r.estate_id = $1::int) AND ($2::text IS NULL OR r.period = $2::text)
  ORDER BY r.period DESC, r.estate_id, r.revision DESC`;

/**
 * What a new report is checked against, with the estate row locked so that two submissions for
 * the same estate cannot take the same revision number: the plan (year, whether it is one the
 * estate belongs to), the money planned at the level where it is planned (the estate's own, else
 * its project's), the newest revision of the same period, and the newest report before it.
 */
export const reportContextSql = `
  SELECT e.id, e.name, pl.year AS plan_year, pl.slug AS plan_slug,
         COALESCE(NULLIF(e.planned_investment_wan, 0), pj.planned_investment_wan)::float8 AS planned_investment_wan,
         CASE WHEN e.planned_investment_wan > 0 THEN 'estate' WHEN pj.planned_investment_wan > 0 THEN 'project' END AS money_level
  FROM estates e
  JOIN plans pl ON pl.id = e.plan_id
  LEFT JOIN projects pj ON pj.id = e.project_id
  WHERE e.id = $1
  FOR UPDATE OF e`;

/** The newest revision of the period itself ($2) and the newest report of an earlier period. */
export const neighbourReportsSql = `
  (SELECT ${reportColumns}, true AS current, 'same' AS which
   FROM progress_reports r WHERE r.estate_id = $1 AND r.period = $2
   ORDER BY r.revision DESC LIMIT 1)
  UNION ALL
  (SELECT ${reportColumns}, true AS current, 'before' AS which
   FROM progress_reports r WHERE r.estate_id = $1 AND r.period < $2
   ORDER BY r.period DESC, r.revision DESC LIMIT 1)`;

/**
 * Cumulative investment already reported for the money unit: for project-level money any estate
 * of the project may report the project's cumulative figure, so the latest one among them counts.
 */
export const latestInvestmentSql = `
  SELECT r.completed_investment_wan::float8 AS completed_investment_wan, r.period
  FROM progress_reports r
  JOIN estates e ON e.id = r.estate_id
  WHERE r.completed_investment_wan IS NOT NULL AND r.period <= $2
    AND (CASE WHEN $3 = 'project' THEN e.project_id = (SELECT project_id FROM estates WHERE id = $1) ELSE e.id = $1 END)
  ORDER BY r.period DESC, r.submitted_at DESC, r.revision DESC, r.estate_id
  LIMIT 1`;

export const insertReportSql = `
  INSERT INTO progress_reports (estate_id, period, revision, phase, progress_pct, completed_investment_wan, completed, note,
                                exceeds_plan, submitted_by, source, synthetic)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'report form (POST /api/reports)', false)
  RETURNING id`;

export const reportByIdSql = `SELECT ${reportColumns}, true AS current FROM progress_reports r WHERE r.id = $1`;
