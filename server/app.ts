import { existsSync } from 'node:fs';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { readerOf } from './db/engine.ts';
import type { AppDeps } from './deps.ts';
import { HttpError } from './http/errors.ts';
import { healthRoutes } from './health/routes.ts';
import { regionRoutes } from './regions/routes.ts';
import { estateRoutes } from './estates/routes.ts';
import { programmeRoutes } from './programmes/routes.ts';
import { roadRoutes } from './roads/routes.ts';
import { importRoutes } from './plans/import/routes.ts';
import { configRoutes } from './config/routes.ts';
import { CAPABILITIES } from './capabilities.ts';
import { tileRoutes } from './tiles/routes.ts';
import { pipelineRoutes } from './pipelines/routes.ts';
import { TileCache } from './tiles/cache.ts';
import { audited } from './auth/audited-db.ts';
import { guard } from './auth/guard.ts';
import { canonicalIds } from './http/ids.ts';
import { databaseRefusal } from './http/db-errors.ts';
import { securityHeaders } from './http/security-headers.ts';
import { exportRoutes } from './scopes/export/routes.ts';
import { SCOPE_UPLOAD_LIMIT_BYTES, scopeImportRoutes } from './scopes/import/routes.ts';
import { estateGeometryRoutes } from './scopes/edit/routes.ts';
import { planTableRoutes } from './plans/table-versions/routes.ts';
import { planManagementRoutes } from './plans/manage-routes.ts';
import { milestoneRoutes } from './milestones/routes.ts';
import { planTargetRoutes } from './progress/targets/plan-routes.ts';
import { estateLocationRoutes } from './placement/routes.ts';

const errorBody = (code: string, message: string, details?: unknown) => ({
  error: details === undefined ? { code, message } : { code, message, details },
});

/**
 * The API. One place installs error handling so that every failure has one JSON shape and the
 * right status; a bug becomes a 500 with a generic message, never a stack trace.
 */
export function createApi(raw: AppDeps) {
  // Handlers get a database that stamps each write request's transactions with its user, for the
  // audit triggers (server/auth/audited-db.ts); sessions and the policy use the plain one.
  const deps: AppDeps = { ...raw, db: audited(raw.db) };
  // Read-only route groups query the replica when one is configured; writes always use deps.db.
  const reads: AppDeps = { ...deps, db: readerOf(deps.db) };
  // Surveyed scopes (zipped Shapefiles, GeoPackages) are allowed more than plan tables.
  const limitFor = (path: string) => (path.endsWith('/import/scope') ? (deps.env.SCOPE_UPLOAD_LIMIT_BYTES ?? SCOPE_UPLOAD_LIMIT_BYTES) : deps.env.UPLOAD_LIMIT_BYTES);
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
    .use('*', guard(raw.db))
    .route('/health', healthRoutes(deps, raw.db))
    .route('/config', configRoutes(deps))
    .route('/regions', regionRoutes(reads))
    .route('/estates', estateRoutes(reads))
    .route('/estates', estateGeometryRoutes(deps))
    .route('/estates', estateLocationRoutes(deps))
    .route('/programmes', programmeRoutes(reads))
    .route('/roads', roadRoutes(reads))
    .route('/import', importRoutes(deps))
    .route('/import', scopeImportRoutes(deps))
    // A plan's table: replace it as the next version, look at earlier versions (issue 13).
    .route('/plans', planTableRoutes(deps))
    .route('/pipelines', pipelineRoutes(deps, reads))
    .route('/export', exportRoutes(reads))
    // Plan management (issue 13): the plans, deleting one, a plan's milestones and targets.
    .route('/plans', planManagementRoutes(deps))
    .route('/plans', milestoneRoutes(deps))
    .route('/plans', planTargetRoutes(deps));
  // Capabilities with a contract (shared/<capability>/contract.ts) register from it.
  for (const cap of CAPABILITIES) cap.install(api, { db: deps.db, reads: reads.db, plain: raw.db, env: raw.env });
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

export type ApiType = ReturnType<typeof createApi>;

/** The whole site: the API under /api and, when built, the client. */
export function createApp(deps: AppDeps, clientDir?: string) {
  const app = new Hono();
  app.use('*', securityHeaders(deps.env.BASEMAP_STYLE_URL));
  app.route('/api', createApi(deps));
  const tiles = new Hono().use('*', guard(deps.db)).route('/', tileRoutes(deps, new TileCache((deps.env.TILE_CACHE_MB ?? 64) * 2 ** 20)));
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
