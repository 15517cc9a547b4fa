import { describe, expect, it } from 'vitest';
import { completionRate, investmentRate, pct2, rankRows } from '../../shared/progress/ranking.ts';

describe('ranking arithmetic', () => {
  it("gives Wuhai 2021's printed rates from its figures (seed 001, 附件2)", () => {
    expect(pct2(investmentRate({ plannedInvestmentWan: 4949.834, completedInvestmentWan: 152.1 }))).toBe(3.07);
    expect(pct2(investmentRate({ plannedInvestmentWan: 4141.8, completedInvestmentWan: 24 }))).toBe(0.58);
    expect(pct2(investmentRate({ plannedInvestmentWan: 1800, completedInvestmentWan: 10 }))).toBe(0.56);
    expect(pct2(investmentRate({ plannedInvestmentWan: 10891.634, completedInvestmentWan: 186.1 }))).toBe(1.71);
  });

  it('has no rate without planned money or estates', () => {
    expect(investmentRate({ plannedInvestmentWan: null, completedInvestmentWan: 5 })).toBeNull();
    expect(investmentRate({ plannedInvestmentWan: 0, completedInvestmentWan: 0 })).toBeNull();
    expect(completionRate({ estates: 0, completedEstates: 0 })).toBeNull();
    expect(completionRate({ estates: 18, completedEstates: 13 })).toBeCloseTo(13 / 18, 12);
  });

  it('ranks highest first, shares a rank on equal printed rates, puts rows without a rate last', () => {
    const rows = [
      { code: 'a', investmentRate: 0.0058, completionRate: 0.5 },
      { code: 'b', investmentRate: null, completionRate: 0.9 },
      { code: 'c', investmentRate: 0.0307, completionRate: 0.1 },
      { code: 'd', investmentRate: 0.00581, completionRate: 0.2 }, // prints as 0.58 too
      { code: 'e', investmentRate: 0.0056, completionRate: null },
    ];
    const ranked = rankRows(rows, 'investmentRate');
    expect(ranked.map((r) => [r.code, r.rank])).toEqual([['c', 1], ['a', 2], ['d', 2], ['e', 4], ['b', null]]);
    expect(rankRows(rows, 'completionRate').map((r) => r.code)).toEqual(['b', 'a', 'd', 'c', 'e']);
  });
});
