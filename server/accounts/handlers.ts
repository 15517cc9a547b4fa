import type { RouteDeps } from '../deps.ts';
import type { Handlers } from '../http/register.ts';
import { sessionUser } from '../auth/guard.ts';
import type { accountsContract } from '../../shared/accounts/contract.ts';
import { createAccount, listAccounts, resetPassword, updateAccount } from './service.ts';

/** Accounts (账户管理), admins only (shared/accounts/contract.ts). */
export function accountHandlers({ db }: RouteDeps): Handlers<typeof accountsContract> {
  return {
    list: () => listAccounts(db),
    create: ({ body }) => createAccount(db, body),
    update: ({ params, body }, c) => updateAccount(db, params.id, body, sessionUser(c)!.id),
    resetPassword: ({ params }) => resetPassword(db, params.id),
  };
}
