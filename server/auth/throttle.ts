import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Queryable } from '../db/engine.ts';

/** Failed logins allowed per username and address within the window before logins are refused. */
export const MAX_FAILURES = 5;
export const WINDOW_MINUTES = 15;

/**
 * The client's address. Behind a reverse proxy every request would come from the proxy, so set
 * TRUST_PROXY=1 there and the first X-Forwarded-For address counts instead.
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded.slice(0, 64);
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'in-process'; // app.request() in tests: there is no socket
  }
}

/**
 * Seconds until the next attempt is allowed once MAX_FAILURES failures lie within the window
 * (then even the right password is refused: the guesser cannot tell), else null.
 */
export async function throttledFor(db: Queryable, username: string, ip: string): Promise<number | null> {
  const [row] = await db.query<{ n: number; retry: number | null }>(
    `SELECT count(*)::int AS n,
            ceil(extract(epoch FROM min(at) + make_interval(mins => $3::int) - now()))::int AS retry
     FROM login_failures WHERE username = $1 AND ip = $2 AND at > now() - make_interval(mins => $3::int)`,
    [username, ip, WINDOW_MINUTES],
  );
  return row && row.n >= MAX_FAILURES ? Math.max(1, row.retry ?? 60) : null;
}

export async function recordFailure(db: Queryable, username: string, ip: string): Promise<void> {
  await db.query(`DELETE FROM login_failures WHERE at < now() - make_interval(mins => $1::int)`, [WINDOW_MINUTES]);
  await db.query('INSERT INTO login_failures (username, ip) VALUES ($1, $2)', [username, ip]);
}

export async function clearFailures(db: Queryable, username: string, ip: string): Promise<void> {
  await db.query('DELETE FROM login_failures WHERE username = $1 AND ip = $2', [username, ip]);
}
