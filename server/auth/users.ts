import type { Queryable } from '../db/engine.ts';
import { HttpError } from '../http/errors.ts';
import type { NewUser, Role } from '../../shared/auth.ts';
import { hashPassword } from './passwords.ts';

export interface UserRow {
  id: number;
  username: string;
  password_hash: string;
  role: Role;
  region_code: string | null;
  disabled: boolean;
}

export async function findUser(db: Queryable, username: string): Promise<UserRow | undefined> {
  const [row] = await db.query<UserRow>(
    'SELECT id, username, password_hash, role, region_code, disabled FROM users WHERE username = $1',
    [username],
  );
  return row;
}

/** 422 naming regionCode unless the region exists (an account's region is a foreign key). */
export async function requireRegion(db: Queryable, code: string): Promise<void> {
  const [region] = await db.query('SELECT 1 FROM regions WHERE code = $1', [code]);
  if (!region) throw new HttpError(422, 'unknown_region', `regionCode: no region ${code}`, { field: 'regionCode' });
}

/** Creates an account; 409 when the username is taken, 422 when a reporter's region is unknown. */
export async function createUser(db: Queryable, user: NewUser): Promise<{ id: number }> {
  if (user.regionCode !== undefined) await requireRegion(db, user.regionCode);
  if (await findUser(db, user.username)) {
    throw new HttpError(409, 'username_taken', `username: ${user.username} already exists`, { field: 'username' });
  }
  const [row] = await db.query<{ id: number }>(
    'INSERT INTO users (username, password_hash, role, region_code) VALUES ($1, $2, $3, $4) RETURNING id',
    [user.username, await hashPassword(user.password), user.role, user.role === 'reporter' ? user.regionCode : (user.regionCode ?? null)],
  );
  return row!;
}

/** The embedded demo's accounts: one per role, named after it; the reporter reports for Nankang. */
export const DEMO_ACCOUNTS: { username: string; role: Role; regionCode?: string }[] = [
  { username: 'admin', role: 'admin' },
  { username: 'planner', role: 'planner' },
  { username: 'leader', role: 'leader' },
  { username: 'designer', role: 'designer' },
  { username: 'reporter-360703', role: 'reporter', regionCode: '360703' },
];

/**
 * Creates the demo accounts when there are no accounts at all, all with one password. Returns the
 * usernames created (none when accounts exist). The reporter is left out if its region is not
 * loaded (DEMO_DATA=0).
 */
export async function ensureDemoAccounts(db: Queryable, password: string): Promise<string[]> {
  const [{ n }] = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM users')) as [{ n: number }];
  if (n > 0) return [];
  const created: string[] = [];
  for (const account of DEMO_ACCOUNTS) {
    if (account.regionCode) {
      const [region] = await db.query('SELECT 1 FROM regions WHERE code = $1', [account.regionCode]);
      if (!region) continue;
    }
    await createUser(db, { ...account, password });
    created.push(account.username);
  }
  return created;
}
