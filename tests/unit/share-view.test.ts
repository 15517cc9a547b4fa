import { describe, expect, it } from 'vitest';
import { formatView, parseView } from '../../client/src/places/useViewInHash.ts';
import { ledgerCounts, moneyBehindWan } from '../../client/src/dashboard/RegionPopup.tsx';
import type { LedgerItem, LedgerResponse, RankingRow } from '../../shared/progress/contract.ts';

describe('#v= (the map view in a shared URL)', () => {
  it('round-trips centre and zoom, and pitch and bearing when tilted', () => {
    const flat = formatView({ lng: 114.761234, lat: 25.661234 }, 13.3712, 0, 0);
    expect(flat).toBe('114.76123,25.66123,13.37');
    expect(parseView(flat, 'k')).toEqual({ programmeKey: 'k', center: [114.76123, 25.66123], zoom: 13.37, pitch: 0, bearing: 0 });
    expect(parseView(formatView({ lng: 1, lat: 2 }, 3, 50, -20), null)).toMatchObject({ pitch: 50, bearing: -20 });
  });

  it('refuses what is not a view', () => {
    for (const bad of ['', 'a,b,c', '1,2', '200,0,3', '0,89,3', '0,0,30', '0,0,3,90,0', '1,2,3,4,5,6']) expect(parseView(bad, null)).toBeNull();
  });
});

describe("a region's popup figures", () => {
  const row = { name: '蓉江街道', plannedInvestmentWan: 1200.5, completedInvestmentWan: 200.25 } as RankingRow;
  it('money behind is planned − completed, null when either is missing', () => {
    expect(moneyBehindWan(row)).toBeCloseTo(1000.25, 6);
    expect(moneyBehindWan({ ...row, completedInvestmentWan: null })).toBeNull();
  });
  it("counts the ledger's late and missing items of the region at its level", () => {
    const item = (kind: LedgerItem['kind'], districtName: string, streetName: string | null) => ({ kind, districtName, streetName }) as LedgerItem;
    const ledger = {
      period: '2024-05',
      items: [item('late', '南康区', '蓉江街道'), item('late', '南康区', '东山街道'), item('missing', '南康区', '蓉江街道'), item('lagging', '南康区', '蓉江街道')],
    } as LedgerResponse;
    expect(ledgerCounts(ledger, row, 'street')).toEqual({ late: 1, missing: 1 });
    expect(ledgerCounts(ledger, { ...row, name: '南康区' }, 'district')).toEqual({ late: 2, missing: 1 });
    expect(ledgerCounts(undefined, row, 'street')).toBeNull();
  });
});
