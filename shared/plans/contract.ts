/**
 * Plans (计划管理): the contract of server/plans and client/src/plans. A plan is imported from the
 * bureau's own table (POST /api/import/plan), its table replaced as the next version and earlier
 * versions looked at again, listed with its counts, and deleted (issue 13).
 */
import { z } from 'zod';
import { idParam, regionCode, yearParam } from '../api.ts';
import { STAFF, PLANNING, ADMIN } from '../auth.ts';
import { defineContract, json, multipart } from '../contract/route.ts';


// ---------------------------------------------------------------------------------------------
// Requests

/** Canonical digits only: "5", not "05", "+5" or "5.0" (the table routes' own wording of the rule). */
const positive = z.string().regex(/^[1-9]\d{0,8}$/, 'must be a whole number without sign or leading zeros').transform(Number);
export const planParam = z.object({ id: positive });
export const planVersionParam = z.object({ id: positive, version: positive });

const planDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
/** The text fields of POST /api/import/plan; preview=true writes nothing. */
export const planImportForm = z
  .object({
    region: regionCode,
    year: yearParam,
    title: z.string().trim().min(1).max(200).optional(),
    asOf: planDate.optional(),
    preview: z.enum(['true', 'false'], { message: 'must be true or false' }).optional(),
  })
  .strict();

/** The text fields of PUT /api/plans/:id/table: a preview unless confirm=true at the version read. */
export const tableReplaceForm = z
  .object({
    confirm: z.enum(['true', 'false'], { message: 'must be true or false' }).optional(),
    version: positive.optional(),
  })
  .strict();

/** DELETE /api/plans/:id: the plan's slug as confirmation, force=true when reports exist. */
export const planDeleteQuery = z
  .object({
    confirm: z.string().max(200).optional(),
    force: z.enum(['true', 'false']).optional(),
  })
  .strict();

// ---------------------------------------------------------------------------------------------
// Answers

/** What an import noticed without refusing the table. */
/**
 * What an import warns of without refusing (the UI words each code in its language from the row,
 * column and values; `message` is the English sentence for logs and developers).
 */
