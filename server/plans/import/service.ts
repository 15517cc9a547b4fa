import type { Database, Queryable } from '../../db/engine.ts';
import { HttpError } from '../../http/errors.ts';
import { currentActor } from '../../auth/audited-db.ts';
import { requireRegion, type RegionRow } from '../../regions/service.ts';
import { gridOf, type TableGrid } from '../table/grid.ts';
import { parsePlanTable, PlanTableError, type PlanTable, type Warning } from '../table/parse.ts';
import { rejected, resolvePlaces } from './places.ts';
import type { PlanImportResult, PlanTableSummary } from '../../../shared/plans/contract.ts';
import {
  estateValues, groupNames, insertEstate, insertProject, insertResponsibilities, insertStatedFigures,
  insertTableMilestones, insertTableReport,
} from './write.ts';

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
  /** The file as sent (kept in the plan's table history); defaults to the source. */
  fileName?: string;
  grid: string[][] | TableGrid;
}

/** Imports a plan table: all or nothing. One bad row rejects the file with row, column and reason. */
export async function importPlan(db: Database, input: PlanImport, opts: { preview?: boolean } = {}): Promise<PlanImportResult> {
  if (!opts.preview) return db.transaction((tx) => importPlanInto(tx, input));
  return previewOf(db, async (tx) => {
    const result = await importPlanInto(tx, input);
    return { ...result, plan: { ...result.plan, id: null }, preview: true as const };
  });
}

/** Runs a write in a transaction that is always rolled back: what it would do, nothing written. */
export async function previewOf<T>(db: Database, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  class Preview {
    constructor(readonly value: T) {}
  }
  try {
    await db.transaction(async (tx) => {
      throw new Preview(await fn(tx));
    });
  } catch (e) {
    if (e instanceof Preview) return e.value;
    throw e;
  }
  throw new Error('unreachable: a preview transaction committed');
}

export function readPlanTable(grid: string[][] | TableGrid): PlanTable {
  try {
    return parsePlanTable(grid);
  } catch (e) {
    if (e instanceof PlanTableError) throw rejected(e.problems);
    throw e;
  }
}

export async function requirePlanRegion(tx: Queryable, code: string): Promise<RegionRow> {
  const region = await requireRegion(tx, code, 'region');
  if (!['district', 'city'].includes(region.level)) {
    throw new HttpError(400, 'bad_request', `region: ${region.code} (${region.name}) is a ${region.level}; choose a district/county or a city`, {
      parameter: 'region',
    });
  }
  return region;
}

/** Warnings that depend on what was sent with the table: its year and date. */
export function formWarnings(table: PlanTable, year: number, asOf: string | undefined): Warning[] {
  const out: Warning[] = [];
  const titleYear = table.title ? /(\d{4})\s*年/.exec(table.title)?.[1] : undefined;
  if (titleYear && Number(titleYear) !== year) {
    out.push({
      code: 'title_year_differs',
      values: { title: table.title!, titleYear: Number(titleYear), year },
      message: `the table's title "${table.title}" names the year ${titleYear}, but the plan is imported as ${year}`,
    });
  }
  if (asOf && table.asOf && asOf !== table.asOf) {
    out.push({ code: 'as_of_differs', values: { tableAsOf: table.asOf, asOf }, message: `the table's 填报日期 is ${table.asOf}; the date sent (${asOf}) is used` });
  }
  return out;
}

/** The import inside a transaction the caller owns (the demo loader imports several plans in one). */
export async function importPlanInto(tx: Queryable, input: PlanImport): Promise<PlanImportResult> {
  const grid = Array.isArray(input.grid) ? gridOf(input.grid) : input.grid;
  const table = readPlanTable(grid);
  const region = await requirePlanRegion(tx, input.regionCode);
  const asOf = input.asOf ?? table.asOf;
  if (table.columns.includes('completed') && !asOf) {
    throw rejected([{ row: null, column: '是否完工', reason: 'completion flags need the date they describe: add 填报日期 above the header or send asOf' }]);
  }
  const [existing] = await tx.query<{ id: number; slug: string }>(
    'SELECT id, slug FROM plans WHERE region_code = $1 AND year = $2',
    [region.code, input.year],
  );
  if (existing) {
    throw new HttpError(409, 'plan_exists', `${region.name} already has a ${input.year} plan (${existing.slug}); nothing was imported. Replace its table instead (PUT /api/plans/${existing.id}/table)`, {
      planId: existing.id,
    });
  }

  const places = await resolvePlaces(tx, region, table);
  const title = input.title ?? table.title ?? `${region.name}${input.year}年城镇老旧小区改造计划`;
  const slug = input.slug ?? `${region.code}-${input.year}`;
  const [plan] = await tx.query<{ id: number }>(
    `INSERT INTO plans (slug, region_code, year, title, title_en, document, issued_on, as_of, source)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [slug, region.code, input.year, title, input.titleEn ?? null, input.document ?? null, input.issuedOn ?? null, asOf ?? null, input.source],
  );
  const planId = plan!.id;

  // Projects: named projects and batches, with the figures reported for them.
  const names = groupNames(table.groups, input.year, region.name);
  const projectIds = new Map<string, number>();
  for (const [i, g] of table.groups.entries()) {
    const first = table.estates.find((e) => e.groupKey === g.key)!;
    projectIds.set(g.key, await insertProject(tx, planId, i + 1, names.get(g.key)!, places.districtOf(first).code, g, input.source));
  }
  await insertResponsibilities(tx, planId, table, places, input.source);

  let reports = 0;
  let milestones = 0;
  for (const e of table.estates) {
    const projectId = e.groupKey ? projectIds.get(e.groupKey)! : null;
    const estateId = await insertEstate(tx, planId, e.name, estateValues(e, places, table, projectId, input.source));
    if (e.completed !== null) {
      await insertTableReport(tx, estateId, e, asOf!, input.source);
      reports++;
    }
    milestones += await insertTableMilestones(tx, planId, estateId, e, input.source);
  }
  const stated = await insertStatedFigures(tx, planId, region.code, table, asOf ?? null, input.source);

  const warnings = [...table.warnings, ...formWarnings(table, input.year, input.asOf), ...stated];
  await recordTable(tx, planId, 1, input.fileName ?? input.source, grid, {
    title: table.title, asOf, estates: table.estates.length, projects: table.groups.length, warnings,
  });

  return {
    plan: { id: planId, slug, title, year: input.year, regionCode: region.code, version: 1 },
    estates: table.estates.length,
    projects: table.groups.length,
    reports,
    milestones,
    communitiesCreated: places.created,
    warnings,
  };
}

/** Keeps the table as read (cells and merges) as the plan's version, with who sent it. */
export async function recordTable(tx: Queryable, planId: number, version: number, fileName: string, grid: TableGrid, summary: PlanTableSummary) {
  await tx.query(
    `INSERT INTO plan_tables (plan_id, version, file_name, imported_by, cells, merges, summary)
     VALUES ($1, $2, $3, $4, $5::text::jsonb, $6::text::jsonb, $7::text::jsonb)`,
    [planId, version, fileName, currentActor()?.username ?? null, JSON.stringify(grid.cells), JSON.stringify(grid.merges), JSON.stringify(summary)],
  );
}
