import type { Queryable } from '../../db/engine.ts';
import { requireRegion } from '../../regions/service.ts';
import type { TargetRow } from '../../../shared/progress/contract.ts';
import { targetsSql, type TargetSqlRow } from './sql.ts';

/** Which plan figure and which reported figure answer each target metric. */
const MEASURES: Record<string, (r: TargetSqlRow) => { planned: number | null; actual: number | null }> = {
  estates_started: (r) => ({ planned: r.estates, actual: r.started }),
  estates_completed: (r) => ({ planned: r.estates, actual: r.completed }),
  households: (r) => ({ planned: r.households, actual: r.households === null ? null : r.completed_households ?? 0 }),
  floor_area_started_m2: (r) => ({ planned: r.floor_area, actual: r.started_area }),
  floor_area_completed_m2: (r) => ({ planned: r.floor_area, actual: r.floor_area === null ? null : r.completed_area ?? 0 }),
  // Resettlement housing and micro-renovations are not reported monthly here: no actual figure.
  resettlement_units_started: (r) => ({ planned: r.units_started, actual: null }),
  resettlement_units_built: (r) => ({ planned: r.units_built, actual: null }),
  micro_renovation_completed: (r) => ({ planned: r.micro_projects || null, actual: null }),
};

export async function targets(db: Queryable, q: { region?: string; year?: number; period?: string }): Promise<{ targets: TargetRow[] }> {
  if (q.region) await requireRegion(db, q.region, 'region');
  const rows = await db.query<TargetSqlRow>(targetsSql, [q.region ?? null, q.year ?? null, q.period ?? null]);
  return {
    targets: rows.map((r) => ({
      id: r.id,
      regionCode: r.region_code,
      regionName: r.region_name,
      year: r.year,
      metric: r.metric,
      unit: r.unit,
      target: r.target,
      ...(MEASURES[r.metric]?.(r) ?? { planned: null, actual: null }),
      responsibleUnit: r.responsible_unit,
      dueOn: r.due_on,
      source: r.source,
    })),
  };
}
