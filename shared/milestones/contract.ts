/**
 * Milestones and targets (issue 13, section 3): the contract of a plan's quarterly milestones
 * (形象进度, server/milestones) and its targets (目标任务, server/progress/targets/plan-*), each list
 * read, saved as a whole at the version read, or imported from the bureau's table (preview first).
 * The plans themselves are shared/plans/contract.ts.
 */
import { z } from 'zod';
import { idParam, phaseSchema, regionCode } from '../api.ts';
import { defineContract, json, multipart } from '../contract/route.ts';
import type { Phase } from '../phases.ts';
import { STAFF, PLANNING } from '../auth.ts';
import type { ImportWarning } from '../plans/contract.ts';

const MAX_INT = 2 ** 31 - 1;
/** An id in a JSON body: a whole number, as JSON sends it (no strings, no 29.0 tricks beyond what JSON itself makes equal). */
const bodyId = z.number({ message: 'must be a number' }).int('must be a whole number').positive('must be positive').max(MAX_INT, 'is not an id');

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'is not a calendar date');

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

// ---------------------------------------------------------------------------------------------
// Milestones (形象进度)

export const milestoneItem = z
  .object({
    /** A milestone of this plan being kept or changed; without it, a new one. */
    id: bodyId.optional(),
    year: z.number({ message: 'must be a year' }).int('must be a whole year').min(2000).max(2100),
    quarter: z.number({ message: 'must be 1 to 4' }).int('must be 1 to 4').min(1, 'must be 1 to 4').max(4, 'must be 1 to 4'),
    estateId: bodyId.nullable().optional(),
    projectId: bodyId.nullable().optional(),
    phase: phaseSchema.nullable().optional(),
    progressPct: z.number({ message: 'must be a percentage' }).min(0, 'must be 0 to 100').max(100, 'must be 0 to 100')
      .refine((v) => Math.round(v * 100) === v * 100, 'must have at most 2 decimals').nullable().optional(),
    description: text(2000).nullable().optional(),
    source: text(300).optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.estateId != null && m.projectId != null) {
      ctx.addIssue({ code: 'custom', path: ['projectId'], message: 'a milestone is for an estate or a project, not both' });
    }
    const plans = m.phase != null || m.progressPct != null;
    if (!plans && m.description == null) {
      ctx.addIssue({ code: 'custom', path: ['phase'], message: 'needs a phase, a progressPct or a description' });
    }
    if (plans && m.estateId == null && m.projectId == null) {
      // The ledger measures estates and projects; a phase for "the plan" would be measured against nothing.
      ctx.addIssue({ code: 'custom', path: ['estateId'], message: 'a phase or progressPct needs the estateId or projectId it is planned for' });
    }
  });
export type MilestoneItem = z.infer<typeof milestoneItem>;

export const milestonesPut = z
  .object({
    version: bodyId,
    milestones: z.array(milestoneItem).max(20_000, 'at most 20000 milestones'),
  })
  .strict();

export interface PlanMilestone {
  id: number;
  year: number;
  quarter: number;
  /**
   * The day after the quarter ends: the milestone is due from 00:00 Beijing time on that day, not on
   * the quarter's last day (the ledger checks it from then, against the quarter's last month's report).
   */
  dueOn: string;
  estateId: number | null;
  estateName: string | null;
  projectId: number | null;
  projectName: string | null;
  phase: Phase | null;
  progressPct: number | null;
  description: string | null;
  source: string;
}

export interface MilestonesResponse {
  planId: number;
  version: number;
  updatedAt: string | null;
  milestones: PlanMilestone[];
}

export interface ListChanges {
  added: number;
  updated: number;
  removed: number;
}

/** A milestone as an import reads it: where in the table it came from, no id yet. */
export type ImportedMilestone = Omit<PlanMilestone, 'id'> & { row: number; column: string };

export interface MilestonesImportResponse {
  planId: number;
  version: number;
  /** The version the plan's milestones will have (preview) or have (applied). */
  nextVersion: number;
  applied: boolean;
  milestones: ImportedMilestone[];
  /** Compared with the plan's milestones now: kept as they are, new, and no longer in the table. */
  kept: number;
  added: ImportedMilestone[];
  removed: PlanMilestone[];
  warnings: ImportWarning[];
}

// ---------------------------------------------------------------------------------------------
// Targets (目标任务)

/** What a target counts, in which unit: the figures GET /api/targets sets against it. */
export const TARGET_METRICS = {
  estates_started: { unit: '个', zh: '开工小区', en: 'Estates started' },
  estates_completed: { unit: '个', zh: '完工小区', en: 'Estates completed' },
  households: { unit: '户', zh: '改造户数', en: 'Households' },
  floor_area_started_m2: { unit: 'm²', zh: '开工面积', en: 'Floor area started' },
  floor_area_completed_m2: { unit: 'm²', zh: '完工面积', en: 'Floor area completed' },
  resettlement_units_started: { unit: '套', zh: '棚改安置住房新开工', en: 'Resettlement units started' },
  resettlement_units_built: { unit: '套', zh: '棚改安置住房基本建成', en: 'Resettlement units built' },
  micro_renovation_completed: { unit: '个', zh: '微改造完工项目', en: 'Micro-renovations completed' },
} as const;
export type TargetMetric = keyof typeof TARGET_METRICS;
export const TARGET_METRIC_CODES = Object.keys(TARGET_METRICS) as [TargetMetric, ...TargetMetric[]];

