import { existsSync } from 'node:fs';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { readerOf } from './db/engine.ts';
import type { AppDeps, RouteDeps } from './deps.ts';
import type { ErrorCode } from '../shared/errors/codes.ts';
import { HttpError } from './http/errors.ts';
import { CAPABILITIES } from './capabilities.ts';
import { tileRoutes } from './tiles/routes.ts';
import { TileCache } from './tiles/cache.ts';
import { audited } from './auth/audited-db.ts';
import { guard } from './auth/guard.ts';
import { canonicalIds } from './http/ids.ts';
import { databaseRefusal } from './http/db-errors.ts';
import { securityHeaders, securityHeaderSet } from './http/security-headers.ts';
import { SCOPE_UPLOAD_LIMIT_BYTES } from './scopes/import/handlers.ts';

const errorBody = (code: ErrorCode, message: string, details?: unknown) => ({
  error: details === undefined ? { code, message } : { code, message, details },
});

/**
 * The API. One place installs error handling so that every failure has one JSON shape and the
 * right status; a bug becomes a 500 with a generic message, never a stack trace.
 */
export function createApi(raw: AppDeps) {
  // Handlers get a database that stamps each write request's transactions with its user, for the
  // audit triggers (server/auth/audited-db.ts); sessions, the policy and the audit trail use the
  // plain one. Read-only routes query the replica when one is configured.
  const db = audited(raw.db);
  const deps: RouteDeps = { db, reads: readerOf(db), plain: raw.db, env: raw.env };
  // Surveyed scopes (zipped Shapefiles, GeoPackages) are allowed more than plan tables.
  const limitFor = (path: string) => (path.endsWith('/import/scope') ? (raw.env.SCOPE_UPLOAD_LIMIT_BYTES ?? SCOPE_UPLOAD_LIMIT_BYTES) : raw.env.UPLOAD_LIMIT_BYTES);
  const api = new Hono()
    .use('*', (c, next) => {
      const maxSize = limitFor(c.req.path);
      return bodyLimit({
        maxSize,
        onError: (c) =>
          c.json(errorBody('payload_too_large', `The upload is larger than the limit of ${(maxSize / 1024 / 1024).toFixed(0)} MB`, { limitBytes: maxSize }), 413),
      })(c, next);
    })
    // Ids in paths and query strings are canonical digits or the request ends here (400), before
    // the guard reads them (server/http/ids.ts).
    .use('*', canonicalIds())
    // Every route below is authorised here, in one place: server/auth/policy.ts.
    .use('*', guard(raw.db));
  // Every capability registers from its contract (shared/<capability>/contract.ts).
  for (const cap of CAPABILITIES) cap.install(api, deps);
  // A mounted app's notFound is not consulted by its parent: catch unknown API paths here.
  api.all('*', (c) => c.json(errorBody('not_found', `No API route ${c.req.method} ${c.req.path}`), 404));

  api.notFound((c) => c.json(errorBody('not_found', `No API route ${c.req.method} ${c.req.path}`), 404));
  return withErrorHandling(api);
}

/** Every failure in one JSON shape with the right status; a bug is a 500 without a stack trace. */
function withErrorHandling<T extends Hono>(app: T): T {
  app.onError((err, c) => {
    if (err instanceof HttpError) return c.json(errorBody(err.code, err.message, err.details), err.status);
    if (err instanceof HTTPException) return c.json(errorBody('http_error', err.message), err.status);
    const refusal = databaseRefusal(err);
    if (refusal) return c.json(errorBody(refusal.code, refusal.message, refusal.details), refusal.status);
    console.error(`[api] ${c.req.method} ${c.req.path}:`, err);
    return c.json(errorBody('internal', 'Internal error; the request was not applied'), 500);
  });
  return app;
}

/** The whole site: the API under /api and, when built, the client. */
export function createApp(deps: AppDeps, clientDir?: string) {
  const app = new Hono();
  const security = securityHeaderSet(deps.env.BASEMAP_STYLE_URL);
  app.use('*', securityHeaders(security));
  app.route('/api', createApi(deps));
  const tiles = new Hono().use('*', guard(deps.db)).route('/', tileRoutes(deps, new TileCache((deps.env.TILE_CACHE_MB ?? 64) * 2 ** 20), security));
  app.route('/tiles', withErrorHandling(tiles));
  if (clientDir && existsSync(clientDir)) {
    app.use('/*', serveStatic({ root: clientDir }));
    // Client-side routes fall back to the app shell.
    app.get('*', serveStatic({ path: `${clientDir}/index.html` }));
  } else if (clientDir) {
    app.get('/', (c) => c.text('The client is not built: run `npm run build` (npm start does it for you).', 503));
  }
  return app;
}
