/** What a plan table's reader reports: problems refuse the table, warnings do not. */
export interface Problem {
  /** Spreadsheet row number (1-based, as the planner sees it), or null for file-level problems. */
  row: number | null;
  column: string | null;
  reason: string;
}

/** A warning is what the API answers with (shared/plans/contract.ts). */
export type { ImportWarning as Warning } from '../../../shared/plans/contract.ts';

export class PlanTableError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map(describeProblem).join('; '));
  }
}

export function describeProblem(p: Problem): string {
  const where = [p.row !== null ? `row ${p.row}` : null, p.column ? `column ${p.column}` : null].filter(Boolean).join(', ');
  return where ? `${where}: ${p.reason}` : p.reason;
}
