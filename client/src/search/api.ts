import { queryOptions } from '@tanstack/react-query';
import { call, keyOf } from '../api/call.ts';
import { searchContract } from '../../../shared/search/contract.ts';

export type { SearchKind, SearchResult } from '../../../shared/search/contract.ts';

const route = searchContract.routes.search;

/** The programme on screen: its estates rank first (README "Search"). */
export interface SearchContext {
  districts: string[];
  year: number;
}

const queryOf = (q: string, context: SearchContext | null) =>
  context ? { q, district: context.districts.join(','), year: context.year } : { q };

/** GET /api/search, keyed by the route (client/src/api/call.ts). Names change rarely: kept a minute. */
export const searchQueries = {
  search: (q: string, context: SearchContext | null) =>
    queryOptions({
      queryKey: keyOf(route, { query: queryOf(q, context) }),
      queryFn: ({ signal }) => call(route, { query: queryOf(q, context), signal }),
      staleTime: 60_000,
    }),
};
