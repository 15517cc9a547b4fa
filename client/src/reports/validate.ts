import type { Phase } from '../../../shared/phases.ts';
import type { ProgressReport, ReportBody } from '../../../shared/progress/contract.ts';
import { isFuturePeriod, PERIOD_RE } from '../../../shared/progress/periods.ts';
import type { DictKey } from '../i18n/dict.ts';

export interface ReportDraft {
  estateId: number | null;
  period: string;
  phase: Phase;
  progressPct: string;
  completedInvestmentWan: string;
  completed: boolean;
  exceedsPlan: boolean;
  note: string;
}

export interface ReportContext {
  now: Date;
  /** The newest report at or before the draft's month (the one a new figure is compared with). */
  previous: Pick<ProgressReport, 'progressPct' | 'completedInvestmentWan'> | null;
  /** The estate's own planned money when it has one; null when the plan is the project's or none. */
  plannedInvestmentWan: number | null;
  /** False when neither the estate nor its project has planned money. */
  moneyAllowed: boolean;
}

export type ReportErrors = Partial<Record<'estateId' | 'period' | 'progressPct' | 'completedInvestmentWan' | 'note' | 'completed' | 'exceedsPlan', DictKey>>;

/**
 * The checks a reporter sees before sending; the server makes the same ones (and the ones that
 * need the whole database) and has the last word.
 */
export function validateReport(d: ReportDraft, ctx: ReportContext): { errors: ReportErrors; body: ReportBody | null } {
  const errors: ReportErrors = {};
  if (d.estateId === null) errors.estateId = 'rfEstate';
  if (!PERIOD_RE.test(d.period) || isFuturePeriod(d.period, ctx.now)) errors.period = 'rfErrFuture';
  const progress = Number(d.progressPct);
  if (d.progressPct.trim() === '' || !Number.isFinite(progress) || progress < 0 || progress > 100) errors.progressPct = 'rfErrProgress';
  const money = d.completedInvestmentWan.trim() === '' ? null : Number(d.completedInvestmentWan);
  if (money !== null && (!Number.isFinite(money) || money < 0)) errors.completedInvestmentWan = 'rfErrMoney';
  if (money !== null && !ctx.moneyAllowed) errors.completedInvestmentWan = 'rfNoMoney';
  const note = d.note.trim();
  const prev = ctx.previous;
  if (!note && prev?.progressPct != null && progress < prev.progressPct) errors.note = 'rfErrDown';
  if (!note && money !== null && prev?.completedInvestmentWan != null && money < prev.completedInvestmentWan) errors.note = 'rfErrDown';
  if (d.completed && progress < 100) errors.completed = 'rfErrCompleted';
  if (money !== null && ctx.plannedInvestmentWan !== null && money > ctx.plannedInvestmentWan && !d.exceedsPlan) errors.exceedsPlan = 'rfErrExceeds';
  if (Object.keys(errors).length > 0) return { errors, body: null };
  return {
    errors,
    body: {
      estateId: d.estateId!,
      period: d.period,
      phase: d.phase,
      progressPct: progress,
      completedInvestmentWan: money,
      completed: d.completed,
      ...(note ? { note } : {}),
      ...(d.exceedsPlan ? { exceedsPlan: true } : {}),
    },
  };
}
