import type { Phase } from '../../../shared/phases.ts';
import type { ProgressReport } from '../../../shared/progress/contract.ts';
import { addMonths, periodIndex, periodOfInstant } from '../../../shared/progress/periods.ts';

/**
 * What the report form starts from (README, "Progress monitoring: the rules"): the programme's
 * month, the estate's last report, the estates not yet reported for the month.
 */

/** The months a programme's reports are due for: from `from`, up to `to` (null: still running). */
export interface ReportingWindow {
  from: string;
  to: string | null;
}

/**
 * Reporting begins at the programme's `reportingFrom` (its issue month, else January of its year,
 * or its first report if earlier). It has ended once every estate's newest report says completed:
 * its last month is then the newest of those reports' months. Estates are the reporter's own.
 */
export function reportingWindow(
  programme: { reportingFrom: string },
  estates: readonly { completed: boolean | null; reportPeriod: string | null }[],
): ReportingWindow {
  const ended = estates.length > 0 && estates.every((e) => e.completed === true && e.reportPeriod !== null);
  const to = ended ? estates.map((e) => e.reportPeriod!).reduce((a, b) => (periodIndex(b) > periodIndex(a) ? b : a)) : null;
  return { from: programme.reportingFrom, to };
}

/**
 * The form's default month: the latest month a report is due for within the programme. On the
 * calendar that is last month (Beijing time; its report is due by the 20th of this one), held to
 * the programme's window: its first month when reporting has not begun, its last when it has ended.
 */
export function defaultPeriod(window: ReportingWindow, now: Date): string {
  const due = addMonths(periodOfInstant(now), -1);
  if (window.to !== null && periodIndex(due) > periodIndex(window.to)) return window.to;
  if (periodIndex(due) < periodIndex(window.from)) return window.from;
  return due;
}

type Reported = Pick<ProgressReport, 'period' | 'revision' | 'phase' | 'progressPct' | 'completedInvestmentWan'>;

/** An estate's last report: the newest revision of its newest period (null when it has none). */
export function lastReport<R extends Reported>(history: readonly R[]): R | null {
  let best: R | null = null;
  for (const r of history) {
    if (!best) best = r;
    else {
      const d = periodIndex(r.period) - periodIndex(best.period);
      if (d > 0 || (d === 0 && r.revision > best.revision)) best = r;
    }
  }
  return best;
}

export interface Prefill {
  phase: Phase;
  progressPct: string;
  completedInvestmentWan: string;
}

/**
 * The progress fields as the last report left them; a field the report left empty stays empty
 * (phase: construction), and money only where money is planned.
 */
export function prefillFrom(last: Reported | null, moneyAllowed: boolean): Prefill {
  return {
    phase: last?.phase ?? 'construction',
    progressPct: last?.progressPct == null ? '' : String(last.progressPct),
    completedInvestmentWan: moneyAllowed && last?.completedInvestmentWan != null ? String(last.completedInvestmentWan) : '',
  };
}

/** The estates with no report (no revision at all) for the month the reports are of. */
export function notYetReported(estateIds: readonly number[], monthReports: readonly { estateId: number }[]): Set<number> {
  const filed = new Set(monthReports.map((r) => r.estateId));
  return new Set(estateIds.filter((id) => !filed.has(id)));
}

/** The picker's filter: the estate's name contains the text as written (spaces around ignored). */
export function matchesName(name: string, text: string): boolean {
  const q = text.trim();
  return q === '' || name.includes(q);
}
