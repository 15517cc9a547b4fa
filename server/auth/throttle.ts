import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Database } from '../db/engine.ts';

/** Attempts allowed per window for one username from one address (README: "Login throttle"). */
export const MAX_FAILURES = 5;
/** Attempts allowed per window for one username from all addresses together (guessing from many). */
export const USERNAME_MAX_ATTEMPTS = 20;
/** Attempts allowed per window from one address for all usernames together (spraying one password). */
export const ADDRESS_MAX_ATTEMPTS = 50;
export const WINDOW_MINUTES = 15;

/**
 * The client's address. Behind a reverse proxy every request comes from the proxy, so set
 * TRUST_PROXY=1 there: the address the proxy saw is the LAST X-Forwarded-For entry, the one it
 * appended itself; anything before it was written by the client and proves nothing.
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded.slice(0, 64);
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'in-process'; // app.request() in tests: there is no socket
  }
}

/** The counters one attempt is counted against, in a fixed order (so that row locks never cross). */
function counters(username: string, address: string): [key: string, max: number][] {
  return [
    [`pair:${username}@${address}`, MAX_FAILURES],
    [`user:${username}`, USERNAME_MAX_ATTEMPTS],
    [`addr:${address}`, ADDRESS_MAX_ATTEMPTS],
  ];
}

/** An attempt counted in every counter; a success gives it back with `release`. */
export interface Attempt {
  /** Each counter's key and the window it was counted in (as PostgreSQL prints it, exactly). */
  counted: { key: string; window: string }[];
}

class Blocked extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('blocked');
  }
}

/**
 * Counts one attempt in every counter before the password is checked, or refuses it. Each counter
 * is one conditional upsert: the row's attempts go up by one only while they are under the limit
 * (or the window has passed, which starts a new window at 1). PostgreSQL re-checks the condition
 * on the newest row version after waiting for a concurrent update of the same row, so N parallel
 * attempts, in any number of processes, get at most `max` through. All counters in one
 * transaction: refused by one, counted in none.
 *
 * Returns the attempt, or the seconds until the blocking window ends.
 */
export async function countAttempt(db: Database, username: string, address: string): Promise<Attempt | { retryAfterSeconds: number }> {
  let attempt: Attempt;
  try {
    attempt = await db.transaction(async (tx) => {
      const counted: Attempt['counted'] = [];
      for (const [key, max] of counters(username, address)) {
        const [row] = await tx.query<{ window: string }>(
          `INSERT INTO login_throttle AS t (key, window_start, attempts) VALUES ($1, now(), 1)
           ON CONFLICT (key) DO UPDATE SET
             window_start = CASE WHEN t.window_start <= now() - make_interval(mins => $3::int) THEN now() ELSE t.window_start END,
             attempts = CASE WHEN t.window_start <= now() - make_interval(mins => $3::int) THEN 1 ELSE t.attempts + 1 END
           WHERE t.window_start <= now() - make_interval(mins => $3::int) OR t.attempts < $2::int
           RETURNING t.window_start::text AS window`,
          [key, max, WINDOW_MINUTES],
        );
        if (!row) {
          const [left] = await tx.query<{ s: number }>(
            `SELECT ceil(extract(epoch FROM window_start + make_interval(mins => $2::int) - now()))::int AS s FROM login_throttle WHERE key = $1`,
            [key, WINDOW_MINUTES],
          );
          throw new Blocked(Math.max(1, left?.s ?? 60));
        }
        counted.push({ key, window: row.window });
      }
      return { counted };
    });
  } catch (e) {
    if (e instanceof Blocked) return { retryAfterSeconds: e.retryAfterSeconds };
    throw e;
  }
  // Counters of windows long past are dead weight; rows another attempt holds are left for later.
  await db.query(
    `DELETE FROM login_throttle WHERE key IN (
       SELECT key FROM login_throttle WHERE window_start < now() - make_interval(mins => $1::int) FOR UPDATE SKIP LOCKED)`,
    [2 * WINDOW_MINUTES],
  );
  return attempt;
}

/**
 * A success gives back its own attempt, in the windows it was counted in; the failures counted
 * alongside it stay (a success must not open the door for the guesses racing it).
 */
export async function releaseAttempt(db: Database, attempt: Attempt): Promise<void> {
  await db.query(
    `UPDATE login_throttle t SET attempts = t.attempts - 1
     FROM unnest($1::text[], $2::text[]) AS a(key, win)
     WHERE t.key = a.key AND t.window_start = a.win::timestamptz AND t.attempts > 0`,
    [attempt.counted.map((c) => c.key), attempt.counted.map((c) => c.window)],
  );
}
