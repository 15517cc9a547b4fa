/**
 * Report periods (YYYY-MM) and the monthly deadline. The documents set the rule in China's local
 * time (UTC+8, no daylight saving): a month's report is due by the 20th of the following month
 * (Haimen, seed 000), so it is late from 00:00 on the 21st, Beijing time.
 */
export const PERIOD_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Months since year 0, so that periods can be compared and stepped. */
export function periodIndex(period: string): number {
  const m = PERIOD_RE.exec(period);
  if (!m) throw new Error(`bad period "${period}", expected YYYY-MM`);
  return Number(m[1]) * 12 + Number(m[2]) - 1;
}

export function periodAt(index: number): string {
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function addMonths(period: string, n: number): string {
  return periodAt(periodIndex(period) + n);
}

/** Every period from `from` to `to`, both included. */
export function periodRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let i = periodIndex(from); i <= periodIndex(to); i++) out.push(periodAt(i));
  return out;
}

const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

/** The month an instant falls in, in Beijing time. */
export function periodOfInstant(at: Date): string {
  const local = new Date(at.getTime() + BEIJING_OFFSET_MS);
  return `${local.getUTCFullYear()}-${String(local.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The first instant at which a report for `period` is late: the 21st of the next month, 00:00 Beijing. */
export function lateFrom(period: string): Date {
  const next = periodIndex(period) + 1;
  return new Date(Date.UTC(Math.floor(next / 12), next % 12, 21) - BEIJING_OFFSET_MS);
}

/** The due date as printed on a ledger: the 20th of the following month. */
export function dueOn(period: string): string {
  return `${addMonths(period, 1)}-20`;
}

export function isLate(period: string, submittedAt: Date): boolean {
  return submittedAt.getTime() >= lateFrom(period).getTime();
}

/** Whole or part days after the deadline (1 for a report sent on the 21st). */
export function daysLate(period: string, submittedAt: Date): number {
  const ms = submittedAt.getTime() - lateFrom(period).getTime();
  return ms < 0 ? 0 : Math.floor(ms / 86_400_000) + 1;
}

/** A period can be reported once it has started (the current month's progress so far counts). */
export function isFuturePeriod(period: string, now: Date): boolean {
  return periodIndex(period) > periodIndex(periodOfInstant(now));
}

/** The latest period whose report was due (late from) at or before `now`. */
export function lastDuePeriod(now: Date): string {
  let p = addMonths(periodOfInstant(now), -1);
  while (lateFrom(p).getTime() > now.getTime()) p = addMonths(p, -1);
  return p;
}

/** The last month of a quarter, e.g. 2019 Q3 → 2019-09. */
export function quarterEndPeriod(year: number, quarter: number): string {
  return `${year}-${String(quarter * 3).padStart(2, '0')}`;
}
