import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Database } from '../db/engine.ts';
import { HttpError } from '../http/errors.ts';
import { CSRF_HEADER, SESSION_COOKIE } from '../../shared/auth.ts';
import { asActor } from './audited-db.ts';
import { defaultRoles, paramsOf, ruleFor } from './policy.ts';
import type { ReporterUser, ResponseFilter } from './reporter-reach.ts';
import { changesHeard } from '../cache/changes.ts';
import { sessionCacheFor } from './session-cache.ts';
import type { SessionUser } from './sessions.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
const USER = 'sessionUser';

/** The signed-in user of a request (set by the guard); undefined on public routes. */
export function sessionUser(c: Context): SessionUser | undefined {
  return c.get(USER as never) as SessionUser | undefined;
}

/**
 * The policy, enforced in one place before any handler: a session (401), the role the policy
 * table gives the route (403), the CSRF token on writes (403), a reporter's region (403, or a
 * trimmed list). Writes then run with their user named for the audit triggers.
 */
export function guard(db: Database): MiddlewareHandler {
  const sessions = sessionCacheFor(db);
  return async (c, next) => {
    const method = c.req.method;
    const path = c.req.path;
    const rule = ruleFor(method, path);
    const write = !SAFE.has(method);
    // Any write may end a session or change an account (logout, disabling, a new role): drop the
    // cached sessions before the answer goes out; other processes hear it by NOTIFY. Every other
    // cache in this process must have heard the write too before its writer reads again.
    const afterWrite = async () => {
      sessions.clear();
      await changesHeard(db);
    };
    if (rule?.roles === 'public' || method === 'OPTIONS') {
      try {
        return await next();
      } finally {
        if (write) await afterWrite();
      }
    }

    const token = getCookie(c, SESSION_COOKIE);
    const user = token ? await sessions.load(token) : null;
    if (!user) throw new HttpError(401, 'unauthenticated', 'Log in first: this needs a session (POST /api/auth/login)');

    const roles = rule?.roles ?? defaultRoles(method);
    if (!roles.includes(user.role)) {
      throw new HttpError(403, 'forbidden', `The ${user.role} role may not ${method} ${path}`, { role: user.role, allowed: roles });
    }
    // The session cookie rides along with any request the browser makes, a forged cross-site form
    // included; only the app's own script knows the token to echo in the header.
    if (write && c.req.header(CSRF_HEADER) !== user.csrfToken) {
      throw new HttpError(403, 'csrf', `A write needs the session's CSRF token in the ${CSRF_HEADER} header (from GET /api/auth/me)`);
    }

    let filter: ResponseFilter | void = undefined;
    if (user.role === 'reporter') {
      if (!user.region) throw new HttpError(403, 'forbidden', 'This reporter account has no region to report for');
      if (rule?.reporter) filter = await rule.reporter(c, user as ReporterUser, db, paramsOf(rule, path));
    }

    c.set(USER as never, user as never);
    if (write) {
      try {
        await asActor({ username: user.username, request: `${method} ${path}` }, () => next());
      } finally {
        await afterWrite();
      }
    } else await next();

    if (filter && c.res.ok && /json/.test(c.res.headers.get('content-type') ?? '')) {
      const original = c.res;
      const headers = new Headers(original.headers);
      headers.delete('content-length');
      const trimmed = filter(await original.json());
      // Replace rather than merge: Hono's setter would copy the old length onto the shorter body.
      c.res = undefined as unknown as Response;
      c.res = new Response(JSON.stringify(trimmed), { status: original.status, headers });
    }
  };
}
