import { newestReportJoins } from '../newest-sql.ts';

/** Each estate's newest report up to the period $4 (server/progress/newest-sql.ts). */
const newest = newestReportJoins({ columns: ['completed', 'synthetic'], period: '$4::text', estate: 'e' });

/**
 * The ranking table (排名表) as SQL. Parameters: $1 level (district | street | community), $2
 * parent region code or NULL, $3 plan year or NULL, $4 period YYYY-MM or NULL (latest).
 *
 * Money is counted where the source planned it and never split: an estate's own planned
 * investment, else its project's (Wuhai plans money per district batch). A project's money goes
 * to a row only when all the project's estates lie in that row; otherwise it is in the total only
 * (and only when all its estates are in scope).
 */
export const rankingCtes = `
WITH scope AS (
  -- Estates of the plan year under the parent (codes are hierarchical: a prefix is an ancestor;
  -- LIKE rather than left() so that the planner estimates how many from the column's histogram).
  SELECT e.id, e.plan_id, e.project_id, e.seq, e.households, e.district_code, e.street_code,
         e.planned_investment_wan, e.completed_investment_wan, pl.as_of,
         CASE $1::text WHEN 'district' THEN e.district_code WHEN 'street' THEN e.street_code ELSE e.community_code END AS row_code,
         -- Its newest report up to the period, newest revision of it (NULL: none by then).
         ${newest.col('completed')} AS completed, ${newest.col('synthetic')} AS report_synthetic
  FROM estates e
  JOIN plans pl ON pl.id = e.plan_id
  ${newest.joins}
  WHERE ($3::int IS NULL OR pl.year = $3)
    AND ($2::text IS NULL OR e.street_code LIKE $2::text || '%' OR e.community_code = $2::text)
),
money_units AS (
  -- Estates with money of their own: the figure the plan table states applies from its date on.
  SELECT 'e' || s.id AS unit_key, s.row_code, s.planned_investment_wan AS planned,
         CASE WHEN s.as_of IS NULL OR $4::text IS NULL OR to_char(s.as_of, 'YYYY-MM') <= $4::text
              THEN s.completed_investment_wan END AS stated_completed,
         true AS whole
  FROM scope s
  WHERE s.planned_investment_wan > 0
  UNION ALL
  -- Projects planned as a whole (a district batch): one row only if all its estates are in it.
  SELECT 'p' || pj.id,
         CASE WHEN count(s.row_code) = count(*) AND min(s.row_code) = max(s.row_code) THEN min(s.row_code) END,
         pj.planned_investment_wan,
         CASE WHEN min(s.as_of) IS NULL OR $4::text IS NULL OR to_char(min(s.as_of), 'YYYY-MM') <= $4::text
              THEN pj.completed_investment_wan END,
         count(*) = (SELECT count(*) FROM estates x WHERE x.project_id = pj.id)
  FROM scope s
  JOIN projects pj ON pj.id = s.project_id
  WHERE pj.planned_investment_wan > 0 AND COALESCE(s.planned_investment_wan, 0) = 0
  GROUP BY pj.id, pj.planned_investment_wan, pj.completed_investment_wan
),
reported_money AS (
  -- The newest cumulative investment a report gives for each money unit (any estate of a
  -- project may report the project's cumulative figure): each estate's newest such report up to
  -- the period (maintained, or probed when the maintained one is later), then the newest of those
  -- per unit, by period, submission, revision and estate.
  SELECT DISTINCT ON (x.unit_key) x.unit_key, x.completed_investment_wan
  FROM (
    SELECT CASE WHEN s.planned_investment_wan > 0 THEN 'e' || s.id ELSE 'p' || s.project_id END AS unit_key, s.id AS estate_id, i.*
    FROM scope s
    JOIN estate_newest_report n ON n.estate_id = s.id AND n.investment_period IS NOT NULL
    CROSS JOIN LATERAL (
      SELECT n.investment_wan AS completed_investment_wan, n.investment_period AS period,
             n.investment_submitted_at AS submitted_at, n.investment_revision AS revision
      WHERE $4::text IS NULL OR n.investment_period <= $4::text
      UNION ALL
      (SELECT r.completed_investment_wan, r.period, r.submitted_at, r.revision FROM progress_reports r
       WHERE n.investment_period > $4::text AND n.first_period <= $4::text
         AND r.estate_id = s.id AND r.period <= $4::text AND r.completed_investment_wan IS NOT NULL
       ORDER BY r.period DESC, r.submitted_at DESC, r.revision DESC LIMIT 1)
    ) i
  ) x
  -- Two estates of a project reporting at the same instant (one import): the first estate's.
  ORDER BY x.unit_key, x.period DESC, x.submitted_at DESC, x.revision DESC, x.estate_id
),
money AS (
  SELECT mu.unit_key, mu.row_code, mu.whole, mu.planned,
         COALESCE(rm.completed_investment_wan, mu.stated_completed, 0) AS completed
  FROM money_units mu
  LEFT JOIN reported_money rm ON rm.unit_key = mu.unit_key
)`;

