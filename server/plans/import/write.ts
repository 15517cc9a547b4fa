/**
 * Writing what a plan table says: projects and batches, estates, the table's own completion flags
 * and quarter milestones, who answers for each street, and figures stated for the whole plan. Used
 * by the first import and by a re-import (reimport-service.ts), so both write the same rows.
 */
import type { Queryable } from '../../db/engine.ts';
import type { EstateRow, Figures, Group, PlanTable, Warning } from '../table/parse.ts';
import type { Places } from './places.ts';
import { readPhrase } from '../../../shared/milestones/phrases.ts';

export const FIGURE_METRICS: Record<keyof Figures, { metric: string; unit: string }> = {
  households: { metric: 'households', unit: '户' },
  buildingCount: { metric: 'building_count', unit: '栋' },
  floorAreaM2: { metric: 'floor_area_m2', unit: 'm²' },
  plannedInvestmentWan: { metric: 'planned_investment_wan', unit: '万元' },
  completedInvestmentWan: { metric: 'completed_investment_wan', unit: '万元' },
  completionRatePct: { metric: 'completion_rate_pct', unit: '%' },
  investmentRatePct: { metric: 'investment_rate_pct', unit: '%' },
};

/**
 * The name of each project and batch: a named project keeps its name; a district's batch is
 * "<year>年<district>老旧小区改造项目" (with its streets when the district has several separate
 * blocks), a street's "<year>年<district><street>老旧小区改造项目", the whole table's
 * "<year>年<region>老旧小区改造项目"; names that would still repeat get "（第n批）" in table order.
 */
export function groupNames(groups: Group[], year: number, regionName: string): Map<string, string> {
  const base = new Map<string, string>();
  for (const g of groups) {
    const district = g.district ?? regionName;
    const name =
      g.kind === 'project' ? g.name!
        : g.kind === 'district' ? `${year}年${district}${g.repeated ? g.streets.join('、') : ''}老旧小区改造项目`
          : g.kind === 'street' ? `${year}年${district}${g.name}老旧小区改造项目`
            : `${year}年${regionName}老旧小区改造项目`;
    base.set(g.key, name);
  }
  const count = new Map<string, number>();
  for (const n of base.values()) count.set(n, (count.get(n) ?? 0) + 1);
  const seen = new Map<string, number>();
  const out = new Map<string, string>();
  for (const [key, n] of base) {
    if (count.get(n)! > 1 && groups.find((g) => g.key === key)!.kind !== 'project') {
      const k = (seen.get(n) ?? 0) + 1;
      seen.set(n, k);
      out.set(key, `${n}（第${k}批）`);
    } else out.set(key, n);
  }
  return out;
}

/** The project columns a group sets (the same for an insert and an update). */
export function projectValues(g: Group) {
  const f = g.figures;
  return {
    households: f.households ?? null,
    building_count: f.buildingCount ?? null,
    floor_area_m2: f.floorAreaM2 ?? null,
    planned_investment_wan: f.plannedInvestmentWan ?? null,
    completed_investment_wan: f.completedInvestmentWan ?? null,
    reported_completion_rate_pct: f.completionRatePct ?? null,
    reported_investment_rate_pct: f.investmentRatePct ?? null,
    due_on: g.dueOn,
    content_items: g.contentItems,
  };
}

export async function insertProject(tx: Queryable, planId: number, seq: number, name: string, districtCode: string, g: Group, source: string) {
  const v = projectValues(g);
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO projects (plan_id, seq, name, district_code, households, building_count, floor_area_m2,
       planned_investment_wan, completed_investment_wan, reported_completion_rate_pct, reported_investment_rate_pct,
       due_on, content_items, source, from_table)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, true) RETURNING id`,
    [planId, seq, name, districtCode, v.households, v.building_count, v.floor_area_m2, v.planned_investment_wan,
      v.completed_investment_wan, v.reported_completion_rate_pct, v.reported_investment_rate_pct, v.due_on, v.content_items, source],
  );
  return row!.id;
}

/** The estate columns a table row sets: its place, its own figures, its project, its attributes. */
export function estateValues(e: EstateRow, places: Places, table: PlanTable, projectId: number | null, source: string) {
  const f = e.figures;
  const group = e.groupKey ? table.groups.find((g) => g.key === e.groupKey) : undefined;
  return {
    project_id: projectId,
    seq: e.seq,
    district_code: places.districtOf(e).code,
    street_code: places.streetOf(e).code,
    community_code: places.communityOf(e)?.code ?? null,
    households: f.households ?? null,
    building_count: f.buildingCount ?? null,
    floor_area_m2: f.floorAreaM2 ?? null,
    planned_investment_wan: f.plannedInvestmentWan ?? null,
    completed_investment_wan: f.completedInvestmentWan ?? null,
    // Content written once for the estate's whole project belongs to the project.
    content_items: group && group.contentItems.length ? [] : e.contentItems,
    category: e.category,
    attributes: e.attributes,
    source: `${source}, row ${e.row}`,
  };
}

export async function insertEstate(tx: Queryable, planId: number, name: string, v: ReturnType<typeof estateValues>) {
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO estates (plan_id, project_id, seq, name, district_code, street_code, community_code, households,
       building_count, floor_area_m2, planned_investment_wan, completed_investment_wan, content_items, category, attributes, source)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::text::jsonb, $16) RETURNING id`,
    [planId, v.project_id, v.seq, name, v.district_code, v.street_code, v.community_code, v.households, v.building_count,
      v.floor_area_m2, v.planned_investment_wan, v.completed_investment_wan, v.content_items, v.category,
      JSON.stringify(v.attributes), v.source],
  );
  return row!.id;
}

