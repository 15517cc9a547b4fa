/**
 * SQL of GET /api/stats/series beside the ranking total (ranking-sql.ts), which gives the money and
 * completed estates of each month. Parameters of each: $1 parent region code or NULL, $2 plan year
 * or NULL; the scope is the ranking's (estates of the plan year whose street lies under the parent).
 */
const PHASE_ARRAY = `ARRAY['survey', 'design', 'mobilisation', 'demolition', 'construction', 'acceptance', 'maintenance']`;

const scopeCte = `
scope AS (
  SELECT e.id, e.plan_id, e.project_id
  FROM estates e
  JOIN plans pl ON pl.id = e.plan_id
  WHERE ($2::int IS NULL OR pl.year = $2)
    AND ($1::text IS NULL OR left(e.street_code, length($1::text)) = $1::text OR e.community_code = $1::text)
)`;

/**
 * Started estates as of each month-end ($3 the months, text[]): an estate counts once its newest
 * report up to the month (newest revision) says construction or later, or completed, as
 * GET /api/targets counts estates_started. NULL for a month when no such report gives a phase.
 */
export const startedByMonthSql = `
WITH ${scopeCte},
months AS (SELECT unnest($3::text[]) AS period)
SELECT m.period,
       CASE WHEN count(l.phase) > 0 THEN (count(*) FILTER (WHERE l.started))::int END AS started
FROM months m
CROSS JOIN scope s
LEFT JOIN LATERAL (
  SELECT r.phase,
         COALESCE(r.completed, false) OR COALESCE(array_position(${PHASE_ARRAY}, r.phase) >= 5, false) AS started
  FROM progress_reports r
  WHERE r.estate_id = s.id AND r.period <= m.period
  ORDER BY r.period DESC, r.revision DESC LIMIT 1
) l ON true
GROUP BY m.period
ORDER BY m.period`;

export interface StartedSqlRow {
  period: string;
  started: number | null;
}

/**
 * What the milestones plan, per quarter that has any: the scope's estates planned started or
 * completed by the end of that quarter (cumulative). An estate's milestones are its own and those
 * of its project; milestones of the plan as a whole (descriptions) plan no estate.
 */
export const plannedByQuarterSql = `
WITH ${scopeCte},
planned AS (
  SELECT s.id AS estate_id, m.year, m.quarter,
         COALESCE(array_position(${PHASE_ARRAY}, m.planned_phase) >= 6, false) OR COALESCE(m.planned_progress_pct >= 100, false) AS completed,
         COALESCE(array_position(${PHASE_ARRAY}, m.planned_phase) >= 5, false) OR COALESCE(m.planned_progress_pct > 0, false) AS started
  FROM scope s
  JOIN milestones m ON m.plan_id = s.plan_id
   AND (m.estate_id = s.id OR (m.estate_id IS NULL AND m.project_id IS NOT NULL AND m.project_id = s.project_id))
),
quarters AS (SELECT DISTINCT year, quarter FROM planned)
SELECT q.year, q.quarter,
       (count(DISTINCT p.estate_id) FILTER (WHERE p.started OR p.completed))::int AS started,
       (count(DISTINCT p.estate_id) FILTER (WHERE p.completed))::int AS completed
FROM quarters q
LEFT JOIN planned p ON p.year * 4 + p.quarter <= q.year * 4 + q.quarter
GROUP BY q.year, q.quarter
ORDER BY q.year, q.quarter`;

export interface PlannedSqlRow {
  year: number;
  quarter: number;
  started: number;
  completed: number;
}

/** Targets counted in estates, of the parent region itself and the year (as the dashboard's targets table asks). */
export const estateTargetsSql = `
SELECT t.metric, t.value::float8 AS value, to_char(t.due_on, 'YYYY-MM-DD') AS due_on, t.year, t.source
FROM targets t
WHERE t.metric IN ('estates_started', 'estates_completed')
  AND ($1::text IS NULL OR t.region_code = $1::text) AND ($2::int IS NULL OR t.year = $2)
ORDER BY t.metric, t.year, t.id`;

export interface TargetSqlRow {
  metric: 'estates_started' | 'estates_completed';
  value: number;
  due_on: string | null;
  year: number;
  source: string;
}
