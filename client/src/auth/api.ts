import type { Me } from '../../../shared/auth.ts';
import { ApiRequestError, sendJson } from '../api/http.ts';

/** The signed-in user, or null when there is no session (401). */
export async function fetchMe(signal?: AbortSignal): Promise<Me | null> {
  const res = await fetch('/api/auth/me', { signal, headers: { accept: 'application/json' } });
  if (res.status === 401) return null;
  if (!res.ok) throw new ApiRequestError(res.status, `http_${res.status}`, res.statusText);
  return (await res.json()) as Me;
}

export const login = (username: string, password: string) => sendJson<Me>('POST', '/api/auth/login', { username, password });
export const logout = () => sendJson<null>('POST', '/api/auth/logout');
