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
 *
 * From one pass over the scope's reports, as completedByMonthSql does: per estate and report month
 * the newest revision's two flags (started; gives a phase), whose changes from the estate's
 * previous report month are summed up to each month. The month-by-month probe it replaces (each
 * estate's newest report before each month) is the definition that tests/api/stats-series.test.ts
 * compares it with after random reports.
 */
export const startedByMonthSql = `
WITH ${scopeCte},
newest AS (
  SELECT DISTINCT ON (r.estate_id, r.period) r.estate_id, r.period,
         (COALESCE(r.completed, false) OR COALESCE(array_position(${PHASE_ARRAY}, r.phase) >= 5, false))::int AS started,
         (r.phase IS NOT NULL)::int AS phased
  FROM scope s JOIN progress_reports r ON r.estate_id = s.id
  ORDER BY r.estate_id, r.period, r.revision DESC
),
steps AS MATERIALIZED (
  SELECT x.period AS at, sum(x.started - x.started_before)::int AS started, sum(x.phased - x.phased_before)::int AS phased
  FROM (
    SELECT n.period, n.started, n.phased,
           lag(n.started, 1, 0) OVER w AS started_before, lag(n.phased, 1, 0) OVER w AS phased_before
    FROM newest n
    WINDOW w AS (PARTITION BY n.estate_id ORDER BY n.period)
  ) x
  GROUP BY x.period
)
SELECT m.period,
       CASE WHEN (SELECT COALESCE(sum(phased), 0) FROM steps WHERE at <= m.period) > 0
            THEN (SELECT COALESCE(sum(started), 0) FROM steps WHERE at <= m.period)::int END AS started
FROM unnest($3::text[]) AS m(period)
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

/**
 * The ranking total's month-dependent figures for every month at once ($3 the months, text[]):
 * completed estates and completed money as of each month-end, by the ranking's rules
 * (ranking-sql.ts, `GET /api/stats/ranking?period=`), from one pass over the scope's reports
 * instead of one ranking per month. Each figure is a step function of the month; the query sums
 * its steps (deltas) up to each month:
 *   - an estate counts as completed from the month of a report whose newest revision says so
 *     until the month of one that does not (its newest report up to the month decides);
 *   - a money unit (an estate with money of its own, or a project planned as a whole and wholly
 *     in scope) is worth its newest reported cumulative investment up to the month (by period,
 *     submission, revision), and before its first such report the plan table's figure from the
 *     table's date on (else 0).
 * The number of estates and the planned money do not depend on the month: the ranking total of
 * the latest month gives them.
 */
export const completedByMonthSql = `
WITH scope AS (
  SELECT e.id, e.project_id, e.planned_investment_wan, e.completed_investment_wan, pl.as_of
  FROM estates e
  JOIN plans pl ON pl.id = e.plan_id
  WHERE ($2::int IS NULL OR pl.year = $2)
    AND ($1::text IS NULL OR e.street_code LIKE $1::text || '%' OR e.community_code = $1::text)
),
done_steps AS MATERIALIZED (
  SELECT x.period AS at, sum(x.v - x.before)::int AS delta
  FROM (
    SELECT p.period, p.v, lag(p.v, 1, 0) OVER (PARTITION BY p.estate_id ORDER BY p.period) AS before
    FROM (SELECT DISTINCT ON (r.estate_id, r.period) r.estate_id, r.period, COALESCE(r.completed, false)::int AS v
          FROM scope s JOIN progress_reports r ON r.estate_id = s.id
          ORDER BY r.estate_id, r.period, r.revision DESC) p
  ) x
  GROUP BY x.period
),
units AS (
  SELECT 'e' || s.id AS unit_key, s.completed_investment_wan AS stated, to_char(s.as_of, 'YYYY-MM') AS stated_from
  FROM scope s
  WHERE s.planned_investment_wan > 0
  UNION ALL
  SELECT 'p' || pj.id, pj.completed_investment_wan, to_char(min(s.as_of), 'YYYY-MM')
  FROM scope s
  JOIN projects pj ON pj.id = s.project_id
  WHERE pj.planned_investment_wan > 0 AND COALESCE(s.planned_investment_wan, 0) = 0
  GROUP BY pj.id, pj.completed_investment_wan
  HAVING count(*) = (SELECT count(*) FROM estates x WHERE x.project_id = pj.id)
),
unit_periods AS (
  -- Per unit and report period, the newest report giving cumulative investment (submission, revision, estate).
  -- (The two steps CTEs below are MATERIALIZED: inlined, they would be recomputed for every month.)
  SELECT DISTINCT ON (u.unit_key, r.period) u.unit_key, r.period, r.completed_investment_wan AS v
  FROM scope s
  JOIN units u ON u.unit_key = CASE WHEN s.planned_investment_wan > 0 THEN 'e' || s.id ELSE 'p' || s.project_id END
  JOIN progress_reports r ON r.estate_id = s.id AND r.completed_investment_wan IS NOT NULL
  ORDER BY u.unit_key, r.period, r.submitted_at DESC, r.revision DESC, r.estate_id
),
money_steps AS MATERIALIZED (
  SELECT at, sum(delta) AS delta FROM (
    SELECT period AS at, v - lag(v, 1, 0) OVER (PARTITION BY unit_key ORDER BY period) AS delta FROM unit_periods
    UNION ALL
    -- The plan table's figure holds from its date (undated: always) until the unit's first report.
    SELECT COALESCE(u.stated_from, ''), COALESCE(u.stated, 0)
    FROM units u LEFT JOIN (SELECT unit_key, min(period) AS first FROM unit_periods GROUP BY unit_key) f ON f.unit_key = u.unit_key
    WHERE f.first IS NULL OR u.stated_from IS NULL OR u.stated_from < f.first
    UNION ALL
    SELECT f.first, -COALESCE(u.stated, 0)
    FROM units u JOIN (SELECT unit_key, min(period) AS first FROM unit_periods GROUP BY unit_key) f ON f.unit_key = u.unit_key
    WHERE u.stated_from IS NULL OR u.stated_from < f.first
  ) d
  GROUP BY at
)
SELECT m.period,
       (SELECT COALESCE(sum(delta), 0) FROM done_steps WHERE at <= m.period)::int AS completed_estates,
       (SELECT COALESCE(sum(delta), 0) FROM money_steps WHERE at <= m.period)::float8 AS completed
FROM unnest($3::text[]) AS m(period)
ORDER BY m.period`;

export interface CompletedByMonthSqlRow {
  period: string;
  completed_estates: number;
  completed: number;
}
