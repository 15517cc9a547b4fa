/**
 * Planned against actual over the months (issue 16 item 5): the dashboard's S-curves. The answer
 * of GET /api/stats/series; the rules are in README "Dashboard charts: the rules".
 */
import { z } from 'zod';
import { regionCode, yearParam } from '../api.ts';

export const seriesQuery = z.object({ parent: regionCode.optional(), year: yearParam.optional() }).strict();
export type SeriesQuery = z.infer<typeof seriesQuery>;

/** The scope's figures as of the end of one month: the total line of the ranking of that month. */
export interface SeriesMonth {
  period: string;
  estates: number;
  /** Estates whose newest report up to the month says construction (项目建设) or later, or completed; null when no such report gives a phase. */
  startedEstates: number | null;
  completedEstates: number;
  /** Fractions, as in the ranking (0.0307 is 3.07%). */
  completionRate: number | null;
  plannedInvestmentWan: number | null;
  completedInvestmentWan: number | null;
  investmentRate: number | null;
}

/** What the milestones (形象进度) plan by the end of a quarter, counted in estates of the scope. */
export interface SeriesMilestonePoint {
  year: number;
  quarter: number;
  /** The quarter's last month (YYYY-03, -06, -09, -12): its report is the one the milestone is checked against. */
  period: string;
  /** Estates planned in construction or later (or with a planned percentage above 0) by then. */
  startedEstates: number;
  /** Estates planned at acceptance or later, or at 100 %, by then. */
  completedEstates: number;
}

/** A target (目标任务) counted in estates: what is to be started or completed by its due month. */
export interface SeriesTarget {
  metric: 'estates_started' | 'estates_completed';
  value: number;
  dueOn: string | null;
  /** The month it is due: the month of dueOn, else December of the target's year. */
  period: string;
  source: string;
}

export interface SeriesResponse {
  parent: { code: string; name: string } | null;
  year: number | null;
  /** Every month from the first to the last the scope's reports cover (as the month slider); empty without reports. */
  months: SeriesMonth[];
  milestones: SeriesMilestonePoint[];
  targets: SeriesTarget[];
}
