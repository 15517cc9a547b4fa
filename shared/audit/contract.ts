/**
 * The audit trail (admins): who changed what, when, from which request, with the row before and
 * after. The contract of server/audit and client/src/audit.
 */
import { z } from 'zod';
import { defineContract, json } from '../contract/route.ts';
import { ADMIN } from '../auth.ts';
import { countString, idString } from '../ids.ts';

export const auditQuery = z
  .object({
    table: z.string().regex(/^[a-z_]{1,63}$/, 'must be a table name').optional(),
    rowId: z.string().max(100).optional(),
    actor: z.string().max(64).optional(),
    /** Entries older than this id (the next page). */
    before: idString('audit entry').optional(),
    limit: countString().pipe(z.number().int().min(1, 'must be at least 1').max(500, 'must be at most 500')).default(100),
  })
  .strict();

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  request: string | null;
  table: string;
  rowId: string | null;
  action: 'insert' | 'update' | 'delete';
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** Pass as `before` for older entries; null at the start of the trail. */
  next: number | null;
}

export const auditContract = defineContract({
  capability: 'audit',
  description: 'The audit trail of every write, newest first, for admins.',
  routes: {
    trail: {
      method: 'GET', path: '/api/audit', roles: ADMIN, idQuery: ['before'], query: auditQuery,
      summary: 'Audit entries, newest first, filtered by table, row or actor, paged by id',
      response: json<AuditPage>('A page of entries and the id to pass as `before` for the next'),
    },
  },
});
