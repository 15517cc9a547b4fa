import { queryOptions } from '@tanstack/react-query';
import { call, keyOf } from '../api/call.ts';
import { pipelinesContract } from '../../../shared/pipelines/contract.ts';

const r = pipelinesContract.routes;

/** Query options of the dig-once reads (shared/pipelines/contract.ts); keys come from the routes (client/src/api/call.ts). */
export const pipelineQueries = {
  works: (district: string) => queryOptions({ queryKey: keyOf(r.list, { query: { district } }), queryFn: ({ signal }) => call(r.list, { query: { district }, signal }) }),
  overlaps: (district: string) =>
    queryOptions({ queryKey: keyOf(r.overlaps, { query: { district } }), queryFn: ({ signal }) => call(r.overlaps, { query: { district }, signal }) }),
};
