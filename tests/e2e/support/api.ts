/**
 * Calls the running app's API from the test process as one account, the way the README's curl
 * example does: sign in, keep the session cookie, echo the CSRF token on writes. For setting up
 * what a bureau would have done before opening the app (importing its plan table).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { E2E_PASSWORD } from './app.ts';

export interface ApiSession {
  get<T>(path: string): Promise<{ status: number; body: T }>;
  /** A JSON write (POST/PUT/PATCH/DELETE) with the CSRF token. */
  send<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** A multipart upload: `file` read from disk, plus text fields. */
  upload<T>(path: string, file: string, fields: Record<string, string>): Promise<{ status: number; body: T }>;
}

export async function apiSession(baseUrl: string, username: string, password = E2E_PASSWORD): Promise<ApiSession> {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({ username, password }),
  });
  if (login.status !== 200) throw new Error(`login as ${username}: ${login.status} ${await login.text()}`);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]!).join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const answer = async <T>(res: Response) => ({ status: res.status, body: (await res.json()) as T });
  return {
    get: async (p) => answer(await fetch(`${baseUrl}${p}`, { headers: { cookie } })),
    send: async (method, p, body) =>
      answer(await fetch(`${baseUrl}${p}`, {
        method,
        headers: { cookie, 'x-csrf-token': csrfToken, origin: baseUrl, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      })),
    upload: async (p, file, fields) => {
      const form = new FormData();
      form.set('file', new Blob([await readFile(file)]), path.basename(file));
      for (const [k, v] of Object.entries(fields)) form.set(k, v);
      return answer(await fetch(`${baseUrl}${p}`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken, origin: baseUrl }, body: form }));
    },
  };
}
