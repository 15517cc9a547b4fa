import type { Database, Queryable } from '../db/engine.ts';
import { currentActor } from '../auth/audited-db.ts';
import { HttpError } from '../http/errors.ts';
import { bumpGoalVersion, goalVersion, lockGoalVersion } from '../plans/goal-versions.ts';
import { requirePlan } from '../plans/plan-row.ts';
import { PHASE_LABELS } from '../../shared/phases.ts';
import {
  milestoneDueOn, type ListChanges, type MilestoneItem, type MilestonesResponse, type MilestonesSaved, type PlanMilestone,
} from '../../shared/milestones/contract.ts';
import { regressions, type Scheduled } from '../../shared/milestones/schedule.ts';
import { milestonesSql, type MilestoneSqlRow } from './sql.ts';

const toMilestone = (r: MilestoneSqlRow): PlanMilestone => ({
  id: r.id, year: r.year, quarter: r.quarter, dueOn: milestoneDueOn(r.year, r.quarter), estateId: r.estate_id, estateName: r.estate_name,
  projectId: r.project_id, projectName: r.project_name, phase: r.phase, progressPct: r.progress_pct, description: r.description, source: r.source,
});

export async function getMilestones(db: Queryable, planId: number): Promise<MilestonesResponse> {
  await requirePlan(db, planId);
  const { version, updatedAt } = await goalVersion(db, planId, 'milestones');
  const rows = await db.query<MilestoneSqlRow>(milestonesSql, [planId]);
  return { planId, version, updatedAt, milestones: rows.map(toMilestone) };
}

/** 409 with the list as it is now when the version sent is not the stored one. */
export async function requireMilestonesVersion(tx: Queryable, planId: number, sent: number): Promise<number> {
  const version = await lockGoalVersion(tx, planId, 'milestones');
  if (version !== sent) {
    throw new HttpError(409, 'stale_version', `The milestones of plan ${planId} were saved by someone else (version ${version}, you sent ${sent}): reload them and apply your change again`, {
      current: await getMilestones(tx, planId),
    });
  }
  return version;
}

/** Who answers for a change, for the source of new or changed milestones (the audit trail has the rest). */
const byWhom = () => currentActor()?.username ?? 'unknown';

type Named = Scheduled & { estateName?: string | null; projectName?: string | null };
const label = (m: Named) =>
  m.estateId !== null ? `estate ${m.estateId}${m.estateName ? ` (${m.estateName})` : ''}` : `project ${m.projectId}${m.projectName ? ` (${m.projectName})` : ''}`;
const plans = (m: Scheduled, what: 'phase' | 'progressPct') =>
  what === 'phase' ? `${PHASE_LABELS[m.phase!].zh} (${m.phase})` : `${m.progressPct}%`;

/** 422 when a later quarter plans less than an earlier one for the same estate or project. */
export function refuseRegressions<T extends Named>(list: T[], where: (m: T) => string): void {
  const found = regressions(list);
  if (!found.length) return;
  const problems = found.map((r) => ({
    at: where(r.later),
    reason: `${label(r.later)}: ${r.later.year} Q${r.later.quarter} plans ${plans(r.later, r.what)}, less than ${plans(r.earlier, r.what)} planned for ${r.earlier.year} Q${r.earlier.quarter} (${where(r.earlier)})`,
  }));
  throw new HttpError(422, 'milestones_regress', `A later quarter plans less than an earlier one: ${problems.slice(0, 3).map((p) => `${p.at}: ${p.reason}`).join('; ')}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}`, {
    problems,
  });
}

/** 422 naming each item whose estate or project is not the plan's. */
async function requireOwnTargets(tx: Queryable, planId: number, items: MilestoneItem[]): Promise<Map<number, string>> {
  const estateIds = [...new Set(items.map((m) => m.estateId).filter((x): x is number => x != null))];
  const projectIds = [...new Set(items.map((m) => m.projectId).filter((x): x is number => x != null))];
  const estates = new Map(
    (await tx.query<{ id: number; name: string }>(`SELECT id, name FROM estates WHERE plan_id = $1 AND id = ANY($2::int[])`, [planId, estateIds])).map((r) => [r.id, r.name]),
  );
  const projects = new Set(
    (await tx.query<{ id: number }>(`SELECT id FROM projects WHERE plan_id = $1 AND id = ANY($2::int[])`, [planId, projectIds])).map((r) => r.id),
  );
  const problems: { parameter: string; message: string }[] = [];
  items.forEach((m, i) => {
    if (m.estateId != null && !estates.has(m.estateId)) problems.push({ parameter: `milestones.${i}.estateId`, message: `estate ${m.estateId} is not an estate of plan ${planId}` });
    if (m.projectId != null && !projects.has(m.projectId)) problems.push({ parameter: `milestones.${i}.projectId`, message: `project ${m.projectId} is not a project of plan ${planId}` });
  });
  if (problems.length) {
    throw new HttpError(422, 'not_in_plan', `Milestones must be for the plan's own estates and projects: ${problems.slice(0, 3).map((p) => `${p.parameter}: ${p.message}`).join('; ')}`, problems);
  }
  return estates;
}

