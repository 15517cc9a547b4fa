import type { Database, Queryable } from '../db/engine.ts';
import { HttpError } from '../http/errors.ts';
import { requireRegion, type RegionRow } from '../regions/service.ts';
import { ambiguousNameReason, ensureCommunities, matchRegionName } from '../regions/communities.ts';
import {
  parsePlanTable, PlanTableError, type Figures, type PlanTable, type Problem,
} from '../../shared/plan-table/parse.ts';

export interface PlanImport {
  regionCode: string;
  year: number;
  title?: string;
  titleEn?: string;
  slug?: string;
  document?: string;
  issuedOn?: string;
  /** The date the table's progress figures describe; else the table's 填报日期. */
  asOf?: string;
  source: string;
  grid: string[][];
}

export interface PlanImportResult {
  plan: { id: number; slug: string; title: string; year: number; regionCode: string };
  estates: number;
  projects: number;
  reports: number;
  milestones: number;
  communitiesCreated: { code: string; name: string; street: string }[];
}

const FIGURE_METRICS: Record<keyof Figures, { metric: string; unit: string }> = {
  households: { metric: 'households', unit: '户' },
  buildingCount: { metric: 'building_count', unit: '栋' },
  floorAreaWanM2: { metric: 'floor_area_m2', unit: 'm²' },
  plannedInvestmentWan: { metric: 'planned_investment_wan', unit: '万元' },
  completedInvestmentWan: { metric: 'completed_investment_wan', unit: '万元' },
  completionRatePct: { metric: 'completion_rate_pct', unit: '%' },
  investmentRatePct: { metric: 'investment_rate_pct', unit: '%' },
};

/** Imports a plan table: all or nothing. One bad row rejects the file with row, column and reason. */
export async function importPlan(db: Database, input: PlanImport): Promise<PlanImportResult> {
  return db.transaction((tx) => importPlanInto(tx, input));
}

