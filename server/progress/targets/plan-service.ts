import type { Database, Queryable } from '../../db/engine.ts';
import { currentActor } from '../../auth/audited-db.ts';
import { HttpError } from '../../http/errors.ts';
import { bumpGoalVersion, goalVersion, lockGoalVersion } from '../../plans/goal-versions.ts';
import { requirePlan, type PlanRow } from '../../plans/plan-row.ts';
import type { ImportedTarget, ListChanges, PlanTarget, TargetItem, TargetsImportResponse, TargetsResponse, TargetsSaved } from '../../../shared/milestones/contract.ts';
import { readTargetsTable, TargetsTableError } from '../../plans/table/targets-table.ts';

const targetsOfPlanSql = `
  SELECT t.id, t.region_code AS "regionCode", g.name AS "regionName", t.year, t.metric, t.value::float8 AS value, t.unit,
         t.responsible_unit AS "responsibleUnit", to_char(t.due_on, 'YYYY-MM-DD') AS "dueOn", t.source
  FROM targets t JOIN regions g ON g.code = t.region_code
  WHERE t.plan_id = $1
  ORDER BY t.region_code, t.id`;

export async function getTargets(db: Queryable, planId: number): Promise<TargetsResponse> {
  await requirePlan(db, planId);
  const { version, updatedAt } = await goalVersion(db, planId, 'targets');
  return { planId, version, updatedAt, targets: await db.query<PlanTarget>(targetsOfPlanSql, [planId]) };
}

async function requireTargetsVersion(tx: Queryable, planId: number, sent: number): Promise<number> {
  const version = await lockGoalVersion(tx, planId, 'targets');
  if (version !== sent) {
    throw new HttpError(409, 'stale_version', `The targets of plan ${planId} were saved by someone else (version ${version}, you sent ${sent}): reload them and apply your change again`, {
      current: await getTargets(tx, planId),
    });
  }
  return version;
}

interface Resolved {
  id?: number;
  regionCode: string;
  year: number;
  metric: string;
  value: number;
  unit: string;
  responsibleUnit: string | null;
  dueOn: string | null;
  source?: string;
}

/**
 * Checks a whole list against the plan: each region is the plan's or within it, the year is the
 * plan's (a target is measured against this plan), one target per region and metric, and no other
 * plan already holds the same region, year and metric. 422 naming each item otherwise.
 */
async function checkList(tx: Queryable, plan: PlanRow, items: Resolved[], where: (i: number) => string): Promise<void> {
  const problems: { parameter: string; message: string }[] = [];
  const codes = [...new Set(items.map((t) => t.regionCode))];
  const known = new Set((await tx.query<{ code: string }>(`SELECT code FROM regions WHERE code = ANY($1::text[])`, [codes])).map((r) => r.code));
  const seen = new Map<string, number>();
  items.forEach((t, i) => {
    if (!known.has(t.regionCode)) problems.push({ parameter: where(i), message: `region ${t.regionCode} does not exist` });
    else if (!t.regionCode.startsWith(plan.region_code)) problems.push({ parameter: where(i), message: `region ${t.regionCode} is not within the plan's region ${plan.region_code}` });
    if (t.year !== plan.year) problems.push({ parameter: where(i), message: `year ${t.year} is not the plan's year ${plan.year}: a target is measured against its plan` });
    const key = `${t.regionCode}/${t.metric}`;
    if (seen.has(key)) problems.push({ parameter: where(i), message: `a second ${t.metric} target for region ${t.regionCode} (first at ${where(seen.get(key)!)})` });
    seen.set(key, i);
  });
  if (!problems.length) {
    const clash = await tx.query<{ region_code: string; metric: string; slug: string | null }>(
      `SELECT t.region_code, t.metric, p.slug FROM targets t LEFT JOIN plans p ON p.id = t.plan_id
       WHERE t.plan_id IS DISTINCT FROM $1 AND t.year = $2 AND (t.region_code || '/' || t.metric) = ANY($3::text[])`,
      [plan.id, plan.year, [...seen.keys()]],
    );
    for (const c of clash) {
      problems.push({
        parameter: where(seen.get(`${c.region_code}/${c.metric}`)!),
        message: `${c.metric} for region ${c.region_code} in ${plan.year} is already a target of ${c.slug ? `plan ${c.slug}` : 'no plan'}`,
      });
    }
  }
  if (problems.length) {
    throw new HttpError(422, 'invalid_targets', `The targets were refused, nothing was saved: ${problems.slice(0, 3).map((p) => `${p.parameter}: ${p.message}`).join('; ')}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}`, problems);
  }
}