export const WARNING_CODES = [
  'title_year_differs', 'as_of_differs', 'stated_figure_kept', 'year_differs', 'notes_skipped', 'rates_kept_as_attributes',
  'plan_figure_stated', 'column_kept_as_attribute', 'unit_from_line', 'unit_converted', 'column_not_imported', 'completion_flag_not_applied',
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

export interface ImportWarning {
  code: WarningCode;
  message: string;
  row?: number;
  column?: string;
  /** The figures the words are made of (a year, a unit, a count …), by name. */
  values?: Record<string, string | number>;
}

/** A community the table names that NBS does not have: created and flagged generated. */
export interface CreatedCommunity {
  code: string;
  name: string;
  street: string;
}

/** POST /api/import/plan: the same body for a preview (nothing written, plan.id null) and an import. */
export interface PlanImportResult {
  /** id is null in a preview: nothing was written. */
  plan: { id: number | null; slug: string; title: string; year: number; regionCode: string; version: number };
  estates: number;
  projects: number;
  reports: number;
  milestones: number;
  communitiesCreated: CreatedCommunity[];
  warnings: ImportWarning[];
  preview?: true;
}

export interface TableFieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** One estate in a replacement of the plan's table. */
export interface TableRowChange {
  estateId: number | null;
  name: string;
  /** The row in the new table (null for a removed estate). */
  row: number | null;
  street: string | null;
  community: string | null;
  /** Reports filed for the estate (not made by a table). */
  reports: number;
  /** The estate has a red line or a provisional point. */
  placed: boolean;
  zones: string[];
  changes: TableFieldChange[];
}

/** PUT /api/plans/:id/table: what replacing the table would do (preview) or did (applied). */
export interface TableReplacement {
  planId: number;
  version: number;
  nextVersion: number;
  kept: TableRowChange[];
  added: TableRowChange[];
  removed: TableRowChange[];
  changed: TableRowChange[];
  projects: { kept: string[]; added: string[]; removed: string[] };
  warnings: ImportWarning[];
  applied?: true;
}

/** What an import made of a table, kept with it: the first version's, or a replacement's. */
export type PlanTableSummary =
  | { title: string | null; asOf: string | null; estates: number; projects: number; warnings: ImportWarning[] }
  | { kept: number; changed: number; added: number; removed: number; warnings: ImportWarning[] };

/** A merged range of a kept table: 0-based row and column indexes, inclusive. */
export interface TableMerge {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface PlanTableVersion {
  version: number;
  fileName: string;
  /** The account that sent it (null for the demo loader). */
  importedBy: string | null;
  importedAt: string;
  summary: PlanTableSummary;
  /** Rows of the table as read. */
  rows: number;
}

export interface PlanTableVersions {
  planId: number;
  tables: PlanTableVersion[];
}

/** One version of a plan's table as read: its cells and merged ranges. */
export interface PlanTable extends Omit<PlanTableVersion, 'rows'> {
  planId: number;
  cells: string[][];
  merges: TableMerge[];
}

export interface PlanSummary {
  id: number;
  slug: string;
  title: string;
  year: number;
  regionCode: string;
  regionName: string;
  /** The plan table's version: 1 on import, +1 for each replaced table (PUT /api/plans/:id/table). */
  version: number;
  estates: number;
  /** Estates with a red line or a provisional point. */
  placed: number;
  unplaced: number;
  /** Monthly report rows (every revision) of the plan's estates. */
  reports: number;
  createdAt: string;
  /** The newest of: the plan's creation, a change to one of its estates, to its milestones or its targets. */
  updatedAt: string;
}

export interface PlanList {
  plans: PlanSummary[];
}

export interface PlanDeleted {
  deleted: { id: number; slug: string; title: string };
  estates: number;
  projects: number;
  buildings: number;
  reports: number;
  milestones: number;
  targets: number;
  /** Zones whose every estate was in the plan: deleted with it. */
  zonesDeleted: { id: number; name: string }[];
  /** Zones that also hold estates of other plans: they keep those, with a new outline and version. */
  zonesChanged: { id: number; name: string; estatesLeft: number }[];
}

// ---------------------------------------------------------------------------------------------
// Routes

export const plansContract = defineContract({
  capability: 'plans',
  description: "Plans (计划管理): a bureau's plan imported from its own table, the table replaced as the next version and its versions kept, the plans with their counts, and deleting one.",
  routes: {
    importPlan: {
      method: 'POST', path: '/api/import/plan', roles: PLANNING,
      body: multipart('the plan table (.csv or .xlsx)', planImportForm),
      summary: 'Import a plan from its table for a district and year (preview=true: 200, nothing written)',
      response: json<PlanImportResult>('The plan as imported (201), or as it would be (200 with preview=true, plan.id null)', { status: 201 }),
    },
    replaceTable: {
      method: 'PUT', path: '/api/plans/:id/table', roles: PLANNING, params: planParam,
      body: multipart('the plan table (.csv or .xlsx)', tableReplaceForm),
      summary: "Replace the plan's table as its next version: a preview, or confirm=true at the version previewed",
      response: json<TableReplacement>('The estates kept, changed, added and removed (applied when confirmed)'),
    },
    tables: {
      method: 'GET', path: '/api/plans/:id/tables', roles: STAFF, params: planParam,
      summary: "The versions of the plan's table imported so far",
      response: json<PlanTableVersions>('Each version with its file, sender, date and summary'),
    },
    table: {
      method: 'GET', path: '/api/plans/:id/tables/:version', roles: STAFF, params: planVersionParam,
      summary: "One version of the plan's table as read",
      response: json<PlanTable>('The cells and merged ranges of that version'),
    },
    list: {
      method: 'GET', path: '/api/plans', roles: STAFF,
      summary: 'The plans with their estates, placed, unplaced and reports',
      response: json<PlanList>('Every plan, newest year first'),
    },
    remove: {
      method: 'DELETE', path: '/api/plans/:id', roles: ADMIN, params: idParam, query: planDeleteQuery,
      summary: 'Delete a plan with its estates, red lines, buildings and reports',
      note: "the plan's slug as confirmation; force=true when reports exist",
      response: json<PlanDeleted>('What was deleted with the plan'),
    },
  },
});
