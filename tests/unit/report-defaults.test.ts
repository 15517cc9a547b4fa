import { describe, expect, it } from 'vitest';
import { defaultPeriod, lastReport, matchesName, notYetReported, prefillFrom, reportingWindow } from '../../client/src/reports/defaults.ts';
import { addMonths, periodOfInstant } from '../../shared/progress/periods.ts';

const estate = (completed: boolean | null, reportPeriod: string | null) => ({ completed, reportPeriod });
const report = (period: string, revision: number, progressPct: number | null, completedInvestmentWan: number | null = null) => ({
  period, revision, phase: 'construction' as const, progressPct, completedInvestmentWan,
});

describe("the report form's default month is the programme's", () => {
  // 6 December 2026, Beijing: November's report is due by 20 December.
  const now = new Date('2026-12-06T10:00:00+08:00');

  it('is last month while the programme is reporting', () => {
    const w = reportingWindow({ reportingFrom: '2024-02' }, [estate(true, '2024-09'), estate(false, '2024-10')]);
    expect(w).toEqual({ from: '2024-02', to: null });
    expect(defaultPeriod(w, now)).toBe(addMonths(periodOfInstant(now), -1));
    expect(defaultPeriod(w, now)).toBe('2026-11');
  });

  it('is the last month reported once every estate has reported completion', () => {
    const w = reportingWindow({ reportingFrom: '2021-03' }, [estate(true, '2022-07'), estate(true, '2021-11')]);
    expect(w).toEqual({ from: '2021-03', to: '2022-07' });
    expect(defaultPeriod(w, now)).toBe('2022-07');
  });

  it('is the first month when reporting has not begun', () => {
    const w = reportingWindow({ reportingFrom: '2027-03' }, [estate(null, null)]);
    expect(defaultPeriod(w, now)).toBe('2027-03');
    // Beginning this month: this month, not last.
    expect(defaultPeriod({ from: '2026-12', to: null }, now)).toBe('2026-12');
  });

  it('counts the month in Beijing: 31 Dec 20:00 UTC is already January', () => {
    expect(defaultPeriod({ from: '2020-01', to: null }, new Date('2026-12-31T20:00:00Z'))).toBe('2026-12');
    expect(defaultPeriod({ from: '2020-01', to: null }, new Date('2026-12-31T15:00:00Z'))).toBe('2026-11');
  });

  it('does not end while an estate has no report or has not completed', () => {
    expect(reportingWindow({ reportingFrom: '2021-04' }, [estate(true, '2021-04'), estate(null, null)]).to).toBeNull();
    expect(reportingWindow({ reportingFrom: '2021-04' }, []).to).toBeNull();
  });
});

describe('prefill from the last report', () => {
  it('takes the newest revision of the newest period, whatever the order', () => {
    const history = [report('2024-09', 1, 50), report('2024-10', 1, 60), report('2024-10', 2, 65), report('2024-08', 3, 40)];
    expect(lastReport(history)).toEqual(history[2]);
    expect(lastReport([...history].reverse())).toEqual(history[2]);
    expect(lastReport([])).toBeNull();
  });

  it('fills phase, progress and money, money only where it is planned', () => {
    const last = { ...report('2024-10', 2, 65.5, 120.25), phase: 'acceptance' as const };
    expect(prefillFrom(last, true)).toEqual({ phase: 'acceptance', progressPct: '65.5', completedInvestmentWan: '120.25' });
    expect(prefillFrom(last, false).completedInvestmentWan).toBe('');
    expect(prefillFrom(null, true)).toEqual({ phase: 'construction', progressPct: '', completedInvestmentWan: '' });
    expect(prefillFrom({ ...report('2024-10', 1, 0, 0), phase: null }, true)).toEqual({ phase: 'construction', progressPct: '0', completedInvestmentWan: '0' });
  });
});

describe("the picker's filter and marker", () => {
  it('marks the estates with no report for the month', () => {
    expect([...notYetReported([1, 2, 3], [{ estateId: 2 }, { estateId: 2 }, { estateId: 9 }])]).toEqual([1, 3]);
  });

  it('matches the name as written', () => {
    expect(matchesName('金赣小区', '金')).toBe(true);
    expect(matchesName('金赣小区', ' 金赣 ')).toBe(true);
    expect(matchesName('蓉江新村', '金')).toBe(false);
    expect(matchesName('蓉江新村', '')).toBe(true);
  });
});
