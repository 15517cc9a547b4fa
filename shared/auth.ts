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

/*
 * The groups of roles the contracts' routes name (shared/<capability>/contract.ts); every role is
 * ROLES. The policy (server/auth/policy.ts) is read off the routes.
 */
/** Everyone who reads the whole programme: a reporter does not. */
export const STAFF = ['admin', 'planner', 'leader', 'designer'] as const satisfies readonly Role[];
/** Who keeps plans, zones, pipeline works, milestones and targets. */
export const PLANNING = ['admin', 'planner'] as const satisfies readonly Role[];
/** Who brings surveyed red lines back (design scopes). */
export const DESIGN = ['admin', 'designer'] as const satisfies readonly Role[];
/** Who may change a red line or a provisional point: planners correct, designers survey. */
export const EDIT_PLACES = ['admin', 'planner', 'designer'] as const satisfies readonly Role[];
export const ADMIN = ['admin'] as const satisfies readonly Role[];

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

