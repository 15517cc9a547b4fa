import { queryOptions } from '@tanstack/react-query';
import { call, keyOf, keyPrefix } from '../api/call.ts';
import { zonesContract, type SuggestedZoneCollection, type ZoneFeature, type ZoneProperties } from '../../../shared/zones/contract.ts';

export type { ZoneFeature } from '../../../shared/zones/contract.ts';
export type SuggestedZone = SuggestedZoneCollection['features'][number];

const r = zonesContract.routes;

type SuggestParams = { district: string; year: number; gapMeters: number; minEstates: number };

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
  /**
   * The suggested groups without outlines (most of the server's work): the list shows figures,
   * and the map draws only the group in focus, whose outline `outline` asks for by rank.
   */
  suggest: (params: SuggestParams) => {
    const query = { ...params, outlines: 'none' as const };
    return queryOptions({ queryKey: keyOf(r.suggest, { query }), queryFn: ({ signal }) => call(r.suggest, { query, signal }) });
  },
  /** One suggested group with its outline, by its rank in `suggest` with the same parameters. */
  outline: (params: SuggestParams, rank: number) => {
    const query = { ...params, rank };
    return queryOptions({
      queryKey: keyOf(r.suggest, { query }),
      queryFn: ({ signal }) => call(r.suggest, { query, signal }),
      staleTime: 60_000,
    });
  },
  list: (district: string) => queryOptions({ queryKey: keyOf(r.list, { query: { district } }), queryFn: ({ signal }) => call(r.list, { query: { district }, signal }) }),
  /** What a write makes stale: every list of zones. */
  lists: () => keyPrefix(r.list),
};

