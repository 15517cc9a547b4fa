import { infiniteQueryOptions } from '@tanstack/react-query';
import { call, keyOf } from '../api/call.ts';
import { auditContract } from '../../../shared/audit/contract.ts';

export type { AuditEntry, AuditPage } from '../../../shared/audit/contract.ts';

const r = auditContract.routes;
const PAGE = 50;

/** The audit trail (shared/audit/contract.ts), newest first, a page of 50 at a time. */
export const auditQueries = {
  trail: (filter: { table?: string; actor?: string }) => {
    const query = { table: filter.table, actor: filter.actor, limit: PAGE };
    return infiniteQueryOptions({
      queryKey: keyOf(r.trail, { query }),
      queryFn: ({ pageParam, signal }) => call(r.trail, { query: { ...query, before: pageParam }, signal }),
      initialPageParam: undefined as number | undefined,
      getNextPageParam: (last) => last.next ?? undefined,
      staleTime: 0,
    });
  },
};
