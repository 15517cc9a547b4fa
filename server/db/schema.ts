/**
 * drizzle table definitions mirroring migrations/ (the migrations are the source of truth; a test
 * checks that these match the live database). drizzle's built-in geometry column is point-only,
 * so geometry columns use a custom type that carries the type and SRID.
 */
import { sql } from 'drizzle-orm';
import { boolean, customType, date, doublePrecision, integer, jsonb, numeric, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

const geometry = (name: string, kind: 'MultiPolygon' | 'LineString' | 'Point', srid = 4326) =>
  customType<{ data: string; driverData: string }>({ dataType: () => `geometry(${kind}, ${srid})` })(name);

/** 万元 to the fen (migration 0014). */
const money = (name: string) => numeric(name, { precision: 18, scale: 6 });

export const regions = pgTable('regions', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  level: text('level').notNull(),
  parentCode: text('parent_code'),
  codeSource: text('code_source').notNull(),
  centre: geometry('centre', 'Point'),
  geom: geometry('geom', 'MultiPolygon'),
  synthetic: boolean('synthetic').notNull(),
  /** Migration 0026: the outline's [west, south, east, north], generated from geom by the database (never written). */
  bbox: doublePrecision('bbox')
    .array()
    .generatedAlwaysAs(sql`CASE WHEN geom IS NOT NULL THEN ARRAY[ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom)] END`),
});

/** Migration 0013: the country outline (Natural Earth), served as GET /api/regions?level=country. */
export const countries = pgTable('countries', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  geom: geometry('geom', 'MultiPolygon').notNull(),
  source: text('source').notNull(),
});

