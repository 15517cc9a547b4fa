import { getCookie } from 'hono/cookie';
import type { RouteDeps } from '../deps.ts';
import type { Handlers } from '../http/register.ts';
import { sessionCacheFor } from '../auth/session-cache.ts';
import { SESSION_COOKIE } from '../../shared/auth.ts';
import type { HealthResponse, healthContract } from '../../shared/health/contract.ts';

/**
 * GET /api/health: public, for load balancers and process managers. The process id is for admins
 * only (issue 14): it tells an outsider nothing they need and helps aim an attack on the host.
 * Sessions are looked up in the plain database, as the guard does (shared cache).
 */
export function healthHandlers({ db, plain }: RouteDeps): Handlers<typeof healthContract> {
  const cache = sessionCacheFor(plain);
  return {
    get: async (_input, c) => {
      const [row] = await db.query<{ v: string }>('SELECT postgis_lib_version() AS v');
      const body: HealthResponse = { status: 'ok', db: db.kind, postgis: row?.v ?? 'unknown' };
      const token = getCookie(c, SESSION_COOKIE);
      if (token && (await cache.load(token))?.role === 'admin') body.pid = process.pid;
      if (db.replica) {
        const [r] = await db.replica.query<{ recovery: boolean }>('SELECT pg_is_in_recovery() AS recovery');
        body.replica = { inRecovery: r?.recovery ?? false };
      }
      return body;
    },
  };
}
