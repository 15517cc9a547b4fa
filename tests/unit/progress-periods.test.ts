import { describe, expect, it } from 'vitest';
import { asOfInstant } from '../../server/progress/stats/lagging.ts';
import { milestoneDueOn } from '../../shared/milestones/contract.ts';
import {
  addMonths, daysLate, dueOn, isFuturePeriod, isLate, lastDuePeriod, lateFrom, periodOfInstant, periodRange, quarterEndPeriod,
} from '../../shared/progress/periods.ts';

describe('the monthly deadline: the 20th of the following month, Beijing time', () => {
  it('is on time at 23:59 on the 20th and late from 00:00 on the 21st (UTC+8)', () => {
    // 2024-06 is due 2024-07-20; 00:00 on the 21st in Beijing is 16:00 on the 20th in UTC.
    expect(lateFrom('2024-06').toISOString()).toBe('2024-07-20T16:00:00.000Z');
    expect(isLate('2024-06', new Date('2024-07-20T23:59:59+08:00'))).toBe(false);
    expect(isLate('2024-06', new Date('2024-07-21T00:00:00+08:00'))).toBe(true);
    // 20 July 17:00 UTC is already the 21st in Beijing.
    expect(isLate('2024-06', new Date('2024-07-20T17:00:00Z'))).toBe(true);
    expect(dueOn('2024-06')).toBe('2024-07-20');
  });

  it('rolls over the year end: December is due on 20 January', () => {
    expect(lateFrom('2023-12').toISOString()).toBe('2024-01-20T16:00:00.000Z');
    expect(dueOn('2023-12')).toBe('2024-01-20');
    expect(isLate('2023-12', new Date('2024-01-20T10:00:00+08:00'))).toBe(false);
  });

  it('counts days late from the 21st', () => {
    expect(daysLate('2024-06', new Date('2024-07-20T12:00:00+08:00'))).toBe(0);
    expect(daysLate('2024-06', new Date('2024-07-21T09:00:00+08:00'))).toBe(1);
    expect(daysLate('2024-06', new Date('2024-07-31T09:00:00+08:00'))).toBe(11);
  });

  it('puts an instant in its Beijing month: 31 Jan 20:00 UTC is already February', () => {
    expect(periodOfInstant(new Date('2024-01-31T15:59:59Z'))).toBe('2024-01');
    expect(periodOfInstant(new Date('2024-01-31T16:00:00Z'))).toBe('2024-02');
  });

  it('calls only months that have not begun in Beijing "future"', () => {
    const now = new Date('2024-05-31T16:30:00Z'); // 1 June 00:30 in Beijing
    expect(isFuturePeriod('2024-06', now)).toBe(false);
    expect(isFuturePeriod('2024-07', now)).toBe(true);
    expect(isFuturePeriod('2023-12', now)).toBe(false);
  });

  it('knows the last month whose report is due', () => {
    expect(lastDuePeriod(new Date('2024-07-20T12:00:00+08:00'))).toBe('2024-05');
    expect(lastDuePeriod(new Date('2024-07-21T00:00:00+08:00'))).toBe('2024-06');
    expect(lastDuePeriod(new Date('2024-01-25T00:00:00+08:00'))).toBe('2023-12');
  });

  it('steps and ranges months across years, and ends quarters', () => {
    expect(addMonths('2023-11', 3)).toBe('2024-02');
    expect(periodRange('2023-11', '2024-02')).toEqual(['2023-11', '2023-12', '2024-01', '2024-02']);
    expect(quarterEndPeriod(2019, 3)).toBe('2019-09');
    expect(quarterEndPeriod(2019, 4)).toBe('2019-12');
  });
});

describe('asOf and a quarter’s due day (issue 16)', () => {
  it('reads asOf in Beijing time: a date is the end of that day, a time without a zone is Beijing’s', () => {
    expect(asOfInstant('2024-06-20').toISOString()).toBe('2024-06-20T15:59:59.999Z');
    expect(asOfInstant('2024-06-21T00:00').toISOString()).toBe('2024-06-20T16:00:00.000Z');
    expect(asOfInstant('2024-06-21T00:00+08:00').toISOString()).toBe('2024-06-20T16:00:00.000Z');
    expect(asOfInstant('2024-06-20T16:00:00Z').toISOString()).toBe('2024-06-20T16:00:00.000Z');
  });

  it('makes a quarter’s milestone due from the day after the quarter ends', () => {
    expect([1, 2, 3, 4].map((q) => milestoneDueOn(2019, q))).toEqual(['2019-04-01', '2019-07-01', '2019-10-01', '2020-01-01']);
  });
});
