import { newestReportJoins } from '../newest-sql.ts';

/** Each estate's newest report up to the period $3 among those submitted by $4 (server/progress/newest-sql.ts). */
const state = newestReportJoins({ columns: ['progress_pct', 'phase', 'completed', 'synthetic'], period: '$3::text', known: '$4::timestamptz' });

/**
 * The supervision ledger (督查台账) as SQL. Parameters: $1 parent region code or NULL, $2 plan
 * year or NULL, $3 the period the ledger is about (YYYY-MM), $4 the instant it is asked as of: a
 * report submitted after $4 did not exist then and counts for nothing (not late, not filed, not in
 * the state an estate is judged by), and a milestone counts from the day after its quarter ends.
 */
/** Reports that existed at $4. */
const KNOWN = `r.submitted_at <= $4::timestamptz`;
const scopeCte = `
WITH scope AS (
  -- Estates of the plan year under the parent, with who answers for them: the project's
  -- responsible unit, else the street's (Wuhai names a person per street), else the street office.
  SELECT e.id, e.name, e.plan_id, e.project_id, e.district_code, e.street_code, pl.year AS plan_year,
         to_char(pl.issued_on, 'YYYY-MM') AS issued_period, d.name AS district_name, st.name AS street_name,
         pj.name AS project_name, COALESCE(pj.responsible_unit, x.unit, st.name) AS unit, x.person_in_charge, x.leader
  FROM estates e
  JOIN plans pl ON pl.id = e.plan_id
  JOIN regions d ON d.code = e.district_code
  JOIN regions st ON st.code = e.street_code
  LEFT JOIN projects pj ON pj.id = e.project_id
  LEFT JOIN LATERAL (
    SELECT y.person_in_charge, y.leader, y.unit FROM responsibilities y
    WHERE y.plan_id = e.plan_id AND y.region_code IN (e.street_code, e.district_code)
    ORDER BY (y.region_code = e.street_code) DESC LIMIT 1
  ) x ON true
  WHERE ($2::int IS NULL OR pl.year = $2)
    AND ($1::text IS NULL OR e.street_code LIKE $1::text || '%' OR e.community_code = $1::text)
)`;

export interface ReportingSqlRow {
  id: number;
  name: string;
  project_id: number | null;
  project_name: string | null;
  plan_year: number;
  issued_period: string | null;
  district_name: string;
  street_name: string;
  unit: string;
  person_in_charge: string | null;
  leader: string | null;
  first_period: string | null;
  first_submitted: string | null;
  report_synthetic: boolean | null;
  completed_before: boolean | null;
}

/**
 * Per estate the ledger may list (a late first submission for the period, $5 being
 * lateFrom(period), or none and not completed before): that submission, when it began reporting,
 * whether it was done before. Each is read off the estate's maintained row (estate_newest_report)
 * when nothing was submitted after $4, and probed in the history otherwise.
 */
export const reportingSql = `${scopeCte}
SELECT q.id, q.name, q.project_id, q.project_name, q.plan_year, q.issued_period, q.district_name, q.street_name, q.unit,
       q.person_in_charge, q.leader, q.first_period,
       to_char(q.first_submitted AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS first_submitted,
       q.report_synthetic, q.completed_before
FROM (
  SELECT s.*, f.first_submitted, f.synthetic AS report_synthetic,
         CASE WHEN n.estate_id IS NULL THEN NULL
              WHEN n.last_submitted_at <= $4::timestamptz THEN n.first_period
              ELSE (SELECT min(r.period) FROM progress_reports r WHERE r.estate_id = s.id AND ${KNOWN}) END AS first_period,
         CASE WHEN n.estate_id IS NULL OR n.first_period >= $3::text THEN NULL
              WHEN n.period < $3::text AND n.last_submitted_at <= $4::timestamptz THEN n.completed
              ELSE (SELECT r.completed FROM progress_reports r WHERE r.estate_id = s.id AND r.period < $3::text AND ${KNOWN}
                    ORDER BY r.period DESC, r.revision DESC LIMIT 1) END AS completed_before
  FROM scope s
  LEFT JOIN estate_newest_report n ON n.estate_id = s.id
  CROSS JOIN LATERAL (
    (SELECT n.period_first_submitted_at AS first_submitted, n.period_any_synthetic AS synthetic
     WHERE n.period = $3::text AND n.last_submitted_at <= $4::timestamptz)
    UNION ALL
    -- No report of the period at all when the newest is older; else the history of the month.
    (SELECT min(r.submitted_at), bool_or(r.synthetic)
     FROM progress_reports r WHERE n.period >= $3::text AND r.estate_id = s.id AND r.period = $3::text AND ${KNOWN})
    LIMIT 1
  ) f
) q
-- Only the estates the ledger may list: a late first submission ($5, the instant a report for the
-- period turns late), or none and not reported completed before. Any other lists nothing.
WHERE q.first_submitted >= $5::timestamptz OR (q.first_submitted IS NULL AND q.completed_before IS NOT TRUE)
ORDER BY q.unit, q.id`;

const PHASE_ARRAY = `ARRAY['survey', 'design', 'mobilisation', 'demolition', 'construction', 'acceptance', 'maintenance']`;

