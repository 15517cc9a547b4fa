import type { Context, Hono } from 'hono';
import type { Contract, JsonResponse, Route, ValidInput } from '../../shared/contract/route.ts';
import { parseJson, parseParams, parseQuery } from './validate.ts';

/**
 * A JSON answer whose text the database built (GeoJSON passed through without re-parsing), typed
 * as the contract's answer so that tsc checks the handler as if it returned the object.
 */
export type RawJson<T> = Response & { readonly __json?: T };
export function rawJson<T>(text: string, init: ResponseInit = {}): RawJson<T> {
  const headers = new Headers(init.headers);
  if (!headers.has('content-type')) headers.set('content-type', 'application/json; charset=utf-8');
  return new Response(text, { ...init, headers }) as RawJson<T>;
}

type Reply<R extends Route> = R['response'] extends JsonResponse<infer T> ? T | RawJson<T> : R['response'] extends { kind: 'empty' } ? null | void : Response;

/** A route's handler: its validated input and the Hono context; it answers the contract's type. */
export type RouteHandler<R extends Route> = (input: ValidInput<R>, c: Context) => Promise<Reply<R>> | Reply<R>;
export type Handlers<C extends Contract> = { [K in keyof C['routes']]: RouteHandler<C['routes'][K]> };

/**
 * Registers a capability's routes on the API app (mounted at /api) in the contract's order, so
 * that a fixed segment listed first (`/zones/suggest`) wins over a parameter (`/zones/:id`).
 * Path, query and JSON body are parsed with the contract's schemas in that order (400 naming the
 * parameter); a multipart body is the handler's (server/http/validate.ts parseUpload).
 */
export function register<C extends Contract>(app: Hono, contract: C, handlers: Handlers<C>): void {
  for (const [name, route] of Object.entries(contract.routes)) {
    const handler = (handlers as Record<string, RouteHandler<Route>>)[name];
    if (!handler) throw new Error(`${contract.capability}: no handler for route ${name}`);
    app.on(route.method, route.path.replace(/^\/api(?=\/)/, ''), async (c) => {
      const input = {
        params: route.params ? parseParams(c, route.params) : {},
        query: route.query ? parseQuery(c, route.query) : {},
        body: route.body && !('kind' in route.body && route.body.kind === 'multipart') ? await parseJson(c, route.body as never) : undefined,
      } as ValidInput<Route>;
      const out = await handler(input, c);
      if (out instanceof Response) return out;
      if (route.response.kind === 'empty') return c.body(null, 204);
      return c.json(out as object, route.response.kind === 'json' ? route.response.status : 200);
    });
  }
}
