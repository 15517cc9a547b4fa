/**
 * A corrected plan table as the next version of the same plan (PUT /api/plans/:id/table). Preview
 * first (nothing written), then confirm at the version previewed. The rules (README, "Replace a
 * plan's table"):
 * - an estate of the plan is kept when the new table has a row of the same name in the same street
 *   and, when the table has a 社区 column, the same community. It keeps its id, red line,
 *   buildings, reports, zones and location; its figures, project and attributes become the new
 *   table's, and each changed field is listed;
 * - rows matching no estate are added; estates matching no row are removed on confirm, unless
 *   someone filed reports for them (422 naming them; reports the table itself made from its
 *   是否完工 column go with their row);
 * - projects the table made are matched by name: kept and updated, added, or removed (refused
 *   while they have milestones); projects made otherwise (a demonstration zone) are left alone;
 * - who answers for each street, the plan's stated figures, and the milestones and completion
 *   flags the table makes are replaced by the new table's (a completion flag becomes a new report
 *   revision only where no one filed a report for that month);
 * - the plan's version goes up by one; the table is kept as that version.
 */
import type { Database, Queryable } from '../../db/engine.ts';
import { HttpError } from '../../http/errors.ts';
import { requireRegion } from '../../regions/service.ts';
import type { TableGrid } from '../table/grid.ts';
import type { EstateRow, Problem, Warning } from '../table/parse.ts';
import type { TableFieldChange as FieldChange, TableReplacement, TableRowChange as RowChange } from '../../../shared/plans/contract.ts';
import { rejected, resolvePlaces } from '../import/places.ts';
import { formWarnings, previewOf, readPlanTable, recordTable } from '../import/service.ts';
import {
  estateValues, groupNames, insertEstate, insertProject, insertResponsibilities, insertStatedFigures,
  insertTableMilestones, insertTableReport, projectValues,
} from '../import/write.ts';

export interface ReimportRequest {
  planId: number;
  fileName: string;
  grid: TableGrid;
  confirm: boolean;
  /** The plan's version the caller read; required to confirm. */
  version?: number;
}

interface PlanRow {
  id: number;
  slug: string;
  region_code: string;
  year: number;
  version: number;
  source: string;
  as_of: string | null;
  updated_at: string;
}

interface ExistingEstate {
  id: number;
  name: string;
  street_code: string;
  street_name: string;
  community_code: string | null;
  community_name: string | null;
  project_id: number | null;
  project_name: string | null;
  project_from_table: boolean | null;
  seq: number | null;
  households: number | null;
  building_count: number | null;
  floor_area_m2: string | null;
  planned_investment_wan: string | null;
  completed_investment_wan: string | null;
  content_items: string[];
  category: string | null;
  attributes: { name: string; value: string }[];
  reports: number;
  milestones: number;
  placed: boolean;
  zones: string[];
  quarters: Record<string, string> | null;
}

export async function reimportTable(db: Database, req: ReimportRequest): Promise<TableReplacement> {
  if (req.confirm && req.version === undefined) {
    throw new HttpError(400, 'bad_request', 'version: send the version of the plan you previewed to confirm', [{ parameter: 'version', message: 'is required with confirm=true' }]);
  }
  if (!req.confirm) return previewOf(db, (tx) => replace(tx, req));
  return db.transaction(async (tx) => ({ ...(await replace(tx, req)), applied: true as const }));
}

const tableMade = (planSource: string) => `${planSource}, row `;

