/**
 * Progress monitoring (issue 5): monthly reports (月度报表), rankings, targets handed down and the
 * supervision ledger. The contract of server/progress (reports, stats, targets) and of the
 * client's dashboard and report form.
 */
import { z } from 'zod';
import { periodParam, regionCode, yearParam } from '../api.ts';
import { type Role, ROLES, STAFF } from '../auth.ts';
import { defineContract, file, json } from '../contract/route.ts';
import { idString } from '../ids.ts';
import { parsePhase, PHASES, type Phase } from '../phases.ts';
import { seriesQuery, type SeriesResponse } from './series.ts';

export { periodParam };

const dateParam = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, 'must be a date YYYY-MM-DD or an ISO timestamp')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'must be a real date');

const money = z
  .number({ message: 'must be a number of 万元' })
  .finite('must be a finite number')
  .nonnegative('cannot be negative');

/** Body of POST /api/reports. Phase takes the code name or the documents' Chinese name. */
export const reportBody = z
  .object({
    estateId: z.number({ message: 'must be an estate id' }).int('must be a whole number').positive('must be positive'),
    period: periodParam,
    phase: z
      .string({ message: `must be one of ${PHASES.join(', ')}` })
      .transform((v, ctx) => {
        const p = parsePhase(v);
        if (!p) ctx.addIssue({ code: 'custom', message: `must be one of ${PHASES.join(', ')} (or 摸底调查 … 长效管理)` });
        return p as Phase;
      }),
    progressPct: z.number({ message: 'must be a number from 0 to 100' }).min(0, 'must be 0 or more').max(100, 'must be 100 or less'),
    /** Cumulative, at the level where the money is planned: the estate's own, else its project's. */
    completedInvestmentWan: money.nullable().optional(),
    completed: z.boolean({ message: 'must be true or false' }),
    note: z.string().trim().max(2000, 'must be at most 2000 characters').optional(),
    /** The reporter confirms that cumulative investment really exceeds the plan. */
    exceedsPlan: z.boolean().optional(),
    submittedBy: z.string().trim().max(200).optional(),
  })
  .strict();
export type ReportBody = z.input<typeof reportBody>;

/** An estate's history (all months), or one month for every estate, or both. */
export const reportsQuery = z
  .object({
    estateId: idString('estate').optional(),
    period: periodParam.optional(),
  })
  .strict()
  .refine((q) => q.estateId !== undefined || q.period !== undefined, { message: 'give estateId, period or both', path: ['estateId'] });

export const RANKING_LEVELS = ['district', 'street', 'community'] as const;

export const rankingQuery = z
  .object({
    level: z.enum(RANKING_LEVELS).default('district'),
    parent: regionCode.optional(),
    year: yearParam.optional(),
    period: periodParam.optional(),
    orderBy: z.enum(['investmentRate', 'completionRate']).default('investmentRate'),
  })
  .strict();
export type RankingQuery = z.infer<typeof rankingQuery>;

export const targetsQuery = z
  .object({ region: regionCode.optional(), year: yearParam.optional(), period: periodParam.optional() })
  .strict();

export const laggingQuery = z
  .object({
    parent: regionCode.optional(),
    year: yearParam.optional(),
    /** The month the ledger is about; defaults to the last month whose report is already due. */
    period: periodParam.optional(),
    /**
     * The instant the ledger is asked as of (replays, tests; defaults to now): what was due then, and
     * only reports submitted by then count. A date is the end of that day, a time without a zone is
     * Beijing's (server/progress/stats/lagging.ts, asOfInstant).
     */
    asOf: dateParam.optional(),
  })
  .strict();

export const heatmapQuery = z
  .object({ parent: regionCode.optional(), year: yearParam.optional(), period: periodParam.optional() })
  .strict();

export interface ProgressReport {
  id: number;
  estateId: number;
  period: string;
  revision: number;
  phase: Phase | null;
  progressPct: number | null;
  completedInvestmentWan: number | null;
  completed: boolean | null;
  note: string | null;
  exceedsPlan: boolean;
  submittedAt: string;
  submittedBy: string | null;
  /** Submitted on or after the 21st of the following month (Beijing time). */
  late: boolean;
  /** The newest revision of its period: the one the figures use. */
  current: boolean;
  source: string;
  synthetic: boolean;
}

export interface RankingRow {
  rank: number | null;
  code: string;
  name: string;
  estates: number;
  completedEstates: number;
  households: number | null;
  plannedInvestmentWan: number | null;
  completedInvestmentWan: number | null;
  /** Fractions (0.0307 is 3.07%), like EstateProperties.investmentRate; null without a planned figure. */
  investmentRate: number | null;
  completionRate: number | null;
  personInCharge: string | null;
  leader: string | null;
  /** Rates the source document printed for exactly this row, kept for comparison. */
  stated: { investmentRatePct: number | null; completionRatePct: number | null } | null;
  /** True when a figure here rests on generated (synthetic) report history. */
  synthetic: boolean;
  bbox: [number, number, number, number] | null;
}

export type RankingTotal = Omit<RankingRow, 'rank' | 'code' | 'name' | 'personInCharge' | 'leader' | 'bbox'>;

