import type { Account, AccountWithPassword, CreateAccount, UpdateAccount } from '../../../shared/accounts.ts';
import { getJson, sendJson } from '../api/http.ts';
import { placesApi } from '../places/api.ts';

export const accountsApi = {
  list: (signal?: AbortSignal) => getJson<Account[]>('/api/accounts', signal),
  create: (body: CreateAccount) => sendJson<AccountWithPassword>('POST', '/api/accounts', body),
  update: (id: number, body: UpdateAccount) => sendJson<Account>('PATCH', `/api/accounts/${id}`, body),
  resetPassword: (id: number) => sendJson<AccountWithPassword>('POST', `/api/accounts/${id}/password`),
};

/** Streets of a district, for a reporter's region (GET /api/regions, names only). */
export async function streetsOf(district: string, signal?: AbortSignal): Promise<{ code: string; name: string }[]> {
  const fc = await placesApi.regions({ level: 'street', parent: district }, signal);
  return fc.features.map(({ properties: { code, name } }) => ({ code, name })).sort((a, b) => a.code.localeCompare(b.code));
}