async function replace(tx: Queryable, req: ReimportRequest): Promise<TableReplacement> {
  const [plan] = await tx.query<PlanRow>(
    `SELECT id, slug, region_code, year, version, source, to_char(as_of, 'YYYY-MM-DD') AS as_of, updated_at::text
     FROM plans WHERE id = $1 FOR UPDATE`,
    [req.planId],
  );
  if (!plan) throw new HttpError(404, 'not_found', `No plan ${req.planId}`);
  if (req.version !== undefined && req.version !== plan.version) {
    throw new HttpError(409, 'stale_version', `Plan ${plan.slug} is at version ${plan.version}, not ${req.version}: its table was replaced since you read it; preview again`, {
      current: { version: plan.version, updatedAt: plan.updated_at },
    });
  }
  const table = readPlanTable(req.grid);
  const region = await requireRegion(tx, plan.region_code, 'region');
  const asOf = table.asOf ?? plan.as_of;
  if (table.columns.includes('completed') && !asOf) {
    throw rejected([{ row: null, column: '是否完工', reason: 'completion flags need the date they describe: add 填报日期 above the header' }]);
  }
  const places = await resolvePlaces(tx, region, table);
  const nextVersion = plan.version + 1;
  const source = `import: ${req.fileName} (version ${nextVersion})`;
  const oldMade = tableMade(plan.source);
  const warnings: Warning[] = [...table.warnings, ...formWarnings(table, plan.year, undefined)];

  const existing = await tx.query<ExistingEstate>(
    `SELECT e.id, e.name, e.street_code, st.name AS street_name, e.community_code, cm.name AS community_name,
            e.project_id, pj.name AS project_name, pj.from_table AS project_from_table, e.seq, e.households, e.building_count,
            e.floor_area_m2::text, e.planned_investment_wan::text, e.completed_investment_wan::text,
            e.content_items, e.category, e.attributes,
            (SELECT count(*)::int FROM progress_reports r WHERE r.estate_id = e.id AND NOT starts_with(r.source, $2)) AS reports,
            (SELECT count(*)::int FROM milestones m WHERE m.estate_id = e.id AND NOT starts_with(m.source, $2)) AS milestones,
            (e.geom IS NOT NULL OR e.location IS NOT NULL) AS placed,
            COALESCE((SELECT array_agg(z.name ORDER BY z.id) FROM zone_estates ze JOIN zones z ON z.id = ze.zone_id WHERE ze.estate_id = e.id), '{}') AS zones,
            (SELECT jsonb_object_agg(m.description, m.year || 'Q' || m.quarter) FROM milestones m
             WHERE m.estate_id = e.id AND starts_with(m.source, $2)) AS quarters
     FROM estates e
     JOIN regions st ON st.code = e.street_code
     LEFT JOIN regions cm ON cm.code = e.community_code
     LEFT JOIN projects pj ON pj.id = e.project_id
     WHERE e.plan_id = $1
     ORDER BY e.id`,
    [plan.id, oldMade],
  );

  // Match rows to estates: same name, same street, same community when the table names one.
  const hasCommunity = table.columns.includes('community');
  const byName = new Map(existing.map((e) => [e.name, e]));
  const matched = new Map<EstateRow, ExistingEstate>();
  for (const e of table.estates) {
    const old = byName.get(e.name);
    if (!old || old.street_code !== places.streetOf(e).code) continue;
    if (hasCommunity && old.community_code !== (places.communityOf(e)?.code ?? null)) continue;
    matched.set(e, old);
  }
  const keptIds = new Set([...matched.values()].map((e) => e.id));
  const gone = existing.filter((e) => !keptIds.has(e.id));
  const rowOf = (x: ExistingEstate, changes: FieldChange[] = [], row: number | null = null): RowChange => ({
    estateId: x.id, name: x.name, row, street: x.street_name, community: x.community_name,
    reports: x.reports, placed: x.placed, zones: x.zones, changes,
  });

  const problems: Problem[] = [];
  for (const g of gone.filter((x) => x.reports > 0 || x.milestones > 0)) {
    const elsewhere = table.estates.find((e) => e.name === g.name);
    const what = [g.reports ? `${g.reports} report(s) filed` : null, g.milestones ? `${g.milestones} milestone(s) set` : null].filter(Boolean).join(' and ');
    problems.push({
      row: elsewhere?.row ?? null, column: '小区名称',
      reason: `"${g.name}" (estate ${g.id}, ${g.street_name}${g.community_name ? ` ${g.community_name}` : ''}) has ${what} and would be removed${elsewhere ? ': the new table lists it in another street or community, which makes it another estate' : ': it is not in the new table'}; keep its row as it was`,
    });
  }

  // Projects the table makes, matched by name with those the previous table made.
  const names = groupNames(table.groups, plan.year, region.name);
  const oldProjects = await tx.query<{ id: number; name: string; milestones: number }>(
    `SELECT pj.id, pj.name, (SELECT count(*)::int FROM milestones m WHERE m.project_id = pj.id) AS milestones
     FROM projects pj WHERE pj.plan_id = $1 AND pj.from_table ORDER BY pj.id`,
    [plan.id],
  );
  const newNames = new Set(names.values());
  const projectsGone = oldProjects.filter((p) => !newNames.has(p.name));
  for (const p of projectsGone.filter((x) => x.milestones > 0)) {
    problems.push({
      row: null, column: '项目名称',
      reason: `project "${p.name}" has ${p.milestones} milestone(s) and is not in the new table (a batch is named after its district or street blocks); keep it, or move its milestones first`,
    });
  }
  if (problems.length) throw rejected(problems);

  // Write: projects first (estates point at them), then estates, then what the table makes.
  const projectIds = new Map<string, number>();
  const projectsKept: string[] = [];
  const projectsAdded: string[] = [];
  for (const [i, g] of table.groups.entries()) {
    const name = names.get(g.key)!;
    const first = table.estates.find((e) => e.groupKey === g.key)!;
    const old = oldProjects.find((p) => p.name === name);
    if (old) {
      const v = projectValues(g);
      await tx.query(
        `UPDATE projects SET seq = $2, district_code = $3, households = $4, building_count = $5, floor_area_m2 = $6,
           planned_investment_wan = $7, completed_investment_wan = $8, reported_completion_rate_pct = $9,
           reported_investment_rate_pct = $10, due_on = $11, content_items = $12, source = $13, version = version + 1
         WHERE id = $1 AND (seq, district_code, households, building_count, floor_area_m2, planned_investment_wan,
           completed_investment_wan, reported_completion_rate_pct, reported_investment_rate_pct, due_on, content_items)
           IS DISTINCT FROM ($2::int, $3::text, $4::int, $5::int, $6::numeric, $7::numeric, $8::numeric, $9::numeric, $10::numeric, $11::date, $12::text[])`,
        [old.id, i + 1, places.districtOf(first).code, v.households, v.building_count, v.floor_area_m2, v.planned_investment_wan,
          v.completed_investment_wan, v.reported_completion_rate_pct, v.reported_investment_rate_pct, v.due_on, v.content_items, source],
      );
      projectIds.set(g.key, old.id);
      projectsKept.push(name);
    } else {
      projectIds.set(g.key, await insertProject(tx, plan.id, i + 1, name, places.districtOf(first).code, g, source));
      projectsAdded.push(name);
    }
  }

  // Estates that are gone, before new ones take their names.
  if (gone.length) await tx.query(`DELETE FROM estates WHERE id = ANY($1::int[])`, [gone.map((g) => g.id)]);
  if (projectsGone.length) await tx.query(`DELETE FROM projects WHERE id = ANY($1::int[])`, [projectsGone.map((p) => p.id)]);

  const kept: RowChange[] = [];
  const added: RowChange[] = [];
  for (const e of table.estates) {
    const old = matched.get(e);
    const tableProject = e.groupKey ? projectIds.get(e.groupKey)! : null;
    if (!old) {
      const estateId = await insertEstate(tx, plan.id, e.name, estateValues(e, places, table, tableProject, source));
      if (e.completed !== null) await insertTableReport(tx, estateId, e, asOf!, source);
      await insertTableMilestones(tx, plan.id, estateId, e, source);
      added.push({
        estateId, name: e.name, row: e.row, street: places.streetOf(e).name, community: places.communityOf(e)?.name ?? e.community,
        reports: 0, placed: false, zones: [], changes: [],
      });
      continue;
    }
    // A project made otherwise (a demonstration zone) stays when the table gives the estate none.
    const projectId = tableProject ?? (old.project_from_table === false ? old.project_id : null);
    const v = estateValues(e, places, table, projectId, source);
    if (!hasCommunity) v.community_code = old.community_code;
    const changes = estateChanges(old, v, e, projectId === old.project_id ? old.project_name : projectName(projectId, projectIds, names));
    if (changes.length) {
      await tx.query(
        `UPDATE estates SET project_id = $2, seq = $3, community_code = $4, households = $5, building_count = $6,
           floor_area_m2 = $7, planned_investment_wan = $8, completed_investment_wan = $9, content_items = $10,
           category = $11, attributes = $12::text::jsonb, source = $13, version = version + 1, updated_at = now()
         WHERE id = $1`,
        [old.id, v.project_id, v.seq, v.community_code, v.households, v.building_count, v.floor_area_m2, v.planned_investment_wan,
          v.completed_investment_wan, v.content_items, v.category, JSON.stringify(v.attributes), v.source],
      );
    }
    if (changes.some((c) => c.field.endsWith('Quarter'))) {
      await tx.query(`DELETE FROM milestones WHERE estate_id = $1 AND starts_with(source, $2)`, [old.id, oldMade]);
      await insertTableMilestones(tx, plan.id, old.id, e, source);
    }
    if (e.completed !== null) {
      const applied = await completionFlag(tx, old.id, e, asOf!, source, oldMade);
      if (!applied) {
        warnings.push({
          code: 'completion_flag_not_applied', row: e.row, column: '是否完工', values: { name: e.name, flag: e.completed ? '是' : '否', month: asOf!.slice(0, 7) },
          message: `${e.name}: the table says ${e.completed ? '是' : '否'} for ${asOf!.slice(0, 7)}, but a report filed for that month says otherwise; the filed report stands`,
        });
      }
    }
    kept.push(rowOf(old, changes, e.row));
  }

  // Who answers for each street, and the plan's stated figures, are the new table's.
  await tx.query(`DELETE FROM responsibilities WHERE plan_id = $1`, [plan.id]);
  await insertResponsibilities(tx, plan.id, table, places, source);
  await tx.query(`DELETE FROM reported_figures WHERE plan_id = $1 AND source = $2`, [plan.id, plan.source]);
  warnings.push(...(await insertStatedFigures(tx, plan.id, region.code, table, asOf, source)));

  await tx.query(
    `UPDATE plans SET version = $2, updated_at = now(), source = $3, as_of = $4::date WHERE id = $1`,
    [plan.id, nextVersion, source, asOf],
  );
  const removed = gone.map((g) => rowOf(g));
  const summary = { kept: kept.length, changed: kept.filter((k) => k.changes.length).length, added: added.length, removed: removed.length, warnings };
  await recordTable(tx, plan.id, nextVersion, req.fileName, req.grid, summary);

  return {
    planId: plan.id,
    version: plan.version,
    nextVersion,
    kept,
    added,
    removed,
    changed: kept.filter((k) => k.changes.length),
    projects: { kept: projectsKept, added: projectsAdded, removed: projectsGone.map((p) => p.name) },
    warnings,
  };
}

