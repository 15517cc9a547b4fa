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
  /** Report columns wanted, by name: the same names exist in both tables. */
  columns: string[];
  /** SQL of the month (YYYY-MM text) the report must be within, or 'NULL::text' for the newest. */
  period: string;
  /** '<=' (up to and including the month) or '<' (before it). */
  op?: '<=' | '<';
  /** SQL of the instant (timestamptz) reports must have been submitted by, if any. */
  known?: string;
  /** The estate row's alias in the query the joins go into (default s) and a prefix for ours. */
  estate?: string;
  alias?: string;
}

/**
 * Joins that give every estate row of a query (alias s) its newest report as of the month and
 * instant: `joins` goes after the estate in FROM, `col(c)` is the report's column c (NULL when it
 * had no report by then) and `reported` whether it had one. Joined to the base tables, not as a
 * subquery joined back on estate_id, so that the planner's row estimates stay those of the estates.
 */
export function newestReportJoins({ columns, period, op = '<=', known, estate = 's', alias = 'nr' }: NewestUpTo) {
  const n = alias;
  const h = `${alias}_h`;
  // An estate with no report has no maintained row: then the kept row is not the answer (with no
  // month asked, the comparison alone would be true and read it as reported, all columns null).
  const fast = `(${n}.estate_id IS NOT NULL AND (${period} IS NULL OR ${n}.period ${op} ${period})${known ? ` AND ${n}.last_submitted_at <= ${known}` : ''})`;
  const joins = `
    LEFT JOIN estate_newest_report ${n} ON ${n}.estate_id = ${estate}.id
    -- Only where the kept row is not the answer and some report lies within the month.
    LEFT JOIN LATERAL (
      SELECT true AS found, ${columns.map((c) => `r.${c}`).join(', ')} FROM progress_reports r
      WHERE NOT ${fast} AND (${period} IS NULL OR ${n}.first_period ${op} ${period})
        AND r.estate_id = ${estate}.id AND (${period} IS NULL OR r.period ${op} ${period})${known ? ` AND r.submitted_at <= ${known}` : ''}
      ORDER BY r.period DESC, r.revision DESC LIMIT 1
    ) ${h} ON true`;
  return {
    joins,
    col: (c: string) => `CASE WHEN ${fast} THEN ${n}.${c} ELSE ${h}.${c} END`,
    reported: `(COALESCE(${fast}, false) OR ${h}.found IS NOT NULL)`,
  };
}

/**
 * A query of (estate_id, columns…) over a relation of estates with an `id` column: one row for
 * each estate that had a report by then, none for those that had not.
 */
export function newestReportUpTo(o: NewestUpTo & { scope: string }): string {
  const j = newestReportJoins(o);
  return `
    SELECT s.id AS estate_id, ${o.columns.map((c) => `${j.col(c)} AS ${c}`).join(', ')}
    FROM ${o.scope} s ${j.joins}
    WHERE ${j.reported}`;
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
