import { useQueries, type UseQueryResult } from '@tanstack/react-query';
import type { Programme } from '../places/api.ts';
import { estateQueries, type EstateCollection } from './api.ts';

export interface ProgrammeEstates {
  collection: EstateCollection;
  isLoading: boolean;
  /** True while any district's estates are being fetched, a month's replay included (the previous figures stay meanwhile). */
  isFetching: boolean;
  error: Error | null;
  refetch: () => void;
}

const EMPTY: EstateCollection = { type: 'FeatureCollection', features: [] };

// Module-level so TanStack Query can keep the merged result's identity while nothing changed.
function combine(results: UseQueryResult<EstateCollection>[]): ProgrammeEstates {
  const error = results.find((r) => r.error)?.error ?? null;
  const done = results.length > 0 && results.every((r) => r.data);
  return {
    // All districts or nothing: a half-drawn programme would show a misleading estate count.
    collection: done ? { type: 'FeatureCollection', features: results.flatMap((r) => r.data?.features ?? []) } : EMPTY,
    isLoading: results.some((r) => r.isPending),
    isFetching: results.some((r) => r.isFetching),
    error,
    refetch: () => results.forEach((r) => void r.refetch()),
  };
}

/**
 * The estates of one programme: one request per district code for the programme's plan year, with
 * their figures as of the end of a month (period, YYYY-MM) or the latest.
 */
export function useProgrammeEstates(programme: Programme | null, period?: string): ProgrammeEstates {
  return useQueries({
    queries: (programme?.districtCodes ?? []).map((code) => estateQueries.list(code, programme!.year, period)),
    combine,
  });
}