export interface RankingSqlRow {
  code: string;
  name: string;
  estates: number;
  completed_estates: number;
  households: number | null;
  planned: number | null;
  completed: number | null;
  synthetic: boolean;
  people: { p: string | null; l: string | null }[] | null;
  stated_investment_rate_pct: number | null;
  stated_completion_rate_pct: number | null;
  bbox: [number, number, number, number] | null;
}

/**
 * The end of a ranking-by-rows query, shared by the per-estate path (here) and the maintained
 * totals (ranking-totals-sql.ts): who answers for each row, and the row's select. `rows` is a
 * relation with row_code, plan_id, street_code, district_code (alias `a`), and `seq` its column
 * giving table order (the least estate id); it expects row_counts (row_code, estates,
 * completed_estates, households, synthetic, only_project) and row_money (row_code, planned,
 * completed) before it. Who answers for the row: the entries of the row's own region and of its
 * streets and district, in table order. The bbox is the one stored with the region's outline.
 */
export const rankingRowPeopleAndSelect = (rows: string, a: string, seq: string) => `
row_people AS (
  SELECT ${a}.row_code, x.person_in_charge, x.leader, min(${a}.${seq}) AS first_seq
  FROM ${rows} ${a}
  JOIN responsibilities x ON x.plan_id = ${a}.plan_id AND x.region_code IN (${a}.row_code, ${a}.street_code, ${a}.district_code)
  WHERE ${a}.row_code IS NOT NULL
  GROUP BY ${a}.row_code, x.person_in_charge, x.leader
),
people AS (
  SELECT row_code, json_agg(json_build_object('p', person_in_charge, 'l', leader) ORDER BY first_seq, person_in_charge) AS people
  FROM row_people GROUP BY row_code
)
SELECT c.row_code AS code, g.name, c.estates, c.completed_estates, c.households, m.planned, m.completed, c.synthetic,
       pp.people,
       pj.reported_investment_rate_pct::float8 AS stated_investment_rate_pct,
       pj.reported_completion_rate_pct::float8 AS stated_completion_rate_pct,
       CASE WHEN g.bbox IS NOT NULL THEN json_build_array(g.bbox[1], g.bbox[2], g.bbox[3], g.bbox[4]) END AS bbox
FROM row_counts c
JOIN regions g ON g.code = c.row_code
LEFT JOIN row_money m ON m.row_code = c.row_code
LEFT JOIN people pp ON pp.row_code = c.row_code
LEFT JOIN projects pj ON pj.id = c.only_project
ORDER BY c.row_code`;

