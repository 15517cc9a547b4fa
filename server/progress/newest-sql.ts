/**
 * Each estate's newest report as of a month (and, for the ledger, as of an instant), read from the
 * maintained table estate_newest_report (migration 0020) where that row is the answer, and from the
 * history through the (estate_id, period DESC, revision DESC) index where it is not. The rule is
 * the one the figures always used: the newest report period up to the month, the newest revision
 * of it, among the reports submitted by the instant.
 *
 * The maintained row is the answer when its period is within the month asked (it is the newest of
 * all, so it is the newest up to the month) and, when an instant is asked, nothing of the estate
 * was submitted after it (last_submitted_at). Otherwise one index probe finds the answer, as
 * before the table existed. docs/benchmarks.md has the measurement behind this choice.
 */

export interface NewestUpTo {
  /** SQL of a relation of estates with an `id` column (a CTE name), aliased s. */
  scope: string;
  /** Report columns wanted, by name: the same names exist in both tables. */
  columns: string[];
  /** SQL of the month (YYYY-MM text) the report must be within, or 'NULL::text' for the newest. */
  period: string;
  /** '<=' (up to and including the month) or '<' (before it). */
  op?: '<=' | '<';
  /** SQL of the instant (timestamptz) reports must have been submitted by, if any. */
  known?: string;
}

/**
 * A query of (estate_id, columns…): one row for each estate of the scope that had a report by
 * then, none for those that had not.
 */
export function newestReportUpTo({ scope, columns, period, op = '<=', known }: NewestUpTo): string {
  const fast = `(${period} IS NULL OR n.period ${op} ${period})${known ? ` AND n.last_submitted_at <= ${known}` : ''}`;
  return `
    SELECT n.estate_id, ${columns.map((c) => `n.${c}`).join(', ')}
    FROM ${scope} s JOIN estate_newest_report n ON n.estate_id = s.id
    WHERE ${fast}
    UNION ALL
    SELECT n.estate_id, ${columns.map((c) => `h.${c}`).join(', ')}
    FROM ${scope} s JOIN estate_newest_report n ON n.estate_id = s.id
    CROSS JOIN LATERAL (
      SELECT ${columns.map((c) => `r.${c}`).join(', ')} FROM progress_reports r
      WHERE r.estate_id = s.id AND (${period} IS NULL OR r.period ${op} ${period})${known ? ` AND r.submitted_at <= ${known}` : ''}
      ORDER BY r.period DESC, r.revision DESC LIMIT 1
    ) h
    -- Not the answer, and some report lies within the month (else there is nothing to find).
    WHERE NOT (${fast}) AND (${period} IS NULL OR n.first_period ${op} ${period})`;
}

/**
 * For one estate (the SQL of its id), the same as a LATERAL subquery body: the maintained row
 * when it is the answer, else one probe of the history. For joins that look up a few estates.
 */
export function newestReportOf(estateId: string, columns: string[], period: string): string {
  return `
    (SELECT ${columns.map((c) => `n.${c}`).join(', ')} FROM estate_newest_report n
     WHERE n.estate_id = ${estateId} AND (${period} IS NULL OR n.period <= ${period}))
    UNION ALL
    (SELECT ${columns.map((c) => `r.${c}`).join(', ')} FROM progress_reports r
     WHERE ${period} IS NOT NULL AND r.estate_id = ${estateId} AND r.period <= ${period}
     ORDER BY r.period DESC, r.revision DESC LIMIT 1)
    LIMIT 1`;
}
