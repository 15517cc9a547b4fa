import type { CallInput, FileResponse, ResponseOf, Route } from '../../../shared/contract/route.ts';
import { fetchFile, getJson, sendJson, withQuery, type DownloadedFile } from './http.ts';

type Scalar = string | number | boolean | undefined | null;

/** The route's path with its `:params` filled in (each percent-encoded) and its query string. */
export function urlOf<R extends Route>(route: R, input: Omit<CallInput<R>, 'body' | 'signal'>): string {
  const params = (input.params ?? {}) as Record<string, string | number>;
  const path = route.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`${route.method} ${route.path}: no value for :${name}`);
    return encodeURIComponent(String(v));
  });
  const query: Record<string, string | number | undefined> = {};
  for (const [k, v] of Object.entries((input.query ?? {}) as Record<string, Scalar>)) if (v !== undefined && v !== null) query[k] = String(v);
  return withQuery(path, query);
}

/**
 * Calls a route of a capability's contract: the path, query and body are typed by the route's
 * schemas and the answer by its response type, so a change on either side breaks the build.
 * Failures are ApiRequestError with the server's code and details (client/src/errors/ words them).
 */
export function call<R extends Route>(route: R, input: CallInput<R>): Promise<ResponseOf<R>> {
  const url = urlOf(route, input);
  if (route.method === 'GET') return getJson<ResponseOf<R>>(url, input.signal);
  return sendJson<ResponseOf<R>>(route.method, url, input.body);
}

/**
 * Downloads what a file route answers (`file(...)` in its contract) as a Blob with the name the
 * server gave it, typed by the route like call(); a refusal is an ApiRequestError, not a file.
 */
export function download<R extends Route & { response: FileResponse }>(route: R, input: CallInput<R>): Promise<DownloadedFile> {
  return fetchFile(route.method, urlOf(route, input), input.body, input.signal);
}

/**
 * The TanStack Query key of a GET: the route's path and its inputs. Writes invalidate by the
 * route's path prefix (`keyPrefix(route)`), so a key is never spelled by hand.
 */
export function keyOf<R extends Route>(route: R, input: Omit<CallInput<R>, 'body' | 'signal'> = {} as never): readonly unknown[] {
  return [route.path, input.params ?? null, input.query ?? null];
}
export const keyPrefix = (route: Route): readonly unknown[] => [route.path];