export interface LaggingSqlRow {
  estate_id: number | null;
  estate_name: string | null;
  project_id: number | null;
  project_name: string | null;
  district_name: string;
  street_name: string | null;
  unit: string;
  person_in_charge: string | null;
  leader: string | null;
  year: number;
  quarter: number;
  planned_phase: string | null;
  planned_progress_pct: number | null;
  description: string | null;
  actual_phase: string | null;
  actual_progress_pct: number;
  behind_pct: number | null;
  phases_behind: number | null;
  synthetic: boolean;
}

/**
 * Projects and estates behind their latest milestone (形象进度) due by the end of the period and
 * by $4. A milestone states a phase reached and/or a progress percentage by a quarter's end. An
 * estate's actual state is its newest report up to the period known at $4 (no report: 0%, no phase); a
 * project's is the mean progress of its estates and the phase of its slowest estate.
 */
export const laggingSql = `${scopeCte},
state AS (
  SELECT s.id, s.project_id,
         COALESCE(${state.col('progress_pct')}, CASE WHEN ${state.col('completed')} THEN 100 END, 0)::float8 AS progress,
         COALESCE(array_position(${PHASE_ARRAY}, ${state.col('phase')}), CASE WHEN ${state.col('completed')} THEN 7 END, 0) AS phase_no,
         COALESCE(${state.col('synthetic')}, false) AS synthetic
  FROM scope s
  ${state.joins}
),
due AS (
  -- The newest milestone due by the period for each estate and each project.
  SELECT DISTINCT ON (m.estate_id, m.project_id) m.*
  FROM milestones m
  WHERE (m.planned_phase IS NOT NULL OR m.planned_progress_pct IS NOT NULL)
    AND (m.estate_id IN (SELECT id FROM scope) OR m.project_id IN (SELECT project_id FROM scope))
    AND m.year * 100 + m.quarter * 3 <= substr($3::text, 1, 4)::int * 100 + substr($3::text, 6, 2)::int
    -- Due from 00:00 Beijing time on the day after the quarter ends.
    AND ((make_date(m.year, m.quarter * 3, 1) + interval '1 month')::date::text || ' 00:00:00+08')::timestamptz <= $4::timestamptz
  ORDER BY m.estate_id, m.project_id, m.year DESC, m.quarter DESC,
           array_position(${PHASE_ARRAY}, m.planned_phase) DESC NULLS LAST, m.planned_progress_pct DESC NULLS LAST
),
measured AS (
  SELECT d.*, s.id AS estate_ref, NULL::int AS project_ref, st.progress, st.phase_no, st.synthetic
  FROM due d JOIN scope s ON s.id = d.estate_id JOIN state st ON st.id = s.id
  UNION ALL
  SELECT d.*, NULL, d.project_id, avg(st.progress), min(st.phase_no), bool_or(st.synthetic)
  FROM due d JOIN state st ON st.project_id = d.project_id
  WHERE d.estate_id IS NULL
  GROUP BY d.id, d.plan_id, d.project_id, d.estate_id, d.year, d.quarter, d.planned_phase, d.planned_progress_pct, d.description, d.source
)
SELECT m.estate_ref AS estate_id, e.name AS estate_name, COALESCE(m.project_ref, e.project_id) AS project_id,
       pj.name AS project_name, who.district_name, CASE WHEN m.estate_ref IS NOT NULL THEN who.street_name END AS street_name,
       who.unit, who.person_in_charge, who.leader,
       m.year, m.quarter, m.planned_phase, m.planned_progress_pct::float8 AS planned_progress_pct, m.description,
       (${PHASE_ARRAY})[NULLIF(LEAST(m.phase_no, 7), 0)] AS actual_phase, round(m.progress::numeric, 1)::float8 AS actual_progress_pct,
       CASE WHEN m.planned_progress_pct IS NOT NULL THEN greatest(m.planned_progress_pct - m.progress, 0)::float8 END AS behind_pct,
       CASE WHEN m.planned_phase IS NOT NULL
            THEN greatest(array_position(${PHASE_ARRAY}, m.planned_phase) - m.phase_no, 0) END AS phases_behind,
       m.synthetic
FROM measured m
LEFT JOIN estates e ON e.id = m.estate_ref
LEFT JOIN projects pj ON pj.id = COALESCE(m.project_ref, e.project_id)
-- Who answers: the estate's own line, or for a project its first estate's.
JOIN LATERAL (
  SELECT s.district_name, s.street_name, s.unit, s.person_in_charge, s.leader FROM scope s
  WHERE s.id = m.estate_ref OR (m.estate_ref IS NULL AND s.project_id = m.project_ref)
  ORDER BY s.id LIMIT 1
) who ON true
WHERE (m.planned_progress_pct IS NOT NULL AND m.progress < m.planned_progress_pct)
   OR (m.planned_phase IS NOT NULL AND m.phase_no < array_position(${PHASE_ARRAY}, m.planned_phase))
ORDER BY who.unit, COALESCE(m.planned_progress_pct - m.progress, 0) DESC, m.estate_ref, m.project_ref`;