/** The table's own completion flag as of its date: a report, not a guess at phase or percent. */
export async function insertTableReport(tx: Queryable, estateId: number, e: EstateRow, asOf: string, source: string, revision = 1) {
  await tx.query(
    `INSERT INTO progress_reports (estate_id, period, revision, progress_pct, completed, submitted_at, source)
     VALUES ($1, $2, $3, $4, $5, $6::date, $7)`,
    [estateId, asOf.slice(0, 7), revision, e.completed ? 100 : null, e.completed, asOf, `${source}, row ${e.row}`],
  );
}

/** Quarters written for the estate (Beilun's 方案设计完成季度, 开工季度, 完工季度) as milestones. */
export async function insertTableMilestones(tx: Queryable, planId: number, estateId: number, e: EstateRow, source: string): Promise<number> {
  // Each column is read as its phrase, by the one reading of every milestone phrase (phrases.ts):
  // 方案设计完成 is design finished, so the phase after design (mobilisation) has been reached.
  const steps = [
    [e.designQuarter, '方案设计完成'],
    [e.startQuarter, '开工'],
    [e.completeQuarter, '完工'],
  ] as const;
  let n = 0;
  for (const [q, description] of steps) {
    if (!q) continue;
    const { phase, progressPct: pct } = readPhrase(description)!;
    await tx.query(
      `INSERT INTO milestones (plan_id, estate_id, year, quarter, planned_phase, planned_progress_pct, description, source)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [planId, estateId, q.year, q.quarter, phase, pct, description, `${source}, row ${e.row}`],
    );
    n++;
  }
  return n;
}

/** Who answers for each street (Wuhai's 负责人 / 责任领导). */
export async function insertResponsibilities(tx: Queryable, planId: number, table: PlanTable, places: Places, source: string) {
  const people = new Map<string, { person: string | null; leader: string | null }>();
  for (const e of table.estates) {
    if (!e.personInCharge && !e.leader) continue;
    people.set(places.streetOf(e).code, { person: e.personInCharge, leader: e.leader });
  }
  for (const [code, p] of people) {
    await tx.query(
      `INSERT INTO responsibilities (plan_id, region_code, person_in_charge, leader, source) VALUES ($1, $2, $3, $4, $5)`,
      [planId, code, p.person, p.leader, source],
    );
  }
}

/**
 * Figures stated for the whole table (its 合计, a whole-table figure that is no project's), as
 * stated. A figure the plan already states from another source (the document's text) is kept and
 * said so.
 */
export async function insertStatedFigures(
  tx: Queryable, planId: number, regionCode: string, table: PlanTable, asOf: string | null, source: string,
): Promise<Warning[]> {
  const warnings: Warning[] = [];
  const stated: Figures = { ...(table.totals ?? {}), ...table.planFigures };
  for (const [key, value] of Object.entries(stated) as [keyof Figures, number][]) {
    const m = FIGURE_METRICS[key];
    const inserted = await tx.query(
      `INSERT INTO reported_figures (plan_id, region_code, metric, value, unit, as_of, source) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (plan_id, region_code, metric) DO NOTHING RETURNING id`,
      [planId, regionCode, m.metric, value, m.unit, asOf, source],
    );
    if (!inserted.length) {
      warnings.push({ code: 'stated_figure_kept', values: { metric: m.metric, value, unit: m.unit }, message: `the plan already states ${m.metric} from another source; the table's ${value} ${m.unit} is not stored over it` });
    }
  }
  return warnings;
}
