import { queryOptions } from '@tanstack/react-query';
import { call, keyOf, keyPrefix } from '../api/call.ts';
import { placesApi } from '../places/api.ts';
import { accountsContract, type CreateAccount, type UpdateAccount } from '../../../shared/accounts/contract.ts';

const r = accountsContract.routes;

/** The accounts routes (shared/accounts/contract.ts), admins only. */
export const accountsApi = {
  create: (body: CreateAccount) => call(r.create, { body }),
  update: (id: number, body: UpdateAccount) => call(r.update, { params: { id }, body }),
  resetPassword: (id: number) => call(r.resetPassword, { params: { id } }),
};

export const accountQueries = {
  list: () => queryOptions({ queryKey: keyOf(r.list), queryFn: ({ signal }) => call(r.list, { signal }), staleTime: 0 }),
  /** What a write makes stale: the list. */
  lists: () => keyPrefix(r.list),
};

/** Streets of a district, for a reporter's region (GET /api/regions, names only). */
export async function streetsOf(district: string, signal?: AbortSignal): Promise<{ code: string; name: string }[]> {
  const fc = await placesApi.regions({ level: 'street', parent: district }, signal);
  return fc.features.map(({ properties: { code, name } }) => ({ code, name })).sort((a, b) => a.code.localeCompare(b.code));
}
