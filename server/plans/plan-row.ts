import type { Queryable } from '../db/engine.ts';
import { HttpError } from '../http/errors.ts';

export interface PlanRow {
  id: number;
  slug: string;
  title: string;
  year: number;
  region_code: string;
}

/**
 * The plan or 404. `lock`: 'update' for deleting it; 'share' for editing what belongs to it, so
 * that a delete waits for the edit (and the edit for the delete) instead of racing it.
 */
export async function requirePlan(db: Queryable, id: number, lock?: 'share' | 'update'): Promise<PlanRow> {
  const [plan] = await db.query<PlanRow>(
    `SELECT id, slug, title, year, region_code FROM plans WHERE id = $1${lock === 'update' ? ' FOR UPDATE' : lock === 'share' ? ' FOR SHARE' : ''}`,
    [id],
  );
  if (!plan) throw new HttpError(404, 'not_found', `No plan ${id}`);
  return plan;
}
