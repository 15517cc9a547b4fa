import { call, keyOf } from '../api/call.ts';
import { ApiRequestError } from '../api/http.ts';
import { authContract, type Me } from '../../../shared/auth/contract.ts';

const r = authContract.routes;

/** The query key of the signed-in user (GET /api/auth/me). */
export const meKey = keyOf(r.me);

/** The signed-in user, or null when there is no session (401). */
export async function fetchMe(signal?: AbortSignal): Promise<Me | null> {
  try {
    return await call(r.me, { signal });
  } catch (e) {
    if (e instanceof ApiRequestError && e.status === 401) return null;
    throw e;
  }
}

export const login = (username: string, password: string) => call(r.login, { body: { username, password } });
export const logout = () => call(r.logout, {});
