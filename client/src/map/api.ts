import { queryOptions } from '@tanstack/react-query';
import { call, keyOf } from '../api/call.ts';
import { configContract, type ClientConfig } from '../../../shared/config/contract.ts';

const r = configContract.routes;

/** The deployment's basemap (GET /api/config), read once per session. */
export const configQuery = () =>
  queryOptions({
    queryKey: keyOf(r.get),
    // An older server without /api/config still gets the built-in basemap.
    queryFn: ({ signal }): Promise<ClientConfig> => call(r.get, { signal }).catch(() => ({ basemapStyleUrl: null })),
    staleTime: Infinity,
    gcTime: Infinity,
  });
