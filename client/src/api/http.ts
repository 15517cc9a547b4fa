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

/** A downloaded file: its bytes and the name the server gave it (RFC 6266 filename*, else filename). */
export interface DownloadedFile {
  blob: Blob;
  fileName: string | null;
}

/** The file name of a Content-Disposition header: the UTF-8 filename* first, else filename. */
export function fileNameOf(contentDisposition: string | null): string | null {
  const cd = contentDisposition ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star) return decodeURIComponent(star[1]!);
  return /filename="([^"]+)"/i.exec(cd)?.[1] ?? null;
}

/**
 * Fetches a file (a download) as a Blob with the same session handling as getJson and sendJson:
 * the CSRF token on a write, sessionLost() on a 401, and a refusal in the server's error shape as
 * ApiRequestError, so that it can be shown as a message instead of a page of JSON.
 */
export async function fetchFile(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, signal?: AbortSignal): Promise<DownloadedFile> {
  const form = body instanceof FormData;
  const res = await fetch(path, {
    method,
    signal,
    headers: method === 'GET' ? {} : { ...csrfHeaders(), ...(body === undefined || form ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : form ? body : JSON.stringify(body),
  });
  if (res.status === 401) sessionLost();
  if (!res.ok) {
    const err = ((await res.json().catch(() => null)) as Partial<ApiError> | null)?.error;
    throw new ApiRequestError(res.status, err?.code ?? `http_${res.status}`, err?.message ?? res.statusText, err?.details);
  }
  return { blob: await res.blob(), fileName: fileNameOf(res.headers.get('content-disposition')) };
}
