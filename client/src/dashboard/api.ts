import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { call, keyOf, keyPrefix, urlOf } from '../api/call.ts';
import type { Programme } from '../places/api.ts';
import { progressContract } from '../../../shared/progress/contract.ts';
import type { RankingOrder } from './types.ts';

const r = progressContract.routes;

/** What the dashboard looks at: a place (the programme's region), a plan year, a level and a month. */
export interface DashboardScope {
  parent: string;
  year: number;
  level: 'district' | 'street';
  /** undefined: the latest reports. */
  period?: string;
}

/**
 * The programme's own region (a city for Wuhai, a district for Nankang); null when the server names
 * none and the plan has no estates to tell (nothing to rank then).
 */
export function scopeOf(programme: Programme): { parent: string; year: number; level: 'district' | 'street' } | null {
  const first = programme.districtCodes[0];
  const parent = programme.regionCode ?? (first === undefined ? undefined : programme.districtCodes.length > 1 ? first.slice(0, 4) : first);
  if (!parent) return null;
  // A one-district programme is ranked by street; a city's by district, as the circulars do.
  return { parent, year: programme.year, level: programme.districtCodes.length > 1 ? 'district' : 'street' };
}

const params = (s: DashboardScope) => ({ level: s.level, parent: s.parent, year: s.year, period: s.period });

// Figures move with every report: keep them a minute, and keep the previous month on screen while
// the slider fetches the next one so that the table does not flash empty. Requests are not
// cancelled when the slider moves on: each month's answer is cached for scrubbing back.
const LIVE = { staleTime: 60_000, placeholderData: keepPreviousData } as const;

export const dashboardQueries = {
  ranking: (s: DashboardScope, orderBy: RankingOrder) => {
    const query = { ...params(s), orderBy };
    return queryOptions({ queryKey: keyOf(r.ranking, { query }), queryFn: () => call(r.ranking, { query }), ...LIVE });
  },
  heatmap: (s: DashboardScope) => {
    const query = { parent: s.parent, year: s.year, period: s.period };
    return queryOptions({ queryKey: keyOf(r.heatmap, { query }), queryFn: () => call(r.heatmap, { query }), ...LIVE });
  },
  /** `asOf`: a replayed month's ledger as known at its deadline (replayAsOf.ts); else now. */
  lagging: (s: DashboardScope & { asOf?: string }) => {
    const query = { parent: s.parent, year: s.year, period: s.period, asOf: s.asOf };
    return queryOptions({ queryKey: keyOf(r.lagging, { query }), queryFn: () => call(r.lagging, { query }), ...LIVE });
  },
  targets: (s: DashboardScope) => {
    const query = { region: s.parent, year: s.year, period: s.period };
    return queryOptions({ queryKey: keyOf(r.targets, { query }), queryFn: () => call(r.targets, { query }), ...LIVE });
  },
};

/** What goes stale when progress figures move (a report, a plan's milestones or targets). */
export const progressKeys = {
  ranking: () => keyPrefix(r.ranking),
  heatmap: () => keyPrefix(r.heatmap),
  lagging: () => keyPrefix(r.lagging),
  targets: () => keyPrefix(r.targets),
  /** The charts' months (GET /api/stats/series): reports, milestones and targets all move them. */
  series: () => keyPrefix(r.series),
};

export const rankingXlsxUrl = (s: DashboardScope, orderBy: RankingOrder) => urlOf(r.rankingXlsx, { query: { ...params(s), orderBy } });