const byWhom = () => currentActor()?.username ?? 'unknown';

const same = (a: PlanTarget, b: Resolved) =>
  a.regionCode === b.regionCode && a.year === b.year && a.metric === b.metric && a.value === b.value && a.unit === b.unit &&
  a.responsibleUnit === b.responsibleUnit && a.dueOn === b.dueOn && (b.source === undefined || b.source === a.source);

/** Writes the difference between the plan's targets now and `items` (rows removed first: a key may move). */
async function apply(tx: Queryable, planId: number, now: PlanTarget[], items: Resolved[], removed: number[], fallbackSource: (t: Resolved, isNew: boolean) => string): Promise<ListChanges> {
  const changes: ListChanges = { added: 0, updated: 0, removed: removed.length };
  if (removed.length) await tx.query(`DELETE FROM targets WHERE id = ANY($1::int[])`, [removed]);
  const byId = new Map(now.map((t) => [t.id, t]));
  for (const t of items) {
    const values = [t.regionCode, t.year, t.metric, t.value, t.unit, t.responsibleUnit, t.dueOn];
    if (t.id !== undefined) {
      if (same(byId.get(t.id)!, t)) continue;
      await tx.query(
        `UPDATE targets SET region_code = $2, year = $3, metric = $4, value = $5, unit = $6, responsible_unit = $7, due_on = $8, source = $9 WHERE id = $1`,
        [t.id, ...values, t.source ?? fallbackSource(t, false)],
      );
      changes.updated++;
    } else {
      await tx.query(
        `INSERT INTO targets (plan_id, region_code, year, metric, value, unit, responsible_unit, due_on, source) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [planId, ...values, t.source ?? fallbackSource(t, true)],
      );
      changes.added++;
    }
  }
  if (changes.added + changes.updated + changes.removed > 0) await bumpGoalVersion(tx, planId, 'targets');
  return changes;
}

/** Saves the plan's whole target list at the version read (like the milestones). */
export async function putTargets(db: Database, planId: number, body: { version: number; targets: TargetItem[] }): Promise<TargetsSaved> {
  return db.transaction(async (tx) => {
    const plan = await requirePlan(tx, planId, 'share');
    await requireTargetsVersion(tx, planId, body.version);
    const now = (await getTargets(tx, planId)).targets;
    const ids = new Set(now.map((t) => t.id));
    const seen = new Set<number>();
    const idProblems: { parameter: string; message: string }[] = [];
    body.targets.forEach((t, i) => {
      if (t.id === undefined) return;
      if (!ids.has(t.id)) idProblems.push({ parameter: `targets.${i}.id`, message: `${t.id} is not a target of plan ${planId}: leave id out for a new one` });
      else if (seen.has(t.id)) idProblems.push({ parameter: `targets.${i}.id`, message: `target ${t.id} is in the list twice` });
      seen.add(t.id);
    });
    if (idProblems.length) throw new HttpError(422, 'unknown_target', `${idProblems[0]!.parameter}: ${idProblems[0]!.message}`, idProblems);
    const items: Resolved[] = body.targets.map((t) => ({
      id: t.id, regionCode: t.regionCode, year: t.year ?? plan.year, metric: t.metric, value: t.value, unit: t.unit,
      responsibleUnit: t.responsibleUnit ?? null, dueOn: t.dueOn ?? null, source: t.source,
    }));
    await checkList(tx, plan, items, (i) => `targets.${i}`);
    const who = byWhom();
    const changes = await apply(tx, planId, now, items, now.filter((t) => !seen.has(t.id)).map((t) => t.id), (_t, isNew) => `${isNew ? 'entered' : 'edited'} in the app by ${who}`);
    return { ...(await getTargets(tx, planId)), changes };
  });
}

/**
 * A targets table (Haimen's layout) replaces the plan's targets: a row for a region and metric the
 * plan has updates that target, new ones are added, targets the table no longer has are removed.
 */
export async function importTargets(db: Database, planId: number, req: { fileName: string; grid: string[][]; preview: boolean; version?: number }): Promise<TargetsImportResponse> {
  if (!req.preview && req.version === undefined) {
    throw new HttpError(400, 'bad_request', 'version: send the version of the targets you read (GET /api/plans/:id/targets), or preview=true to see what the table holds', [
      { parameter: 'version', message: 'is required to confirm an import' },
    ]);
  }
  let rows: ReturnType<typeof readTargetsTable>;
  try {
    rows = readTargetsTable(req.grid);
  } catch (e) {
    if (!(e instanceof TargetsTableError)) throw e;
    throw new HttpError(422, 'invalid_targets_table', `${req.fileName}: the targets table was rejected, nothing was imported: ${e.message}`, { problems: e.problems });
  }
  return db.transaction(async (tx) => {
    const plan = await requirePlan(tx, planId, 'share');
    const version = req.preview ? (await goalVersion(tx, planId, 'targets')).version : await requireTargetsVersion(tx, planId, req.version!);
    const regions = await resolveRegions(tx, plan, rows);
    const now = (await getTargets(tx, planId)).targets;
    const byKey = new Map(now.map((t) => [`${t.regionCode}/${t.metric}`, t]));
    const source = (row: number) => `import: ${req.fileName}, row ${row}`;
    const items: (Resolved & { row: number })[] = rows.map((r, i) => {
      const regionCode = regions[i]!;
      const existing = byKey.get(`${regionCode}/${r.metric}`);
      return {
        id: existing?.id, row: r.row, regionCode, year: plan.year, metric: r.metric, value: r.value, unit: r.unit,
        responsibleUnit: r.responsibleUnit, dueOn: r.dueOn, source: source(r.row),
      };
    });
    await checkList(tx, plan, items, (i) => `row ${items[i]!.row}`);
    const names = new Map((await tx.query<{ code: string; name: string }>(`SELECT code, name FROM regions WHERE code = ANY($1::text[])`, [regions])).map((r) => [r.code, r.name]));
    const targets: ImportedTarget[] = items.map((t) => ({
      row: t.row, regionCode: t.regionCode, regionName: names.get(t.regionCode)!, year: t.year, metric: t.metric, value: t.value, unit: t.unit,
      responsibleUnit: t.responsibleUnit, dueOn: t.dueOn, source: t.source!,
    }));
    // Kept: the same figures (the source may differ); everything else is written.
    const unchanged = (t: (typeof items)[number]) => t.id !== undefined && same(now.find((x) => x.id === t.id)!, { ...t, source: undefined });
    const matched = new Set(items.map((t) => t.id).filter((x) => x !== undefined));
    const removed = now.filter((t) => !matched.has(t.id));
    const added = targets.filter((_t, i) => items[i]!.id === undefined);
    const kept = items.filter(unchanged).length;
    const changed = items.filter((t) => t.id !== undefined && !unchanged(t)).length;
    const any = added.length + removed.length + changed > 0;
    const response: TargetsImportResponse = {
      planId, version, nextVersion: any ? version + 1 : version, applied: !req.preview, targets, kept, changed, added, removed, warnings: [],
    };
    if (req.preview) return response;
    await apply(tx, planId, now, items.filter((t) => !unchanged(t)), removed.map((t) => t.id), (t) => t.source!);
    return response;
  });
}

/** The region of each row: the plan's when blank, else a code or a name within the plan's region. */
async function resolveRegions(tx: Queryable, plan: PlanRow, rows: { row: number; region: string | null }[]): Promise<string[]> {
  const problems: { row: number; column: string; reason: string }[] = [];
  const out: string[] = [];
  for (const r of rows) {
    if (!r.region) {
      out.push(plan.region_code);
      continue;
    }
    const found = await tx.query<{ code: string; name: string }>(
      `SELECT code, name FROM regions WHERE left(code, length($2::text)) = $2::text AND (code = $1 OR name = $1 OR name = $1 || '街道') ORDER BY code`,
      [r.region, plan.region_code],
    );
    if (found.length === 1) out.push(found[0]!.code);
    else {
      problems.push({ row: r.row, column: '地区', reason: found.length ? `"${r.region}" is ambiguous: ${found.map((f) => `${f.name} ${f.code}`).join(', ')}; write the code` : `no region "${r.region}" within the plan's region ${plan.region_code}` });
      out.push('');
    }
  }
  if (problems.length) throw new HttpError(422, 'invalid_targets_table', `The targets table was rejected, nothing was imported: ${problems.map((p) => `row ${p.row}, ${p.column}: ${p.reason}`).join('; ')}`, { problems });
  return out;
}