/** The import inside a transaction the caller owns (the demo loader imports several plans in one). */
export async function importPlanInto(tx: Queryable, input: PlanImport): Promise<PlanImportResult> {
  let table: PlanTable;
  try {
    table = parsePlanTable(input.grid);
  } catch (e) {
    if (e instanceof PlanTableError) throw rejected(e.problems);
    throw e;
  }
  const region = await requireRegion(tx, input.regionCode, 'region');
  if (!['district', 'city'].includes(region.level)) {
    throw new HttpError(400, 'bad_request', `region: ${region.code} (${region.name}) is a ${region.level}; choose a district/county or a city`, {
      parameter: 'region',
    });
  }
  const asOf = input.asOf ?? table.asOf;
  if (table.columns.includes('completed') && !asOf) {
    throw rejected([{ row: null, column: '是否完工', reason: 'completion flags need the date they describe: add 填报日期 above the header or send asOf' }]);
  }
  const [existing] = await tx.query<{ id: number; slug: string }>(
    'SELECT id, slug FROM plans WHERE region_code = $1 AND year = $2',
    [region.code, input.year],
  );
  if (existing) {
    throw new HttpError(409, 'plan_exists', `${region.name} already has a ${input.year} plan (${existing.slug}); nothing was imported`, {
      planId: existing.id,
    });
  }

  {
    const places = await resolvePlaces(tx, region, table);
    const title = input.title ?? table.title ?? `${region.name}${input.year}年城镇老旧小区改造计划`;
    const slug = input.slug ?? `${region.code}-${input.year}`;
    const [plan] = await tx.query<{ id: number }>(
      `INSERT INTO plans (slug, region_code, year, title, title_en, document, issued_on, as_of, source)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [slug, region.code, input.year, title, input.titleEn ?? null, input.document ?? null, input.issuedOn ?? null, asOf ?? null, input.source],
    );
    const planId = plan!.id;

    // Projects: named groups and district batches, with the figures reported for them.
    const projectIds = new Map<string, number>();
    let seq = 0;
    for (const g of table.groups) {
      seq++;
      const first = table.estates.find((e) => e.groupKey === g.key)!;
      const districtCode = places.districtOf(first).code;
      const name = g.kind === 'district' ? `${input.year}年${g.name}老旧小区改造项目` : g.name;
      const f = g.figures;
      const [row] = await tx.query<{ id: number }>(
        `INSERT INTO projects (plan_id, seq, name, district_code, households, building_count, floor_area_m2,
           planned_investment_wan, completed_investment_wan, reported_completion_rate_pct, reported_investment_rate_pct,
           due_on, content_items, source)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
        [planId, seq, name, districtCode, f.households ?? null, f.buildingCount ?? null, f.floorAreaWanM2 ?? null,
          f.plannedInvestmentWan ?? null, f.completedInvestmentWan ?? null, f.completionRatePct ?? null,
          f.investmentRatePct ?? null, g.dueOn, g.contentItems, input.source],
      );
      projectIds.set(g.key, row!.id);
    }

    // Who answers for each street (Wuhai's 负责人 / 责任领导).
    const people = new Map<string, { person: string | null; leader: string | null }>();
    for (const e of table.estates) {
      if (!e.personInCharge && !e.leader) continue;
      people.set(places.streetOf(e).code, { person: e.personInCharge, leader: e.leader });
    }
    for (const [code, p] of people) {
      await tx.query(
        `INSERT INTO responsibilities (plan_id, region_code, person_in_charge, leader, source) VALUES ($1, $2, $3, $4, $5)`,
        [planId, code, p.person, p.leader, input.source],
      );
    }

    let reports = 0;
    let milestones = 0;
    for (const e of table.estates) {
      const f = e.figures;
      const inGroup = e.groupKey !== null;
      const [row] = await tx.query<{ id: number }>(
        `INSERT INTO estates (plan_id, project_id, seq, name, district_code, street_code, community_code, households,
           building_count, floor_area_m2, planned_investment_wan, completed_investment_wan, content_items, category, source)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
        [planId, inGroup ? projectIds.get(e.groupKey!) : null, e.seq, e.name, places.districtOf(e).code, places.streetOf(e).code,
          places.communityOf(e)?.code ?? null, f.households ?? null, f.buildingCount ?? null, f.floorAreaWanM2 ?? null,
          f.plannedInvestmentWan ?? null, f.completedInvestmentWan ?? null, inGroup ? [] : e.contentItems, e.category,
          `${input.source}, row ${e.row}`],
      );
      const estateId = row!.id;
      if (e.completed !== null) {
        // The table's own completion flag as of its date: a report, not a guess at phase or percent.
        await tx.query(
          `INSERT INTO progress_reports (estate_id, period, progress_pct, completed, submitted_at, source)
           VALUES ($1, $2, $3, $4, $5::date, $6)`,
          [estateId, asOf!.slice(0, 7), e.completed ? 100 : null, e.completed, asOf, `${input.source}, row ${e.row}`],
        );
        reports++;
      }
      const steps = [
        [e.designQuarter, 'design', null, '方案设计完成'],
        [e.startQuarter, 'construction', null, '开工'],
        [e.completeQuarter, 'acceptance', 100, '完工'],
      ] as const;
      for (const [q, phase, pct, description] of steps) {
        if (!q) continue;
        await tx.query(
          `INSERT INTO milestones (plan_id, estate_id, year, quarter, planned_phase, planned_progress_pct, description, source)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [planId, estateId, q.year, q.quarter, phase, pct, description, `${input.source}, row ${e.row}`],
        );
        milestones++;
      }
    }

    // Figures stated for the whole table, kept as stated.
    const stated: Figures = { ...(table.totals ?? {}), ...table.planFigures };
    for (const [key, value] of Object.entries(stated) as [keyof Figures, number][]) {
      const m = FIGURE_METRICS[key];
      await tx.query(
        `INSERT INTO reported_figures (plan_id, region_code, metric, value, unit, as_of, source) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [planId, region.code, m.metric, value, m.unit, asOf ?? null, input.source],
      );
    }

    return {
      plan: { id: planId, slug, title, year: input.year, regionCode: region.code },
      estates: table.estates.length,
      projects: table.groups.length,
      reports,
      milestones,
      communitiesCreated: places.created,
    };
  }
}

function rejected(problems: Problem[]): HttpError {
  const first = problems.slice(0, 3).map((p) => [p.row ? `row ${p.row}` : null, p.column, p.reason].filter(Boolean).join(', '));
  const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : '';
  return new HttpError(422, 'invalid_plan_table', `The plan table was rejected, nothing was imported: ${first.join('; ')}${more}`, {
    problems,
  });
}

/** Resolves 辖区/街道/社区 names to regions under the chosen region; creates missing communities. */
async function resolvePlaces(tx: Queryable, region: RegionRow, table: PlanTable) {
  const problems: Problem[] = [];
  const children = async (code: string) =>
    tx.query<RegionRow>('SELECT code, name, level, parent_code FROM regions WHERE parent_code = $1 ORDER BY code', [code]);
  const districts = new Map<string, RegionRow>();
  const districtNames = region.level === 'district' ? [] : await children(region.code);
  const districtOfName = (name: string | null, row: number): RegionRow | undefined => {
    if (region.level === 'district') {
      if (name && name !== region.name) {
        problems.push({ row, column: '辖区', reason: `"${name}" is not ${region.name}, the region this plan is imported for` });
      }
      return region;
    }
    if (!name) {
      problems.push({ row, column: '辖区', reason: `a city-level plan needs the district (辖区) of each estate` });
      return undefined;
    }
    const d = districtNames.find((x) => x.name === name);
    if (!d) {
      problems.push({ row, column: '辖区', reason: `no district "${name}" in ${region.name}; known: ${districtNames.map((x) => x.name).join('、')}` });
    }
    return d;
  };
  const streetsOf = new Map<string, RegionRow[]>();
  const communitiesOf = new Map<string, RegionRow[]>();
  const created: PlanImportResult['communitiesCreated'] = [];
  const streetByRow = new Map<number, RegionRow>();
  const communityByRow = new Map<number, RegionRow>();

  for (const e of table.estates) {
    const d = districtOfName(e.district, e.row);
    if (!d) continue;
    districts.set(String(e.row), d);
    if (!streetsOf.has(d.code)) {
      await ensureCommunities(tx, d.code); // the district's NBS communities, so that names resolve to real codes
      streetsOf.set(d.code, await children(d.code));
    }
    const streets = streetsOf.get(d.code)!;
    const sm = matchRegionName(e.street, streets);
    const s = sm.match;
    if (!s) {
      problems.push({
        row: e.row, column: '所在街道',
        reason: sm.ambiguous.length ? ambiguousNameReason(e.street, d.name, sm.ambiguous)
          : `no street "${e.street}" in ${d.name}; known: ${streets.map((x) => x.name).join('、')}`,
      });
      continue;
    }
    streetByRow.set(e.row, s);
    if (!e.community) continue;
    if (!communitiesOf.has(s.code)) communitiesOf.set(s.code, await children(s.code));
    const list = communitiesOf.get(s.code)!;
    const cm = matchRegionName(e.community, list);
    if (cm.ambiguous.length) {
      problems.push({ row: e.row, column: '所在社区', reason: ambiguousNameReason(e.community, s.name, cm.ambiguous) });
      continue;
    }
    let c = cm.match;
    if (!c) {
      // Not in the NBS list (regions/communities.ts): make a code in the street's range and say so.
      const used = new Set(list.map((x) => x.code));
      let n = 901;
      while (used.has(`${s.code}${n}`)) n++;
      c = { code: `${s.code}${n}`, name: e.community, level: 'community', parent_code: s.code };
      await tx.query(
        `INSERT INTO regions (code, name, level, parent_code, code_source, synthetic) VALUES ($1, $2, 'community', $3, 'generated', true)`,
        [c.code, c.name, s.code],
      );
      list.push(c);
      created.push({ code: c.code, name: c.name, street: s.name });
    }
    communityByRow.set(e.row, c);
  }
  if (problems.length) throw rejected(problems);
  return {
    created,
    districtOf: (e: { row: number }) => districts.get(String(e.row))!,
    streetOf: (e: { row: number }) => streetByRow.get(e.row)!,
    communityOf: (e: { row: number }) => communityByRow.get(e.row),
  };
}
