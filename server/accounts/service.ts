import type { Database, Queryable } from '../db/engine.ts';
import { HttpError } from '../http/errors.ts';
import type { Account, AccountWithPassword, CreateAccount, UpdateAccount } from '../../shared/accounts/contract.ts';
import { generatePassword, hashPassword } from '../auth/passwords.ts';
import { createUser, requireRegion } from '../auth/users.ts';
import { accountsSql, otherActiveAdminsSql } from './sql.ts';

export async function listAccounts(db: Queryable): Promise<Account[]> {
  return db.query<Account>(accountsSql, [null]);
}

async function account(db: Queryable, id: number): Promise<Account> {
  const [row] = await db.query<Account>(accountsSql, [id]);
  if (!row) throw new HttpError(404, 'not_found', `No account with id ${id}`, { id });
  return row;
}

/** A new account with a generated password, returned this once. */
export async function createAccount(db: Database, body: CreateAccount): Promise<AccountWithPassword> {
  const password = generatePassword();
  const { id } = await db.transaction((tx) => createUser(tx, { ...body, password }));
  return { account: await account(db, id), password };
}

/**
 * Disables, re-enables or changes the role or region of an account, at the version read. Any such
 * change ends the account's sessions, so the next request is judged by the new account. An admin
 * may not lock themselves out, nor leave the system without an active admin.
 */
export async function updateAccount(db: Database, id: number, body: UpdateAccount, actorId: number): Promise<Account> {
  await db.transaction(async (tx) => {
    // Admin rows first, in id order: two admins demoting each other at once then queue up here
    // instead of both passing the last-admin check below.
    if (body.role !== undefined || body.disabled !== undefined) await tx.query(`SELECT id FROM users WHERE role = 'admin' AND NOT disabled ORDER BY id FOR UPDATE`);
    const [row] = await tx.query<{ role: Account['role']; region_code: string | null; disabled: boolean; version: number }>(
      'SELECT role, region_code, disabled, version FROM users WHERE id = $1 FOR UPDATE',
      [id],
    );
    if (!row) throw new HttpError(404, 'not_found', `No account with id ${id}`, { id });
    if (row.version !== body.version) {
      throw new HttpError(409, 'stale_version', `version: the account was changed since you read it (now version ${row.version}); reload and try again`, {
        currentVersion: row.version,
        current: await account(tx, id),
      });
    }
    const role = body.role ?? row.role;
    const disabled = body.disabled ?? row.disabled;
    const region = body.regionCode === undefined ? row.region_code : body.regionCode;
    if (role === 'reporter' && region === null) {
      throw new HttpError(422, 'region_required', 'regionCode: a reporter needs the street or district they report for', { field: 'regionCode' });
    }
    if (region !== null && region !== row.region_code) await requireRegion(tx, region);
    const losesAdmin = row.role === 'admin' && !row.disabled && (role !== 'admin' || disabled);
    if (losesAdmin && id === actorId) {
      throw new HttpError(422, 'own_account', 'You cannot disable your own account or take away your own admin role; ask another admin', { field: body.disabled ? 'disabled' : 'role' });
    }
    // Unreachable one request at a time (the actor is an active admin too); it guards the race above.
    if (losesAdmin && (await tx.query<{ n: number }>(otherActiveAdminsSql, [id]))[0]!.n === 0) {
      throw new HttpError(422, 'last_admin', 'This is the last active admin: make another admin first', { field: body.disabled ? 'disabled' : 'role' });
    }
    await tx.query('UPDATE users SET role = $2, region_code = $3, disabled = $4, version = version + 1 WHERE id = $1', [id, role, role === 'reporter' ? region : null, disabled]);
    await tx.query('DELETE FROM sessions WHERE user_id = $1', [id]);
  });
  return account(db, id);
}

/** A new generated password, returned this once; the account's sessions end. */
export async function resetPassword(db: Database, id: number): Promise<AccountWithPassword> {
  const password = generatePassword();
  const hash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const rows = await tx.query('UPDATE users SET password_hash = $2, version = version + 1 WHERE id = $1 RETURNING id', [id, hash]);
    if (rows.length === 0) throw new HttpError(404, 'not_found', `No account with id ${id}`, { id });
    await tx.query('DELETE FROM sessions WHERE user_id = $1', [id]);
  });
  return { account: await account(db, id), password };
}
