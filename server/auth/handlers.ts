import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { RouteDeps } from '../deps.ts';
import { HttpError } from '../http/errors.ts';
import type { Handlers } from '../http/register.ts';
import { SESSION_COOKIE } from '../../shared/auth.ts';
import type { authContract, Me } from '../../shared/auth/contract.ts';
import { decoyHash, verifyPassword } from './passwords.ts';
import { createSession, deleteSession, loadSession, type SessionUser } from './sessions.ts';
import { clientAddress, countAttempt, releaseAttempt, WINDOW_MINUTES } from './throttle.ts';
import { findUser } from './users.ts';
import { sessionUser } from './guard.ts';

export const toMe = (u: SessionUser): Me => ({
  username: u.username,
  role: u.role,
  region: u.region,
  csrfToken: u.csrfToken,
  expiresAt: u.expiresAt,
});

/** The cookie is Secure whenever the request came over HTTPS (directly or, trusted, via a proxy). */
function isHttps(c: Context, trustProxy: boolean): boolean {
  return new URL(c.req.url).protocol === 'https:' || (trustProxy && c.req.header('x-forwarded-proto') === 'https');
}

/**
 * A login is refused when it comes from another site's page: a forged login would put the victim
 * in the attacker's account (login CSRF). Browsers send Origin on every cross-origin POST.
 */
function refuseCrossSite(c: Context): void {
  const origin = c.req.header('origin');
  const site = c.req.header('sec-fetch-site');
  if ((origin && origin !== new URL(c.req.url).origin && site !== 'same-origin') || site === 'cross-site') {
    throw new HttpError(403, 'cross_site', 'Log in from the app itself: this request came from another site');
  }
}

/**
 * POST /api/auth/login, POST /api/auth/logout, GET /api/auth/me. Sessions and the login throttle
 * use the plain (unaudited) database.
 */
export function authHandlers({ plain: db, env }: RouteDeps): Handlers<typeof authContract> {
  const sessionHours = env.SESSION_HOURS ?? 12;
  const trustProxy = env.TRUST_PROXY === '1';
  return {
    login: async ({ body: { username, password } }, c) => {
      refuseCrossSite(c);
      const ip = clientAddress(c, trustProxy);
      // Counted before the password is checked: parallel guesses cannot all slip under the limit.
      const attempt = await countAttempt(db, username, ip);
      if ('retryAfterSeconds' in attempt) {
        const wait = attempt.retryAfterSeconds;
        c.header('Retry-After', String(wait));
        throw new HttpError(429, 'too_many_attempts', `Too many login attempts for ${username} in ${WINDOW_MINUTES} minutes; try again in ${Math.ceil(wait / 60)} min`, {
          retryAfterSeconds: wait,
        });
      }
      const user = await findUser(db, username);
      const ok = await verifyPassword(password, user?.password_hash ?? (await decoyHash()));
      // A failure stays counted; a success gives back its own attempt only.
      if (!user || !ok || user.disabled) throw new HttpError(401, 'bad_credentials', 'Wrong username or password');
      await releaseAttempt(db, attempt);
      const { token, expiresAt } = await createSession(db, user.id, sessionHours);
      setCookie(c, SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'Strict',
        secure: isHttps(c, trustProxy),
        path: '/',
        expires: expiresAt,
      });
      const me = await loadSession(db, token);
      return toMe(me!);
    },
    logout: async (_input, c) => {
      const token = getCookie(c, SESSION_COOKIE);
      if (token) await deleteSession(db, token);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return null;
    },
    me: (_input, c) => toMe(sessionUser(c)!),
  };
}
