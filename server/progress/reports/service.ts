import type { Database, Queryable } from '../../db/engine.ts';
import { HttpError } from '../../http/errors.ts';
import type { ProgressReport } from '../../../shared/progress/contract.ts';
import { isFuturePeriod, isLate, periodIndex } from '../../../shared/progress/periods.ts';
import type { Phase } from '../../../shared/phases.ts';
import type { ErrorCode } from '../../../shared/errors/codes.ts';
import {
  insertReportSql, latestInvestmentSql, neighbourReportsSql, reportByIdSql, reportContextSql, reportHistorySql, type ReportRow,
} from './sql.ts';

export interface NewReport {
  estateId: number;
  period: string;
  phase: Phase;
  progressPct: number;
  completedInvestmentWan?: number | null;
  completed: boolean;
  note?: string;
  exceedsPlan?: boolean;
  submittedBy?: string;
}

export function toReport(r: ReportRow): ProgressReport {
  return {
    id: r.id,
    estateId: r.estate_id,
    period: r.period,
    revision: r.revision,
    phase: r.phase as Phase | null,
    progressPct: r.progress_pct,
    completedInvestmentWan: r.completed_investment_wan,
    completed: r.completed,
    note: r.note,
    exceedsPlan: r.exceeds_plan,
    submittedAt: r.submitted_at,
    submittedBy: r.submitted_by,
    late: isLate(r.period, new Date(r.submitted_at)),
    current: r.current,
    source: r.source,
    synthetic: r.synthetic,
  };
}

export async function reportHistory(db: Queryable, estateId: number | undefined, period?: string): Promise<ProgressReport[]> {
  if (estateId !== undefined) {
    const [estate] = await db.query('SELECT id FROM estates WHERE id = $1', [estateId]);
    if (!estate) throw new HttpError(404, 'not_found', `estateId: no estate with id ${estateId}`, { parameter: 'estateId', estateId });
  }
  const rows = await db.query<ReportRow>(reportHistorySql, [estateId ?? null, period ?? null]);
  return rows.map(toReport);
}

const unprocessable = (code: ErrorCode, field: string, message: string, extra: Record<string, unknown> = {}) =>
  new HttpError(422, code, message, { field, ...extra });

/**
 * Files a monthly report as the next revision of its period, in one transaction. Rejected (and
 * nothing written) when the period has not begun, the estate is not in a plan running that year,
 * the content repeats the newest revision, progress or cumulative investment goes down without a
 * correction note, investment exceeds the plan without the reporter's confirmation, or the estate
 * is called completed below 100%.
 */
export async function submitReport(db: Database, input: NewReport, now = new Date()): Promise<ProgressReport> {
  if (isFuturePeriod(input.period, now)) {
    throw unprocessable('future_period', 'period', `period: ${input.period} has not begun yet; a report can only describe the current or a past month`);
  }
  if (input.completed && input.progressPct < 100) {
    throw unprocessable('inconsistent', 'completed', `completed: an estate reported as completed must be at 100% progress, not ${input.progressPct}%`);
  }
  const note = input.note?.trim() || null;
  return db.transaction(async (tx) => {
    const [estate] = await tx.query<{ id: number; name: string; plan_year: number; plan_slug: string; planned_investment_wan: number | null; money_level: 'estate' | 'project' | null }>(
      reportContextSql,
      [input.estateId],
    );
    if (!estate) throw new HttpError(404, 'not_found', `estateId: no estate with id ${input.estateId}`, { field: 'estateId' });
    if (periodIndex(input.period) < estate.plan_year * 12) {
      throw unprocessable(
        'outside_plan', 'period',
        `estateId: ${estate.name} is in the ${estate.plan_year} plan (${estate.plan_slug}); it has no reports to make for ${input.period}`,
        { planYear: estate.plan_year },
      );
    }
    if (input.completedInvestmentWan != null && estate.money_level === null) {
      throw unprocessable('no_planned_investment', 'completedInvestmentWan', `completedInvestmentWan: no investment is planned for ${estate.name} or its project; leave it empty`);
    }
    const neighbours = await tx.query<ReportRow & { which: 'same' | 'before' }>(neighbourReportsSql, [input.estateId, input.period]);
    const same = neighbours.find((r) => r.which === 'same');
    const before = same ?? neighbours.find((r) => r.which === 'before');

    const investment = input.completedInvestmentWan ?? null;
    if (same && sameContent(same, { ...input, note, completedInvestmentWan: investment })) {
      throw new HttpError(409, 'duplicate_report', `This repeats revision ${same.revision} of ${input.period} for ${estate.name}; nothing was filed`, {
        field: '(body)', revision: same.revision,
      });
    }
    if (before?.progress_pct != null && input.progressPct < before.progress_pct && !note) {
      throw unprocessable(
        'correction_note_required', 'note',
        `note: progress goes down from ${before.progress_pct}% (${before.period} revision ${before.revision}) to ${input.progressPct}%; say why in a correction note`,
        { previous: before.progress_pct },
      );
    }
    if (investment !== null) {
      const [last] = await tx.query<{ completed_investment_wan: number; period: string }>(latestInvestmentSql, [input.estateId, input.period, estate.money_level]);
      if (last && investment < last.completed_investment_wan && !note) {
        throw unprocessable(
          'correction_note_required', 'note',
          `note: cumulative investment goes down from ${last.completed_investment_wan} 万元 (${last.period}) to ${investment} 万元; say why in a correction note`,
          { previous: last.completed_investment_wan },
        );
      }
      const planned = estate.planned_investment_wan!;
      if (investment > planned && !input.exceedsPlan) {
        throw unprocessable(
          'exceeds_plan', 'completedInvestmentWan',
          `completedInvestmentWan: ${investment} 万元 is more than the ${planned} 万元 planned for the ${estate.money_level}; confirm with exceedsPlan: true if that is right`,
          { planned, level: estate.money_level },
        );
      }
    }
    const [{ id }] = (await tx.query<{ id: number }>(insertReportSql, [
      input.estateId, input.period, (same?.revision ?? 0) + 1, input.phase, input.progressPct, investment, input.completed, note,
      Boolean(input.exceedsPlan && investment !== null && investment > estate.planned_investment_wan!), input.submittedBy?.trim() || null,
    ])) as [{ id: number }];
    const [row] = await tx.query<ReportRow>(reportByIdSql, [id]);
    return toReport(row!);
  });
}

function sameContent(r: ReportRow, n: Omit<NewReport, 'note'> & { note: string | null; completedInvestmentWan: number | null }): boolean {
  return r.phase === n.phase && r.progress_pct === n.progressPct && r.completed_investment_wan === n.completedInvestmentWan
    && r.completed === n.completed && (r.note ?? null) === n.note;
}
