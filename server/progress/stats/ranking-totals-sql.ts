import { rankingRowPeopleAndSelect } from './ranking-sql.ts';

/**
 * The current ranking by district or street (no period=) from the maintained per-street totals
 * (ranking_street_totals, migration 0026) instead of every estate with its newest report. Same
 * parameters and the same output columns as rankingRowsSql / rankingTotalSql (ranking-sql.ts),
 * same rules: the totals hold each street's estates, completed estates, households, money of
 * estates with money of their own and the months the reports span; money planned per project
 * only (a district batch) is read from those projects' estates as before (few), and the persons in
 * charge from the responsibilities. Scope: $2 a parent above the community level (the estates
 * whose street code starts with it) or none, $3 the plan year or none. tests/api/progress-ranking
 * checks the answers, tests/api/ranking-totals-maintained.test.ts the totals.
 */

const totalsCtes = `
WITH t AS (
  SELECT t.*, pl.as_of, CASE $1::text WHEN 'district' THEN t.district_code ELSE t.street_code END AS row_code
  FROM ranking_street_totals t
  JOIN plans pl ON pl.id = t.plan_id
  -- $4 (the month) is NULL here: the totals are the current state.
  WHERE $4::text IS NULL AND ($3::int IS NULL OR pl.year = $3) AND ($2::text IS NULL OR t.street_code LIKE $2::text || '%')
),
project_estates AS (
  -- Estates without money of their own in projects planned as a whole, in scope.
  SELECT pj.id AS project_id, pj.planned_investment_wan, pj.completed_investment_wan, e.id,
         CASE $1::text WHEN 'district' THEN e.district_code ELSE e.street_code END AS row_code, n.investment_period,
         n.investment_submitted_at, n.investment_revision, n.investment_wan
  FROM projects pj
  JOIN estates e ON e.project_id = pj.id
  JOIN plans pl ON pl.id = e.plan_id
  LEFT JOIN estate_newest_report n ON n.estate_id = e.id
  WHERE pj.planned_investment_wan > 0 AND COALESCE(e.planned_investment_wan, 0) = 0
    AND ($3::int IS NULL OR pl.year = $3) AND ($2::text IS NULL OR e.street_code LIKE $2::text || '%')
),
project_money AS (
  SELECT 'p' || x.project_id AS unit_key,
         CASE WHEN count(x.row_code) = count(*) AND min(x.row_code) = max(x.row_code) THEN min(x.row_code) END AS row_code,
         x.planned_investment_wan AS planned,
         COALESCE((array_agg(x.investment_wan ORDER BY x.investment_period DESC, x.investment_submitted_at DESC, x.investment_revision DESC, x.id)
                   FILTER (WHERE x.investment_period IS NOT NULL))[1], x.completed_investment_wan, 0) AS completed,
         count(*) = (SELECT count(*) FROM estates y WHERE y.project_id = x.project_id) AS whole
  FROM project_estates x
  GROUP BY x.project_id, x.planned_investment_wan, x.completed_investment_wan
)`;

export const rankingTotalsRowsSql = `${totalsCtes},
row_counts AS (
  SELECT t.row_code, sum(t.estates)::int AS estates, sum(t.completed_estates)::int AS completed_estates,
         sum(t.households)::int AS households, sum(t.synthetic_estates) > 0 AS synthetic,
         CASE WHEN sum(t.with_project) = sum(t.estates) AND min(t.min_project) = max(t.max_project) THEN min(t.min_project) END AS only_project,
         sum(t.own_units) AS own_units, sum(t.own_planned) AS own_planned, sum(t.own_completed) AS own_completed
  FROM t
  GROUP BY t.row_code
),
row_money AS (
  SELECT c.row_code, sum(c.planned)::float8 AS planned, sum(c.completed)::float8 AS completed
  FROM (SELECT row_code, own_planned AS planned, own_completed AS completed FROM row_counts WHERE own_units > 0
        UNION ALL
        SELECT row_code, planned, completed FROM project_money WHERE whole AND row_code IS NOT NULL) c
  GROUP BY c.row_code
),
${rankingRowPeopleAndSelect('t', 't', 'min_estate_id')}`;

export const rankingTotalsTotalSql = `${totalsCtes},
sums AS (
  SELECT sum(t.estates)::int AS estates, sum(t.completed_estates)::int AS completed_estates, sum(t.households)::int AS households,
         COALESCE(sum(t.synthetic_estates) > 0, false) AS synthetic,
         sum(t.own_units) AS own_units, sum(t.own_planned) AS own_planned, sum(t.own_completed) AS own_completed,
         min(t.first_period) AS first_period, max(t.last_period) AS last_period,
         -- The scope is one whole plan (the parent is the plan's region or none): its stated figures apply.
         CASE WHEN count(DISTINCT t.plan_id) = 1 THEN min(t.plan_id) END AS one_plan
  FROM t
),
money AS (
  SELECT sum(c.planned)::float8 AS planned, sum(c.completed)::float8 AS completed,
         (sum(c.planned) FILTER (WHERE c.unattributed))::float8 AS unattributed
  FROM (SELECT own_planned AS planned, own_completed AS completed, false AS unattributed FROM sums WHERE own_units > 0
        UNION ALL
        SELECT planned, completed, row_code IS NULL FROM project_money WHERE whole) c
)
SELECT COALESCE(s.estates, 0) AS estates, COALESCE(s.completed_estates, 0) AS completed_estates, s.households,
       m.planned, m.completed, m.unattributed, s.synthetic, s.first_period, s.last_period,
       o.id AS plan_id, o.title AS plan_title, to_char(o.as_of, 'YYYY-MM-DD') AS as_of,
       (SELECT value::int FROM reported_figures f WHERE f.plan_id = o.id AND f.metric = 'households') AS stated_households,
       (SELECT value::float8 FROM reported_figures f WHERE f.plan_id = o.id AND f.metric = 'investment_rate_pct') AS stated_investment_rate_pct,
       (SELECT value::float8 FROM reported_figures f WHERE f.plan_id = o.id AND f.metric = 'completion_rate_pct') AS stated_completion_rate_pct
FROM sums s
CROSS JOIN money m
LEFT JOIN plans o ON o.id = s.one_plan AND ($2::text IS NULL OR o.region_code = $2::text)`;