export interface RankingResponse {
  level: (typeof RANKING_LEVELS)[number];
  parent: { code: string; name: string } | null;
  year: number | null;
  period: string | null;
  orderBy: 'investmentRate' | 'completionRate';
  /** The date the figures describe: the source's 填报日期 when the table is the source's own. */
  asOf: string | null;
  title: string;
  rows: RankingRow[];
  total: RankingTotal;
  /** Money planned for a project whose estates span several rows: in the total, in no row. */
  unattributedPlannedInvestmentWan: number | null;
  /** The months the scope's reports cover, for replaying them (all periods, whatever period was asked). */
  reportPeriods: { first: string | null; last: string | null };
}

export interface TargetRow {
  id: number;
  regionCode: string;
  regionName: string;
  year: number;
  metric: string;
  unit: string;
  target: number;
  /** What the plans in the database hold for this metric (estates, households, 套 …). */
  planned: number | null;
  /** What reports show as achieved; null where nothing is reported for the metric. */
  actual: number | null;
  responsibleUnit: string | null;
  dueOn: string | null;
  source: string;
}

export type LedgerKind = 'lagging' | 'late' | 'missing';

export interface LedgerItem {
  kind: LedgerKind;
  period: string;
  unit: string;
  personInCharge: string | null;
  leader: string | null;
  districtName: string;
  streetName: string | null;
  estateId: number | null;
  estateName: string | null;
  projectId: number | null;
  projectName: string | null;
  /** late/missing: when the report was due (the 20th of the following month). */
  dueOn: string | null;
  submittedAt: string | null;
  daysLate: number | null;
  /** lagging: the milestone (形象进度) and how far behind it the work is. */
  milestone: { year: number; quarter: number; phase: Phase | null; progressPct: number | null; description: string | null } | null;
  actualPhase: Phase | null;
  actualProgressPct: number | null;
  behindPct: number | null;
  phasesBehind: number | null;
  synthetic: boolean;
}

export interface LedgerResponse {
  period: string;
  asOf: string;
  items: LedgerItem[];
  byUnit: { unit: string; lagging: number; late: number; missing: number }[];
}

export interface HeatmapResponse {
  points: HeatPoint[];
  /**
   * The region the heatmap is clipped to, inverted: a frame 20° around the districts of the scope
   * with the districts cut out. Drawn over the heatmap it hides the blur that spills outside.
   */
  outside: GeoJSON.Geometry | null;
}

export interface HeatPoint {
  lon: number;
  lat: number;
  /** Planned minus completed investment, 万元. */
  weightWan: number;
  level: 'estate' | 'project';
  name: string;
  synthetic: boolean;
}

/** Everyone who reads the whole programme: a reporter does not. */

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const progressContract = defineContract({
  capability: 'progress',
  description: 'Monthly progress reports (月度报表), the ranking table and its Excel export, the supervision ledger, the money-behind heatmap and targets handed down (目标任务).',
  routes: {
    reports: {
      method: 'GET', path: '/api/reports', roles: ROLES, reporter: 'reportList', idQuery: ['estateId'], query: reportsQuery,
      summary: "An estate's report history (every month, every revision), or one month's reports of every estate",
      response: json<{ reports: ProgressReport[] }>('The reports, newest revision marked current; a reporter sees their own estates only'),
    },
    submitReport: {
      method: 'POST', path: '/api/reports', roles: ['admin', 'reporter'], reporter: 'reportBody', body: reportBody,
      summary: "File a month's report for an estate (a new revision when the month has one)",
      response: json<{ report: ProgressReport }>('The report as filed, with its revision and whether it is late', { status: 201 }),
    },
    ranking: {
      method: 'GET', path: '/api/stats/ranking', roles: STAFF, query: rankingQuery,
      summary: 'The ranking table of districts, streets or communities by investment or completion rate',
      response: json<RankingResponse>('Rows, total and the months the reports cover'),
    },
    rankingXlsx: {
      method: 'GET', path: '/api/stats/ranking.xlsx', roles: STAFF, query: rankingQuery,
      summary: 'The ranking table as an Excel workbook (as the circulars print it)',
      response: file('The workbook, as an attachment', [XLSX_TYPE]),
    },
    lagging: {
      method: 'GET', path: '/api/stats/lagging', roles: STAFF, query: laggingQuery,
      summary: 'The supervision ledger (督查台账): estates behind their milestone, late and missing reports, by responsible unit',
      response: json<LedgerResponse>('The ledger of the month'),
    },
    heatmap: {
      method: 'GET', path: '/api/stats/heatmap', roles: STAFF, query: heatmapQuery,
      summary: 'Money behind (planned minus completed investment) as weighted points, with the outside of the scope',
      response: json<HeatmapResponse>('The points and the inverted outline of the scope'),
    },
    series: {
      method: 'GET', path: '/api/stats/series', roles: STAFF, query: seriesQuery,
      summary: 'Planned against actual over the months: the ranking total as of each month-end, with what milestones and targets plan, in estates',
      response: json<SeriesResponse>('One entry per month the reports cover, the milestone points per quarter and the targets counted in estates'),
    },
    targets: {
      method: 'GET', path: '/api/targets', roles: STAFF, query: targetsQuery,
      summary: 'Targets handed down (目标任务) against what the plans hold and what reports show',
      response: json<{ targets: TargetRow[] }>('Target, planned and actual per region and metric'),
    },
  },
});
