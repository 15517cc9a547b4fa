/**
 * Roles, the session's cookie and CSRF header, user names: what server and client share about who
 * is signed in. The routes of signing in are in shared/auth/contract.ts, the audit trail's in
 * shared/audit/contract.ts.
 */
import { z } from 'zod';
import { regionCode } from './api.ts';

/** What each role may do is in server/auth/policy.ts (one table); the client only hides tabs. */
export const ROLES = ['admin', 'planner', 'leader', 'designer', 'reporter'] as const;
export type Role = (typeof ROLES)[number];

/** The header the client echoes the session's CSRF token in, on every write. */
export const CSRF_HEADER = 'x-csrf-token';
export const SESSION_COOKIE = 'session';

export const usernameSchema = z
  .string({ message: 'must be text' })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'must be 2–64 characters: letters, digits, ".", "_" or "-"');

export const newUserSchema = z
  .object({
    username: usernameSchema,
    password: z.string().min(8, 'must be at least 8 characters').max(1024),
    role: z.enum(ROLES, { message: `must be one of ${ROLES.join(', ')}` }),
    regionCode: regionCode.optional(),
  })
  .strict()
  .refine((u) => u.role !== 'reporter' || u.regionCode !== undefined, {
    message: 'a reporter needs the street or district they report for',
    path: ['regionCode'],
  });
export type NewUser = z.infer<typeof newUserSchema>;

