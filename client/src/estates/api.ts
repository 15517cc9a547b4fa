import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { call, keyOf, keyPrefix } from '../api/call.ts';
import { estatesContract } from '../../../shared/estates/contract.ts';

export type { EstateCollection, EstateDetail, EstateFeature, EstateGeometry, EstateProperties } from '../../../shared/estates/contract.ts';

const r = estatesContract.routes;

// Estates carry progress figures that reporters update monthly: refresh after a minute.
const FRESH = { staleTime: 60_000 } as const;

/** Query options of the estates reads; keys come from the routes (client/src/api/call.ts). */
export const estateQueries = {
  /**
   * The estates of a district for a plan year, with their figures as of the end of a month
   * (YYYY-MM) or the latest. While another month loads, the previous one stays on screen.
   */
  list: (district: string, year: number, period?: string) => {
    const query = period ? { district, year, period } : { district, year };
    return queryOptions({
      queryKey: keyOf(r.list, { query }),
      queryFn: ({ signal }) => call(r.list, { query, signal }),
      ...FRESH,
      ...(period ? { placeholderData: keepPreviousData } : {}),
    });
  },
  /** One estate with its buildings. */
  get: (id: number) => queryOptions({ queryKey: keyOf(r.get, { params: { id } }), queryFn: ({ signal }) => call(r.get, { params: { id }, signal }), ...FRESH }),
  /** Every list of estates (invalidate it when figures move). */
  lists: () => keyPrefix(r.list),
  /** What a change to estates makes stale: every list of estates and every estate read. */
  stale: (): readonly (readonly unknown[])[] => [keyPrefix(r.list), keyPrefix(r.get)],
};