interface Row {
  id: number;
  year: number;
  quarter: number;
  estate_id: number | null;
  project_id: number | null;
  phase: string | null;
  progress_pct: number | null;
  description: string | null;
  source: string;
}

const sameContent = (r: Row, m: MilestoneItem) =>
  r.year === m.year && r.quarter === m.quarter && r.estate_id === (m.estateId ?? null) && r.project_id === (m.projectId ?? null) &&
  r.phase === (m.phase ?? null) && r.progress_pct === (m.progressPct ?? null) && r.description === (m.description ?? null) &&
  (m.source === undefined || m.source === r.source);

/**
 * Saves the plan's whole milestone list at the version read: items with an id keep their row (and
 * are updated when changed), items without one are added, rows missing from the list are removed.
 * Only real changes are written, so the audit trail shows what changed; the version moves when
 * anything did.
 */
export async function putMilestones(db: Database, planId: number, body: { version: number; milestones: MilestoneItem[] }): Promise<MilestonesSaved> {
  return db.transaction(async (tx) => {
    await requirePlan(tx, planId, 'share');
    await requireMilestonesVersion(tx, planId, body.version);
    const names = await requireOwnTargets(tx, planId, body.milestones);
    const current = await tx.query<Row>(
      `SELECT id, year, quarter, estate_id, project_id, planned_phase AS phase, planned_progress_pct::float8 AS progress_pct, description, source
       FROM milestones WHERE plan_id = $1`,
      [planId],
    );
    const byId = new Map(current.map((r) => [r.id, r]));
    const seen = new Set<number>();
    const idProblems: { parameter: string; message: string }[] = [];
    body.milestones.forEach((m, i) => {
      if (m.id === undefined) return;
      if (!byId.has(m.id)) idProblems.push({ parameter: `milestones.${i}.id`, message: `${m.id} is not a milestone of plan ${planId}: leave id out for a new one` });
      else if (seen.has(m.id)) idProblems.push({ parameter: `milestones.${i}.id`, message: `milestone ${m.id} is in the list twice` });
      seen.add(m.id);
    });
    if (idProblems.length) throw new HttpError(422, 'unknown_milestone', `${idProblems[0]!.parameter}: ${idProblems[0]!.message}`, idProblems);
    refuseRegressions(
      body.milestones.map((m, i) => ({
        index: i, estateId: m.estateId ?? null, projectId: m.projectId ?? null, year: m.year, quarter: m.quarter, phase: m.phase ?? null,
        progressPct: m.progressPct ?? null, estateName: m.estateId != null ? names.get(m.estateId) : null,
      })),
      (m) => `milestones.${m.index}`,
    );

    const changes: ListChanges = { added: 0, updated: 0, removed: 0 };
    const removed = current.filter((r) => !seen.has(r.id)).map((r) => r.id);
    if (removed.length) {
      await tx.query(`DELETE FROM milestones WHERE id = ANY($1::int[])`, [removed]);
      changes.removed = removed.length;
    }
    const who = byWhom();
    for (const m of body.milestones) {
      const values = [m.year, m.quarter, m.estateId ?? null, m.projectId ?? null, m.phase ?? null, m.progressPct ?? null, m.description ?? null];
      if (m.id !== undefined) {
        const r = byId.get(m.id)!;
        if (sameContent(r, m)) continue;
        await tx.query(
          `UPDATE milestones SET year = $2, quarter = $3, estate_id = $4, project_id = $5, planned_phase = $6, planned_progress_pct = $7,
             description = $8, source = $9 WHERE id = $1`,
          [m.id, ...values, m.source ?? `edited in the app by ${who}`],
        );
        changes.updated++;
      } else {
        await tx.query(
          `INSERT INTO milestones (plan_id, year, quarter, estate_id, project_id, planned_phase, planned_progress_pct, description, source)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [planId, ...values, m.source ?? `entered in the app by ${who}`],
        );
        changes.added++;
      }
    }
    if (changes.added + changes.updated + changes.removed > 0) await bumpGoalVersion(tx, planId, 'milestones');
    return { ...(await getMilestones(tx, planId)), changes };
  });
}
