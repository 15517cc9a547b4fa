import { newestReportOf } from '../newest-sql.ts';

const PHASE_ARRAY = `ARRAY['survey', 'design', 'mobilisation', 'demolition', 'construction', 'acceptance', 'maintenance']`;

/**
 * Targets (目标任务) of a region and year with what the plans hold and what reports show.
 * Parameters: $1 region or NULL, $2 year or NULL, $3 period or NULL (latest). An estate counts as
 * started once a report puts it in construction (项目建设) or later; when no report of the scope
 * gives a phase, "started" is unknown (NULL), not zero.
 */
export const targetsSql = `
SELECT t.id, t.region_code, g.name AS region_name, t.year, t.metric, t.unit, t.value::float8 AS target,
       t.responsible_unit, to_char(t.due_on, 'YYYY-MM-DD') AS due_on, t.source,
       a.estates, a.households, a.floor_area, a.completed, a.completed_households, a.completed_area,
       a.started, a.started_area, p.units_started, p.units_built, p.micro_projects
FROM targets t
JOIN regions g ON g.code = t.region_code
CROSS JOIN LATERAL (
  SELECT count(*)::int AS estates, sum(e.households)::int AS households, sum(e.floor_area_m2)::float8 AS floor_area,
         (count(*) FILTER (WHERE l.completed))::int AS completed,
         (sum(e.households) FILTER (WHERE l.completed))::int AS completed_households,
         (sum(e.floor_area_m2) FILTER (WHERE l.completed))::float8 AS completed_area,
         CASE WHEN count(l.phase) > 0 THEN (count(*) FILTER (WHERE l.started))::int END AS started,
         CASE WHEN count(l.phase) > 0 THEN (sum(e.floor_area_m2) FILTER (WHERE l.started))::float8 END AS started_area
  FROM estates e
  JOIN plans pl ON pl.id = e.plan_id
  LEFT JOIN LATERAL (
    SELECT r.phase, COALESCE(r.completed, false) AS completed,
           COALESCE(r.completed, false) OR COALESCE(array_position(${PHASE_ARRAY}, r.phase) >= 5, false) AS started
    FROM (${newestReportOf('e.id', ['phase', 'completed'], '$3::text')}) r
  ) l ON true
  WHERE pl.year = t.year AND left(e.street_code, length(t.region_code)) = t.region_code
) a
CROSS JOIN LATERAL (
  SELECT (sum(pj.units) FILTER (WHERE pj.kind = 'resettlement_start'))::int AS units_started,
         (sum(pj.units) FILTER (WHERE pj.kind = 'resettlement_built'))::int AS units_built,
         (count(*) FILTER (WHERE pj.kind = 'micro_renovation'))::int AS micro_projects
  FROM projects pj
  JOIN plans pl ON pl.id = pj.plan_id
  WHERE pl.year = t.year AND left(COALESCE(pj.district_code, pl.region_code), length(t.region_code)) = t.region_code
) p
WHERE ($1::text IS NULL OR t.region_code = $1::text) AND ($2::int IS NULL OR t.year = $2)
ORDER BY t.region_code, t.year, t.id`;

export interface TargetSqlRow {
  id: number;
  region_code: string;
  region_name: string;
  year: number;
  metric: string;
  unit: string;
  target: number;
  responsible_unit: string | null;
  due_on: string | null;
  source: string;
  estates: number;
  households: number | null;
  floor_area: number | null;
  completed: number;
  completed_households: number | null;
  completed_area: number | null;
  started: number | null;
  started_area: number | null;
  units_started: number | null;
  units_built: number | null;
  micro_projects: number;
}
