import { Hono } from 'hono';
import { z } from 'zod';
import { idString } from '../../shared/ids.ts';
import type { AppDeps } from '../deps.ts';
import { sessionUser } from '../auth/guard.ts';
import { parseJson, parseParams } from '../http/validate.ts';
import { createAccountBody, updateAccountBody } from '../../shared/accounts.ts';
import { createAccount, listAccounts, resetPassword, updateAccount } from './service.ts';

const idParam = z.object({ id: idString('account') });

/** Accounts (账户管理), admins only (server/auth/policy.ts). */
export function accountRoutes({ db }: AppDeps) {
  return new Hono()
    .get('/', async (c) => c.json(await listAccounts(db)))
    .post('/', async (c) => c.json(await createAccount(db, await parseJson(c, createAccountBody)), 201))
    .patch('/:id', async (c) => {
      const { id } = parseParams(c, idParam);
      return c.json(await updateAccount(db, id, await parseJson(c, updateAccountBody), sessionUser(c)!.id));
    })
    .post('/:id/password', async (c) => c.json(await resetPassword(db, parseParams(c, idParam).id)));
}