export const rankingRowsSql = `${rankingCtes},
row_counts AS (
  SELECT s.row_code, count(*)::int AS estates, (count(*) FILTER (WHERE s.completed))::int AS completed_estates,
         sum(s.households)::int AS households, COALESCE(bool_or(s.report_synthetic), false) AS synthetic,
         -- The row is exactly one project's estates: the rates the source printed for it apply.
         CASE WHEN count(s.project_id) = count(*) AND min(s.project_id) = max(s.project_id) THEN min(s.project_id) END AS only_project
  FROM scope s
  WHERE s.row_code IS NOT NULL
  GROUP BY s.row_code
),
row_money AS (
  SELECT row_code, sum(planned)::float8 AS planned, sum(completed)::float8 AS completed
  FROM money WHERE whole AND row_code IS NOT NULL GROUP BY row_code
),
${rankingRowPeopleAndSelect('scope', 's', 'id')}`;

export interface RankingTotalSqlRow {
  estates: number;
  completed_estates: number;
  households: number | null;
  planned: number | null;
  completed: number | null;
  unattributed: number | null;
  synthetic: boolean;
  first_period: string | null;
  last_period: string | null;
  plan_id: number | null;
  plan_title: string | null;
  as_of: string | null;
  stated_households: number | null;
  stated_investment_rate_pct: number | null;
  stated_completion_rate_pct: number | null;
}

export const rankingTotalSql = `${rankingCtes},
one_plan AS (
  -- The scope is one whole plan (the parent is the plan's region or none): its stated figures apply.
  SELECT min(s.plan_id) AS plan_id
  FROM scope s JOIN plans pl ON pl.id = s.plan_id
  HAVING count(DISTINCT s.plan_id) = 1 AND ($2::text IS NULL OR min(pl.region_code) = $2::text)
)
SELECT (SELECT count(*)::int FROM scope) AS estates,
       (SELECT count(*)::int FROM scope s WHERE s.completed) AS completed_estates,
       (SELECT sum(households)::int FROM scope) AS households,
       (SELECT sum(planned)::float8 FROM money WHERE whole) AS planned,
       (SELECT sum(completed)::float8 FROM money WHERE whole) AS completed,
       (SELECT sum(planned)::float8 FROM money WHERE whole AND row_code IS NULL) AS unattributed,
       (SELECT COALESCE(bool_or(report_synthetic), false) FROM scope) AS synthetic,
       span.first_period, span.last_period,
       o.plan_id, pl.title AS plan_title, to_char(pl.as_of, 'YYYY-MM-DD') AS as_of,
       (SELECT value::int FROM reported_figures f WHERE f.plan_id = o.plan_id AND f.metric = 'households') AS stated_households,
       (SELECT value::float8 FROM reported_figures f WHERE f.plan_id = o.plan_id AND f.metric = 'investment_rate_pct') AS stated_investment_rate_pct,
       (SELECT value::float8 FROM reported_figures f WHERE f.plan_id = o.plan_id AND f.metric = 'completion_rate_pct') AS stated_completion_rate_pct
FROM (SELECT 1) one
-- The months the reports cover: each estate's first and last, kept in its maintained row.
CROSS JOIN (
  SELECT min(n.first_period) AS first_period, max(n.period) AS last_period
  FROM scope s JOIN estate_newest_report n ON n.estate_id = s.id
) span
LEFT JOIN one_plan o ON true
LEFT JOIN plans pl ON pl.id = o.plan_id`;

/** The estates of each row, for the Excel sheet in the seed's layout (one line per estate). */
export const rankingEstatesSql = `${rankingCtes}
SELECT s.row_code AS code, e.name, st.name AS street_name, x.person_in_charge, x.leader, s.completed
FROM scope s
JOIN estates e ON e.id = s.id
JOIN regions st ON st.code = s.street_code
LEFT JOIN LATERAL (
  SELECT y.person_in_charge, y.leader FROM responsibilities y
  WHERE y.plan_id = s.plan_id AND y.region_code IN (s.street_code, s.district_code)
  ORDER BY (y.region_code = s.street_code) DESC LIMIT 1
) x ON true
WHERE s.row_code IS NOT NULL
ORDER BY s.row_code, s.id`;
