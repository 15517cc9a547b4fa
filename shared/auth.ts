/**
 * Accounts, roles and the audit trail: the contract shared by server and client.
 */
import { z } from 'zod';
import { regionCode } from './api.ts';
import { countString, idString } from './ids.ts';

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

export const loginBody = z
  .object({
    username: usernameSchema,
    password: z.string({ message: 'must be text' }).min(1, 'must not be empty').max(1024, 'at most 1024 characters'),
  })
  .strict();

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