function projectName(id: number | null, ids: Map<string, number>, names: Map<string, string>): string | null {
  if (id === null) return null;
  for (const [key, v] of ids) if (v === id) return names.get(key)!;
  return null;
}

const num = (v: string | number | null) => (v === null ? null : Number(v));
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const quarterText = (q: { year: number; quarter: number } | null) => (q ? `${q.year}Q${q.quarter}` : null);

/** What the new row changes on a kept estate, field by field, in the table's units (m², 万元). */
function estateChanges(old: ExistingEstate, v: ReturnType<typeof estateValues>, e: EstateRow, newProjectName: string | null): FieldChange[] {
  const out: FieldChange[] = [];
  const cmp = (field: string, before: unknown, after: unknown) => {
    if (!same(before, after)) out.push({ field, before, after });
  };
  cmp('households', old.households, v.households);
  cmp('buildingCount', old.building_count, v.building_count);
  cmp('floorAreaM2', num(old.floor_area_m2), v.floor_area_m2);
  cmp('plannedInvestmentWan', num(old.planned_investment_wan), v.planned_investment_wan);
  cmp('completedInvestmentWan', num(old.completed_investment_wan), v.completed_investment_wan);
  cmp('project', old.project_name, newProjectName);
  cmp('seq', old.seq, v.seq);
  cmp('category', old.category, v.category);
  cmp('contentItems', old.content_items, v.content_items);
  cmp('attributes', old.attributes, v.attributes);
  if (old.community_code !== v.community_code) cmp('community', old.community_name, e.community);
  const q = old.quarters ?? {};
  cmp('designQuarter', q['方案设计完成'] ?? null, quarterText(e.designQuarter));
  cmp('startQuarter', q['开工'] ?? null, quarterText(e.startQuarter));
  cmp('completeQuarter', q['完工'] ?? null, quarterText(e.completeQuarter));
  return out;
}

/**
 * The table's 是否完工 for its month: a new revision when the month has none yet or its newest was
 * made by a table and differs; false when a filed report for the month says otherwise.
 */
async function completionFlag(tx: Queryable, estateId: number, e: EstateRow, asOf: string, source: string, oldMade: string): Promise<boolean> {
  const [latest] = await tx.query<{ revision: number; completed: boolean | null; source: string }>(
    `SELECT revision, completed, source FROM progress_reports WHERE estate_id = $1 AND period = $2 ORDER BY revision DESC LIMIT 1`,
    [estateId, asOf.slice(0, 7)],
  );
  if (!latest) {
    await insertTableReport(tx, estateId, e, asOf, source);
    return true;
  }
  if (latest.completed === e.completed) return true;
  if (!latest.source.startsWith(oldMade)) return false;
  await insertTableReport(tx, estateId, e, asOf, source, latest.revision + 1);
  return true;
}
