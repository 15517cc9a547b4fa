import { ApiRequestError } from '../api/http.ts';

/** A row/column/reason a plan-table refusal names (422 details.problems). */
export interface TableProblem {
  row: number | null;
  column: string | null;
  reason: string;
}

/** The problems a refused table lists, so the planner sees every row to fix, not one message. */
export function problemsOf(err: unknown): TableProblem[] {
  if (!(err instanceof ApiRequestError)) return [];
  const details = err.details as { problems?: TableProblem[] } | undefined;
  return Array.isArray(details?.problems) ? details.problems : [];
}
