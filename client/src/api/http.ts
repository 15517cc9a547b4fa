import type { ApiError } from '../../../shared/api.ts';
import { csrfHeaders, sessionLost } from '../auth/session.ts';
import { describeError } from '../errors/describe.ts';
import { currentLang } from '../i18n/current.ts';

/**
 * A failed API call, carrying the server's one error shape `{ error: { code, message, details } }`.
 * Its `message` is what the UI shows: the code worded in the UI's language from the details
 * (client/src/errors/); the server's English sentence is kept in `serverMessage` for developers.
 */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly serverMessage: string,
    readonly details?: unknown,
  ) {
    super(describeError(status, code, details, currentLang()));
    this.name = 'ApiRequestError';
  }
}

/** GET a JSON body from the same origin; non-2xx answers become ApiRequestError. */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(path, { signal, headers: { accept: 'application/json' } });
  const body: unknown = await res.json().catch(() => null);
  if (res.status === 401) sessionLost();
  if (!res.ok) {
    const err = (body as Partial<ApiError> | null)?.error;
    throw new ApiRequestError(res.status, err?.code ?? `http_${res.status}`, err?.message ?? res.statusText, err?.details);
  }
  return body as T;
}

/** Builds `path?k=v&…`, leaving out undefined values. */
export function withQuery(path: string, params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/**
 * POST/PUT/PATCH/DELETE a JSON body (or a FormData upload) with the session's CSRF token; non-2xx
 * answers become ApiRequestError (with the server's details).
 */
export async function sendJson<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const form = body instanceof FormData;
  const res = await fetch(path, {
    method,
    headers: { accept: 'application/json', ...csrfHeaders(), ...(body === undefined || form ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : form ? body : JSON.stringify(body),
  });
  const parsed: unknown = res.status === 204 ? null : await res.json().catch(() => null);
  // A failed login is a 401 too, but it has no session to lose.
  if (res.status === 401 && path !== '/api/auth/login') sessionLost();
  if (!res.ok) {
    const err = (parsed as Partial<ApiError> | null)?.error;
    throw new ApiRequestError(res.status, err?.code ?? `http_${res.status}`, err?.message ?? res.statusText, err?.details);
  }
  return parsed as T;
}
