import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { getJson, withQuery } from '../api/http.ts';
import type { Programme } from '../places/api.ts';
import type {
  HeatmapResponse, LedgerResponse, RankingOrder, RankingResponse, TargetRow,
} from './types.ts';

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
  ranking: (s: DashboardScope, orderBy: RankingOrder) =>
    queryOptions({
      queryKey: ['ranking', s.parent, s.year, s.level, s.period ?? null, orderBy],
      queryFn: () => getJson<RankingResponse>(withQuery('/api/stats/ranking', { ...params(s), orderBy })),
      ...LIVE,
    }),
  heatmap: (s: DashboardScope) =>
    queryOptions({
      queryKey: ['heatmap', s.parent, s.year, s.period ?? null],
      queryFn: () => getJson<HeatmapResponse>(withQuery('/api/stats/heatmap', { parent: s.parent, year: s.year, period: s.period })),
      ...LIVE,
    }),
  lagging: (s: DashboardScope) =>
    queryOptions({
      queryKey: ['lagging', s.parent, s.year, s.period ?? null],
      queryFn: () => getJson<LedgerResponse>(withQuery('/api/stats/lagging', { parent: s.parent, year: s.year, period: s.period })),
      ...LIVE,
    }),
  targets: (s: DashboardScope) =>
    queryOptions({
      queryKey: ['targets', s.parent, s.year, s.period ?? null],
      queryFn: () => getJson<{ targets: TargetRow[] }>(withQuery('/api/targets', { region: s.parent, year: s.year, period: s.period })),
      ...LIVE,
    }),
};

export const rankingXlsxUrl = (s: DashboardScope, orderBy: RankingOrder) =>
  withQuery('/api/stats/ranking.xlsx', { ...params(s), orderBy });
