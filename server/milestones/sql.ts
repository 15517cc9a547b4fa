import type { Phase } from '../../shared/phases.ts';

/** A plan's milestones, quarter by quarter: the plan's own descriptions first, then projects, then estates in table order. */
export const milestonesSql = `
  SELECT m.id, m.year, m.quarter, m.estate_id, e.name AS estate_name, m.project_id, pj.name AS project_name,
         m.planned_phase AS phase, m.planned_progress_pct::float8 AS progress_pct, m.description, m.source
  FROM milestones m
  LEFT JOIN estates e ON e.id = m.estate_id
  LEFT JOIN projects pj ON pj.id = m.project_id
  WHERE m.plan_id = $1
  ORDER BY m.year, m.quarter, (m.estate_id IS NOT NULL), (m.project_id IS NOT NULL) DESC, pj.seq NULLS LAST, e.seq NULLS LAST, e.id, m.id`;

export interface MilestoneSqlRow {
  id: number;
  year: number;
  quarter: number;
  estate_id: number | null;
  estate_name: string | null;
  project_id: number | null;
  project_name: string | null;
  phase: Phase | null;
  progress_pct: number | null;
  description: string | null;
  source: string;
}

/** What an import needs to read names: the plan's estates (with street and category), projects and streets. */
export const annexContextSql = {
  estates: `SELECT e.id, e.name, s.name AS "streetName", e.category, e.project_id AS "projectId"
            FROM estates e JOIN regions s ON s.code = e.street_code WHERE e.plan_id = $1 ORDER BY e.id`,
  projects: `SELECT id, name FROM projects WHERE plan_id = $1 ORDER BY id`,
  // Streets of the plan's region, and of the districts its estates are in.
  streets: `SELECT DISTINCT name FROM regions
            WHERE level = 'street' AND (left(code, length($2::text)) = $2::text
               OR parent_code IN (SELECT district_code FROM estates WHERE plan_id = $1))`,
};
