import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { call, keyOf } from '../../api/call.ts';
import { progressContract } from '../../../../shared/progress/contract.ts';

const route = progressContract.routes.series;

/** Planned against actual over the months (GET /api/stats/series) of the dashboard's place and year. */
export const seriesQuery = (s: { parent: string; year: number }) => {
  const query = { parent: s.parent, year: s.year };
  return queryOptions({ queryKey: keyOf(route, { query }), queryFn: () => call(route, { query }), staleTime: 60_000, placeholderData: keepPreviousData });
};
