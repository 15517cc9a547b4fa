import type { Database, Queryable } from '../db/engine.ts';
import { HttpError } from '../http/errors.ts';
import { bumpGoalVersion, goalVersion } from '../plans/goal-versions.ts';
import { requirePlan } from '../plans/plan-row.ts';
import { AnnexError, readAnnex, type AnnexPlan } from '../plans/table/milestone-annex.ts';
import { milestoneDueOn, type ImportedMilestone, type MilestonesImportResponse, type PlanMilestone } from '../../shared/milestones/contract.ts';
import { refuseRegressions, requireMilestonesVersion, getMilestones } from './service.ts';
import { annexContextSql } from './sql.ts';

export interface MilestoneImport {
  fileName: string;
  grid: string[][];
  preview: boolean;
  version?: number;
}

/** The content a milestone is compared by (an import keeps rows whose content is unchanged). */
const contentKey = (m: Pick<PlanMilestone, 'year' | 'quarter' | 'estateId' | 'projectId' | 'phase' | 'progressPct' | 'description'>) =>
  JSON.stringify([m.year, m.quarter, m.estateId, m.projectId, m.phase, m.progressPct, m.description]);

async function read(tx: Queryable, planId: number, req: MilestoneImport): Promise<{ milestones: ImportedMilestone[]; warnings: MilestonesImportResponse['warnings'] }> {
  const plan = await requirePlan(tx, planId);
  const ctx: AnnexPlan = {
    year: plan.year,
    estates: await tx.query(annexContextSql.estates, [planId]),
    projects: await tx.query(annexContextSql.projects, [planId]),
    streets: (await tx.query<{ name: string }>(annexContextSql.streets, [planId, plan.region_code])).map((r) => r.name),
  };
  let result: ReturnType<typeof readAnnex>;
  try {
    result = readAnnex(req.grid, ctx);
  } catch (e) {
    if (!(e instanceof AnnexError)) throw e;
    const first = e.problems.slice(0, 3).map((p) => [p.row ? `row ${p.row}` : null, p.column, p.reason].filter(Boolean).join(', '));
    throw new HttpError(422, 'invalid_milestone_table', `${req.fileName}: the milestone table was rejected, nothing was imported: ${first.join('; ')}${e.problems.length > 3 ? ` (and ${e.problems.length - 3} more)` : ''}`, {
      problems: e.problems,
    });
  }
  const estateName = new Map(ctx.estates.map((e) => [e.id, e.name]));
  const projectName = new Map(ctx.projects.map((p) => [p.id, p.name]));
  const milestones = result.milestones.map((m): ImportedMilestone => ({
    year: m.year, quarter: m.quarter, dueOn: milestoneDueOn(m.year, m.quarter), estateId: m.estateId, estateName: m.estateId !== null ? estateName.get(m.estateId)! : null,
    projectId: m.projectId, projectName: m.projectId !== null ? projectName.get(m.projectId)! : null, phase: m.phase, progressPct: m.progressPct,
    description: m.description, source: `import: ${req.fileName}, row ${m.row}, ${m.column}`, row: m.row, column: m.column,
  }));
  refuseRegressions(milestones, (m) => `row ${m.row}, ${m.column}`);
  return { milestones, warnings: result.warnings };
}

/**
 * A milestone table replaces the plan's milestones: preview (nothing written) lists what it reads
 * and how it differs from the milestones now; the confirm, at the version read, removes the
 * milestones the table no longer has and adds the new ones in one transaction (unchanged ones keep
 * their row).
 */
export async function importMilestones(db: Database, planId: number, req: MilestoneImport): Promise<MilestonesImportResponse> {
  const diff = async (tx: Queryable, read: ImportedMilestone[]) => {
    const now = (await getMilestones(tx, planId)).milestones;
    const pool = new Map<string, PlanMilestone[]>();
    for (const m of now) pool.set(contentKey(m), [...(pool.get(contentKey(m)) ?? []), m]);
    const added: ImportedMilestone[] = [];
    let kept = 0;
    for (const m of read) {
      const match = pool.get(contentKey(m))?.shift();
      if (match) kept++;
      else added.push(m);
    }
    return { kept, added, removed: [...pool.values()].flat() };
  };
  if (!req.preview && req.version === undefined) {
    throw new HttpError(400, 'bad_request', 'version: send the version of the milestones you read (GET /api/plans/:id/milestones), or preview=true to see what the table holds', [
      { parameter: 'version', message: 'is required to confirm an import' },
    ]);
  }
  return db.transaction(async (tx) => {
    await requirePlan(tx, planId, 'share');
    const version = req.preview ? (await goalVersion(tx, planId, 'milestones')).version : await requireMilestonesVersion(tx, planId, req.version!);
    const { milestones, warnings } = await read(tx, planId, req);
    const d = await diff(tx, milestones);
    const changed = d.added.length + d.removed.length > 0;
    const response = { planId, version, nextVersion: changed ? version + 1 : version, applied: !req.preview, milestones, ...d, warnings };
    if (req.preview) return response;
    if (d.removed.length) await tx.query(`DELETE FROM milestones WHERE id = ANY($1::int[])`, [d.removed.map((m) => m.id)]);
    for (const m of d.added) {
      await tx.query(
        `INSERT INTO milestones (plan_id, year, quarter, estate_id, project_id, planned_phase, planned_progress_pct, description, source)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [planId, m.year, m.quarter, m.estateId, m.projectId, m.phase, m.progressPct, m.description, m.source],
      );
    }
    if (changed) await bumpGoalVersion(tx, planId, 'milestones');
    return response;
  });
}