export const targetItem = z
  .object({
    id: bodyId.optional(),
    regionCode,
    /** The plan's year when left out; another year is refused (the target is measured against this plan). */
    year: z.number({ message: 'must be a year' }).int('must be a whole year').min(2000).max(2100).optional(),
    metric: z.enum(TARGET_METRIC_CODES, { message: `must be one of ${TARGET_METRIC_CODES.join(', ')}` }),
    value: z.number({ message: 'must be a number' }).finite().min(0, 'must not be negative').max(1e11, 'is too large'),
    unit: text(20),
    responsibleUnit: text(200).nullable().optional(),
    dueOn: isoDate.nullable().optional(),
    source: text(300).optional(),
  })
  .strict()
  .superRefine((t, ctx) => {
    const want = TARGET_METRICS[t.metric]?.unit;
    if (want && t.unit !== want) ctx.addIssue({ code: 'custom', path: ['unit'], message: `${t.metric} is counted in ${want}, not ${t.unit}` });
  });
export type TargetItem = z.infer<typeof targetItem>;

export const targetsPut = z
  .object({
    version: bodyId,
    targets: z.array(targetItem).max(2000, 'at most 2000 targets'),
  })
  .strict();

export interface PlanTarget {
  id: number;
  regionCode: string;
  regionName: string;
  year: number;
  metric: TargetMetric | string;
  value: number;
  unit: string;
  responsibleUnit: string | null;
  dueOn: string | null;
  source: string;
}

export interface TargetsResponse {
  planId: number;
  version: number;
  updatedAt: string | null;
  targets: PlanTarget[];
}

export type ImportedTarget = Omit<PlanTarget, 'id'> & { row: number };

export interface TargetsImportResponse {
  planId: number;
  version: number;
  nextVersion: number;
  applied: boolean;
  targets: ImportedTarget[];
  kept: number;
  /** Targets of the same region and metric whose figures the table changes (updated in place). */
  changed: number;
  added: ImportedTarget[];
  removed: PlanTarget[];
  warnings: ImportWarning[];
}

/** The multipart form of both imports: preview=true writes nothing; a confirm sends the version read. */
export const goalsImportForm = z
  .object({
    preview: z.enum(['true', 'false']).optional(),
    version: z.string().regex(/^[1-9]\d{0,9}$/, 'must be the version read (a whole number)').transform(Number).optional(),
  })
  .strict();

/** When a quarter's milestone is due: from the day after the quarter ends (1 April, 1 July, 1 October, 1 January). */
export function milestoneDueOn(year: number, quarter: number): string {
  return quarter === 4 ? `${year + 1}-01-01` : `${year}-${['04-01', '07-01', '10-01'][quarter - 1]}`;
}

/** PUT /api/plans/:id/milestones: the list as saved, with what the save changed. */
export type MilestonesSaved = MilestonesResponse & { changes: ListChanges };
/** PUT /api/plans/:id/targets: the list as saved, with what the save changed. */
export type TargetsSaved = TargetsResponse & { changes: ListChanges };

// ---------------------------------------------------------------------------------------------
// Routes


export const milestonesContract = defineContract({
  capability: 'milestones',
  description: "A plan's quarterly milestones (形象进度) and targets (目标任务): read, saved as a whole at the version read, or imported from the bureau's table (preview=true first).",
  routes: {
    milestones: {
      method: 'GET', path: '/api/plans/:id/milestones', roles: STAFF, params: idParam,
      summary: "The plan's milestones with the version a save is checked against",
      response: json<MilestonesResponse>('The milestones, each with the quarter it is due'),
    },
    saveMilestones: {
      method: 'PUT', path: '/api/plans/:id/milestones', roles: PLANNING, params: idParam, body: milestonesPut,
      summary: "Save the plan's milestones as a whole at the version read (409 when someone saved since)",
      response: json<MilestonesSaved>('The milestones as saved, with what changed'),
    },
    importMilestones: {
      method: 'POST', path: '/api/plans/:id/milestones/import', roles: PLANNING, params: idParam,
      body: multipart('the milestone table (.csv or .xlsx)', goalsImportForm),
      summary: "Import the plan's milestones from a table in the layout of Beilun's 附件1: preview=true, then the version previewed",
      note: 'preview=true writes nothing but reads the plan: a planner tool',
      response: json<MilestonesImportResponse>('The milestones read, kept, added and removed (applied when confirmed)'),
    },
    targets: {
      method: 'GET', path: '/api/plans/:id/targets', roles: STAFF, params: idParam,
      summary: "The plan's targets with the version a save is checked against",
      response: json<TargetsResponse>('The targets'),
    },
    saveTargets: {
      method: 'PUT', path: '/api/plans/:id/targets', roles: PLANNING, params: idParam, body: targetsPut,
      summary: "Save the plan's targets as a whole at the version read (409 when someone saved since)",
      response: json<TargetsSaved>('The targets as saved, with what changed'),
    },
    importTargets: {
      method: 'POST', path: '/api/plans/:id/targets/import', roles: PLANNING, params: idParam,
      body: multipart('the targets table (.csv or .xlsx)', goalsImportForm),
      summary: "Import the plan's targets from a table in Haimen's layout: preview=true, then the version previewed",
      response: json<TargetsImportResponse>('The targets read, kept, changed, added and removed (applied when confirmed)'),
    },
  },
});
