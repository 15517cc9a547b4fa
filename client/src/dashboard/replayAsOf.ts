import { addMonths } from '../../../shared/progress/periods.ts';

/**
 * The instant a replayed month's ledger is asked as of (issue 16: a replay shows what was known
 * then): 00:00 Beijing time on the 21st of the month after, the first instant a report for the
 * month is late (reports are due by the 20th). Reports submitted later count for nothing. A month
 * whose deadline has not passed yet is asked as of now (undefined).
 */
export function replayAsOf(period: string, now: number = Date.now()): string | undefined {
  const instant = `${addMonths(period, 1)}-21T00:00:00+08:00`;
  return Date.parse(instant) <= now ? instant : undefined;
}
