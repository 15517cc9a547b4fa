/**
 * Signing in and out (server/auth/handlers.ts, client/src/auth/api.ts). A session is a cookie
 * (httpOnly, SameSite=Strict); every write echoes the session's CSRF token (shared/auth.ts).
 */
import { z } from 'zod';
import { ROLES, usernameSchema, type Role } from '../auth.ts';
import { defineContract, empty, json } from '../contract/route.ts';

export const loginBody = z
  .object({
    username: usernameSchema,
    password: z.string({ message: 'must be text' }).min(1, 'must not be empty').max(1024, 'at most 1024 characters'),
  })
  .strict();

/** GET /api/auth/me and the body of a successful login. */
export interface Me {
  username: string;
  role: Role;
  /** A reporter's street or district, with its name; null for other roles. */
  region: { code: string; name: string; level: string; districtCode: string } | null;
  /** Echo this in the x-csrf-token header on every POST/PUT/PATCH/DELETE. */
  csrfToken: string;
  expiresAt: string;
}

export const authContract = defineContract({
  capability: 'auth',
  description: 'Signing in (a session cookie, throttled per user name and client address), signing out, and who is signed in.',
  routes: {
    login: {
      method: 'POST', path: '/api/auth/login', roles: 'public', body: loginBody,
      summary: 'Sign in: sets the session cookie (403 from another site, 429 with Retry-After when throttled)',
      response: json<Me>('Who signed in, with the CSRF token to echo on writes'),
    },
    logout: {
      method: 'POST', path: '/api/auth/logout', roles: 'public', note: 'ends the session it is sent with, if any',
      summary: 'Sign out: ends the session and clears its cookie', response: empty(),
    },
    me: {
      method: 'GET', path: '/api/auth/me', roles: ROLES,
      summary: 'Who is signed in (401 without a session)', response: json<Me>('The session\'s user'),
    },
  },
});
