import { readerOf, type Queryable } from '../db/engine.ts';
import type { RouteDeps } from '../deps.ts';
import type { Handlers } from '../http/register.ts';
import type { AuditEntry, AuditPage, auditContract } from '../../shared/audit/contract.ts';

// Newest first, keyset-paged by id; every filter optional and bound, never spliced.
const auditSql = `
  SELECT id::int AS id, to_json(at)#>>'{}' AS at, actor, request, table_name AS "table", row_id AS "rowId", action, before, after
  FROM audit_log
  WHERE ($1::text IS NULL OR table_name = $1)
    AND ($2::text IS NULL OR row_id = $2)
    AND ($3::text IS NULL OR actor = $3)
    AND ($4::bigint IS NULL OR id < $4)
  ORDER BY id DESC
  LIMIT $5`;

/** GET /api/audit: the audit trail (admins), read unaudited from the replica when there is one. */
export function auditHandlers({ plain }: RouteDeps): Handlers<typeof auditContract> {
  const db: Queryable = readerOf(plain);
  return {
    trail: async ({ query: q }): Promise<AuditPage> => {
      const rows = await db.query<AuditEntry>(auditSql, [q.table ?? null, q.rowId ?? null, q.actor ?? null, q.before ?? null, q.limit + 1]);
      const entries = rows.slice(0, q.limit);
      return { entries, next: rows.length > q.limit ? entries[entries.length - 1]!.id : null };
    },
  };
}
