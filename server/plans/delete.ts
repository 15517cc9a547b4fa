import type { Database } from '../db/engine.ts';
import { HttpError } from '../http/errors.ts';
import { refreshOutlineSql } from '../zones/store.ts';
import type { PlanDeleted } from '../../shared/plans/contract.ts';
import { requirePlan } from './plan-row.ts';

/**
 * Deletes a plan with everything that is only the plan's: its estates (their buildings, reports,
 * red-line history, milestones), projects, responsibilities, stated figures, milestones, targets
 * and goal versions, in one transaction; each row goes through the audit triggers. Zones: a zone
 * whose estates were all in the plan is deleted; a zone that also holds other plans' estates keeps
 * those, with its outline drawn again from them and its version bumped. Regions (communities the
 * plan's import created included) and pipeline works stay; a work tied to a deleted estate or
 * project loses that link.
 */
export async function deletePlan(db: Database, id: number, q: { confirm?: string; force?: 'true' | 'false' }): Promise<PlanDeleted> {
  return db.transaction(async (tx) => {
    const plan = await requirePlan(tx, id, 'update');
    if (q.confirm !== plan.slug) {
      throw new HttpError(
        400,
        'confirmation_required',
        `Deleting plan ${plan.id} (${plan.title}) removes its estates, projects, buildings, reports, milestones and targets: send confirm=${plan.slug} to confirm`,
        [{ parameter: 'confirm', message: `must be the plan's slug, ${plan.slug}` }],
      );
    }
    const [counts] = await tx.query<{ estates: number; projects: number; buildings: number; reports: number; reported: number; milestones: number; targets: number }>(
      `SELECT (SELECT count(*) FROM estates WHERE plan_id = $1)::int AS estates,
              (SELECT count(*) FROM projects WHERE plan_id = $1)::int AS projects,
              (SELECT count(*) FROM buildings b JOIN estates e ON e.id = b.estate_id WHERE e.plan_id = $1)::int AS buildings,
              (SELECT count(*) FROM progress_reports r JOIN estates e ON e.id = r.estate_id WHERE e.plan_id = $1)::int AS reports,
              (SELECT count(DISTINCT r.estate_id) FROM progress_reports r JOIN estates e ON e.id = r.estate_id WHERE e.plan_id = $1)::int AS reported,
              (SELECT count(*) FROM milestones WHERE plan_id = $1)::int AS milestones,
              (SELECT count(*) FROM targets WHERE plan_id = $1)::int AS targets`,
      [id],
    );
    const c = counts!;
    if (c.reports > 0 && q.force !== 'true') {
      throw new HttpError(
        409,
        'plan_has_reports',
        `Plan ${plan.slug} has ${c.reports} progress reports for ${c.reported} of its ${c.estates} estates; nothing was deleted. Send force=true to delete them with the plan`,
        { reports: c.reports, estatesReported: c.reported },
      );
    }
    const zones = await tx.query<{ id: number; name: string; others: number; gap: number }>(
      `SELECT z.id, z.name, z.gap_meters::float8 AS gap, (count(*) FILTER (WHERE e.plan_id <> $1))::int AS others
       FROM zones z JOIN zone_estates ze ON ze.zone_id = z.id JOIN estates e ON e.id = ze.estate_id
       WHERE z.id IN (SELECT ze2.zone_id FROM zone_estates ze2 JOIN estates e2 ON e2.id = ze2.estate_id WHERE e2.plan_id = $1)
       GROUP BY z.id ORDER BY z.id`,
      [id],
    );
    const emptied = zones.filter((z) => z.others === 0);
    if (emptied.length) await tx.query(`DELETE FROM zones WHERE id = ANY($1::int[])`, [emptied.map((z) => z.id)]);
    // Estates first (buildings, reports, milestones, zone links and red-line history go with them),
    // then the plan (projects, responsibilities, figures, milestones, targets, goal versions).
    await tx.query(`DELETE FROM estates WHERE plan_id = $1`, [id]);
    await tx.query(`DELETE FROM plans WHERE id = $1`, [id]);
    const changed = zones.filter((z) => z.others > 0);
    for (const z of changed) {
      await tx.query(
        `UPDATE zones SET version = version + 1, updated_at = now(),
           district_code = (SELECT CASE WHEN count(DISTINCT e.district_code) = 1 THEN min(e.district_code) END
                            FROM zone_estates ze JOIN estates e ON e.id = ze.estate_id WHERE ze.zone_id = $1)
         WHERE id = $1`,
        [z.id],
      );
      await tx.query(refreshOutlineSql, [z.id, z.gap]);
    }
    return {
      deleted: { id: plan.id, slug: plan.slug, title: plan.title },
      estates: c.estates,
      projects: c.projects,
      buildings: c.buildings,
      reports: c.reports,
      milestones: c.milestones,
      targets: c.targets,
      zonesDeleted: emptied.map((z) => ({ id: z.id, name: z.name })),
      zonesChanged: changed.map((z) => ({ id: z.id, name: z.name, estatesLeft: z.others })),
    };
  });
}