export const plans = pgTable('plans', {
  id: serial('id').primaryKey(),
  slug: text('slug').notNull(),
  regionCode: text('region_code').notNull(),
  year: integer('year').notNull(),
  title: text('title').notNull(),
  titleEn: text('title_en'),
  document: text('document'),
  issuedOn: date('issued_on'),
  asOf: date('as_of'),
  source: text('source').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  // 0014: bumped by each confirmed re-import of the plan's table.
  version: integer('version').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

export const responsibilities = pgTable('responsibilities', {
  id: serial('id').primaryKey(),
  planId: integer('plan_id').notNull(),
  regionCode: text('region_code').notNull(),
  personInCharge: text('person_in_charge'),
  leader: text('leader'),
  unit: text('unit'),
  source: text('source').notNull(),
});

export const projects = pgTable('projects', {
  id: serial('id').primaryKey(),
  planId: integer('plan_id').notNull(),
  seq: integer('seq'),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  districtCode: text('district_code'),
  builder: text('builder'),
  responsibleUnit: text('responsible_unit'),
  units: integer('units'),
  households: integer('households'),
  buildingCount: integer('building_count'),
  floorAreaM2: numeric('floor_area_m2', { precision: 14, scale: 2 }),
  plannedInvestmentWan: money('planned_investment_wan'),
  completedInvestmentWan: money('completed_investment_wan'),
  reportedCompletionRatePct: numeric('reported_completion_rate_pct', { precision: 7, scale: 2 }),
  reportedInvestmentRatePct: numeric('reported_investment_rate_pct', { precision: 7, scale: 2 }),
  dueOn: date('due_on'),
  contentItems: text('content_items').array().notNull(),
  source: text('source').notNull(),
  version: integer('version').notNull(),
  // 0014: made by the plan table (a re-import manages it).
  fromTable: boolean('from_table').notNull(),
});

export const estates = pgTable('estates', {
  id: serial('id').primaryKey(),
  planId: integer('plan_id').notNull(),
  projectId: integer('project_id'),
  seq: integer('seq'),
  name: text('name').notNull(),
  districtCode: text('district_code').notNull(),
  streetCode: text('street_code').notNull(),
  communityCode: text('community_code'),
  households: integer('households'),
  buildingCount: integer('building_count'),
  floorAreaM2: numeric('floor_area_m2', { precision: 14, scale: 2 }),
  plannedInvestmentWan: money('planned_investment_wan'),
  completedInvestmentWan: money('completed_investment_wan'),
  contentItems: text('content_items').array().notNull(),
  category: text('category'),
  note: text('note'),
  source: text('source').notNull(),
  geom: geometry('geom', 'MultiPolygon'),
  geomSynthetic: boolean('geom_synthetic').notNull(),
  /** A provisional point clicked by a planner while the estate has no red line (migration 0012). */
  location: geometry('location', 'Point'),
  /** Plan-table columns without a field of their own: [{ name, value }] in table order. */
  attributes: jsonb('attributes').notNull(),
  version: integer('version').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

export const buildings = pgTable('buildings', {
  id: serial('id').primaryKey(),
  estateId: integer('estate_id').notNull(),
  number: integer('number').notNull(),
  floors: integer('floors'),
  households: integer('households'),
  geom: geometry('geom', 'MultiPolygon').notNull(),
  synthetic: boolean('synthetic').notNull(),
});

export const progressReports = pgTable('progress_reports', {
  id: serial('id').primaryKey(),
  estateId: integer('estate_id').notNull(),
  period: text('period').notNull(),
  revision: integer('revision').notNull(),
  phase: text('phase'),
  progressPct: numeric('progress_pct', { precision: 5, scale: 2 }),
  completedInvestmentWan: money('completed_investment_wan'),
  completed: boolean('completed'),
  note: text('note'),
  submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
  submittedBy: text('submitted_by'),
  source: text('source').notNull(),
  synthetic: boolean('synthetic').notNull(),
  // 0004_progress.sql
  exceedsPlan: boolean('exceeds_plan').notNull(),
});

// 0020_newest_report.sql: each estate's newest report, kept by triggers on progress_reports.
export const estateNewestReport = pgTable('estate_newest_report', {
  estateId: integer('estate_id').primaryKey(),
  reportId: integer('report_id').notNull(),
  period: text('period').notNull(),
  revision: integer('revision').notNull(),
  phase: text('phase'),
  progressPct: numeric('progress_pct', { precision: 5, scale: 2 }),
  completedInvestmentWan: money('completed_investment_wan'),
  completed: boolean('completed'),
  synthetic: boolean('synthetic').notNull(),
  submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
  periodFirstSubmittedAt: timestamp('period_first_submitted_at', { withTimezone: true }).notNull(),
  periodAnySynthetic: boolean('period_any_synthetic').notNull(),
  firstPeriod: text('first_period').notNull(),
  lastSubmittedAt: timestamp('last_submitted_at', { withTimezone: true }).notNull(),
  investmentPeriod: text('investment_period'),
  investmentSubmittedAt: timestamp('investment_submitted_at', { withTimezone: true }),
  investmentRevision: integer('investment_revision'),
  investmentWan: money('investment_wan'),
});

export const milestones = pgTable('milestones', {
  id: serial('id').primaryKey(),
  planId: integer('plan_id').notNull(),
  projectId: integer('project_id'),
  estateId: integer('estate_id'),
  year: integer('year').notNull(),
  quarter: integer('quarter').notNull(),
  plannedPhase: text('planned_phase'),
  plannedProgressPct: numeric('planned_progress_pct', { precision: 5, scale: 2 }),
  description: text('description'),
  source: text('source').notNull(),
});

export const targets = pgTable('targets', {
  id: serial('id').primaryKey(),
  regionCode: text('region_code').notNull(),
  year: integer('year').notNull(),
  metric: text('metric').notNull(),
  value: numeric('value', { precision: 16, scale: 4 }).notNull(),
  unit: text('unit').notNull(),
  responsibleUnit: text('responsible_unit'),
  dueOn: date('due_on'),
  source: text('source').notNull(),
  // 0015_plan_goals.sql
  planId: integer('plan_id'),
});

/** 0015_plan_goals.sql: the versions of a plan's milestone and target lists. */
export const planGoals = pgTable('plan_goals', {
  planId: integer('plan_id').primaryKey(),
  milestonesVersion: integer('milestones_version').notNull(),
  milestonesUpdatedAt: timestamp('milestones_updated_at', { withTimezone: true }),
  targetsVersion: integer('targets_version').notNull(),
  targetsUpdatedAt: timestamp('targets_updated_at', { withTimezone: true }),
});

export const reportedFigures = pgTable('reported_figures', {
  id: serial('id').primaryKey(),
  planId: integer('plan_id').notNull(),
  regionCode: text('region_code').notNull(),
  metric: text('metric').notNull(),
  value: numeric('value', { precision: 20, scale: 6 }).notNull(),
  unit: text('unit').notNull(),
  asOf: date('as_of'),
  source: text('source').notNull(),
});

export const roads = pgTable('roads', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  districtCode: text('district_code'),
  kind: text('kind').notNull(),
  lastPavedOn: date('last_paved_on'),
  pavingKind: text('paving_kind'),
  geom: geometry('geom', 'LineString').notNull(),
  synthetic: boolean('synthetic').notNull(),
  // Migration 0003: Web Mercator copy kept by the database, indexed for metric searches.
  geomMerc: geometry('geom_merc', 'LineString', 3857).generatedAlwaysAs(sql`ST_Transform(geom, 3857)`),
});

export const pipelineWorks = pgTable('pipeline_works', {
  id: serial('id').primaryKey(),
  utility: text('utility').notNull(),
  owner: text('owner').notNull(),
  districtCode: text('district_code'),
  estateId: integer('estate_id'),
  projectId: integer('project_id'),
  startDate: date('start_date').notNull(),
  endDate: date('end_date').notNull(),
  status: text('status').notNull(),
  geom: geometry('geom', 'LineString').notNull(),
  synthetic: boolean('synthetic').notNull(),
  version: integer('version').notNull(),
  // Migration 0003: Web Mercator copy kept by the database, indexed for metric searches.
  geomMerc: geometry('geom_merc', 'LineString', 3857).generatedAlwaysAs(sql`ST_Transform(geom, 3857)`),
});

export const zones = pgTable('zones', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  districtCode: text('district_code'),
  gapMeters: numeric('gap_meters', { precision: 8, scale: 2 }).notNull(),
  projectId: integer('project_id'),
  geom: geometry('geom', 'MultiPolygon'),
  version: integer('version').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

export const zoneEstates = pgTable('zone_estates', {
  zoneId: integer('zone_id').notNull(),
  estateId: integer('estate_id').notNull(),
});

/** Every plan table imported, version by version (0014). */
export const planTables = pgTable('plan_tables', {
  id: serial('id').primaryKey(),
  planId: integer('plan_id').notNull(),
  version: integer('version').notNull(),
  fileName: text('file_name').notNull(),
  importedBy: text('imported_by'),
  importedAt: timestamp('imported_at', { withTimezone: true }).notNull(),
  cells: jsonb('cells').notNull(),
  merges: jsonb('merges').notNull(),
  summary: jsonb('summary').notNull(),
});

export const tables = {
  regions, countries, plans, responsibilities, projects, estates, buildings, progressReports, estateNewestReport, milestones,
  targets, reportedFigures, roads, pipelineWorks, zones, zoneEstates, planTables, planGoals,
};

