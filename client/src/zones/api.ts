import { queryOptions } from '@tanstack/react-query';
import { call, keyOf, keyPrefix } from '../api/call.ts';
import { zonesContract, type SuggestedZoneCollection, type ZoneFeature, type ZoneProperties } from '../../../shared/zones/contract.ts';

export type { ZoneFeature } from '../../../shared/zones/contract.ts';
export type SuggestedZone = SuggestedZoneCollection['features'][number];

const r = zonesContract.routes;

/** The zones routes (shared/zones/contract.ts), typed by the contract. */
export const zonesApi = {
  check: (estateIds: number[], gapMeters: number) => call(r.check, { body: { estateIds, gapMeters } }),
  create: (name: string, estateIds: number[], gapMeters: number) => call(r.create, { body: { name, estateIds, gapMeters } }),
  rename: (z: ZoneProperties, name: string) => call(r.update, { params: { id: z.id }, body: { version: z.version, name } }),
  remove: (z: ZoneProperties) => call(r.remove, { params: { id: z.id }, query: { version: z.version } }),
};

/** Query options of the zones reads; keys come from the routes (client/src/api/call.ts). */
export const zoneQueries = {
  check: (estateIds: number[], gapMeters: number) => {
    const body = { estateIds: [...estateIds].sort((a, b) => a - b), gapMeters };
    return queryOptions({ queryKey: [...keyOf(r.check), body], queryFn: () => call(r.check, { body: { estateIds, gapMeters } }), staleTime: 30_000 });
  },
  suggest: (query: { district: string; year: number; gapMeters: number; minEstates: number }) =>
    queryOptions({ queryKey: keyOf(r.suggest, { query }), queryFn: ({ signal }) => call(r.suggest, { query, signal }) }),
  list: (district: string) => queryOptions({ queryKey: keyOf(r.list, { query: { district } }), queryFn: ({ signal }) => call(r.list, { query: { district }, signal }) }),
  /** What a write makes stale: every list of zones. */
  lists: () => keyPrefix(r.list),
};

