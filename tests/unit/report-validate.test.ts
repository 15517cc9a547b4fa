import { describe, expect, it } from 'vitest';
import { validateReport, type ReportContext, type ReportDraft } from '../../client/src/reports/validate.ts';

const draft = (o: Partial<ReportDraft> = {}): ReportDraft => ({
  estateId: 7, period: '2024-06', phase: 'construction', progressPct: '40', completedInvestmentWan: '', completed: false, exceedsPlan: false, note: '', ...o,
});
const ctx = (o: Partial<ReportContext> = {}): ReportContext => ({
  now: new Date('2024-07-10T12:00:00+08:00'), previous: { progressPct: 35, completedInvestmentWan: 100 }, plannedInvestmentWan: 500, moneyAllowed: true, ...o,
});

describe('the report form checks', () => {
  it('builds the body the API takes', () => {
    const { errors, body } = validateReport(draft({ completedInvestmentWan: '120.5' }), ctx());
    expect(errors).toEqual({});
    expect(body).toEqual({ estateId: 7, period: '2024-06', phase: 'construction', progressPct: 40, completedInvestmentWan: 120.5, completed: false });
  });

  it('refuses progress going down without a correction note, accepts it with one', () => {
    expect(validateReport(draft({ progressPct: '30' }), ctx()).errors).toEqual({ note: 'rfErrDown' });
    expect(validateReport(draft({ progressPct: '30', note: '更正' }), ctx()).body?.note).toBe('更正');
  });

  it('refuses investment above the plan unless confirmed', () => {
    expect(validateReport(draft({ completedInvestmentWan: '600' }), ctx()).errors).toEqual({ exceedsPlan: 'rfErrExceeds' });
    expect(validateReport(draft({ completedInvestmentWan: '600', exceedsPlan: true }), ctx()).body?.exceedsPlan).toBe(true);
  });

  it('refuses out-of-range progress, negative money, a month not begun, completed below 100%', () => {
    expect(validateReport(draft({ progressPct: '101' }), ctx()).errors.progressPct).toBe('rfErrProgress');
    expect(validateReport(draft({ progressPct: '' }), ctx()).errors.progressPct).toBe('rfErrProgress');
    expect(validateReport(draft({ completedInvestmentWan: '-1' }), ctx()).errors.completedInvestmentWan).toBe('rfErrMoney');
    expect(validateReport(draft({ period: '2024-08' }), ctx()).errors.period).toBe('rfErrFuture');
    expect(validateReport(draft({ period: '2024-07' }), ctx()).errors.period).toBeUndefined();
    expect(validateReport(draft({ completed: true }), ctx()).errors.completed).toBe('rfErrCompleted');
  });

  it('refuses money for an estate with none planned', () => {
    expect(validateReport(draft({ completedInvestmentWan: '1' }), ctx({ moneyAllowed: false, plannedInvestmentWan: null, previous: { progressPct: 35, completedInvestmentWan: null } })).errors).toEqual({
      completedInvestmentWan: 'rfNoMoney',
    });
  });
});
