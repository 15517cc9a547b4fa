import { existsSync } from 'node:fs';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { Database } from './db/engine.ts';
import type { Env } from './env.ts';
import { HttpError } from './http/errors.ts';
import { healthRoutes } from './health/routes.ts';
import { regionRoutes } from './regions/routes.ts';
import { estateRoutes } from './estates/routes.ts';
import { programmeRoutes } from './programmes/routes.ts';
import { roadRoutes } from './roads/routes.ts';
import { importRoutes } from './import/routes.ts';
import { configRoutes } from './config/routes.ts';

export interface AppDeps {
  db: Database;
  env: Pick<Env, 'UPLOAD_LIMIT_BYTES' | 'BASEMAP_STYLE_URL'>;
}

const errorBody = (code: string, message: string, details?: unknown) => ({
  error: details === undefined ? { code, message } : { code, message, details },
});

/**
 * The API. One place installs error handling so that every failure has one JSON shape and the
 * right status; a bug becomes a 500 with a generic message, never a stack trace.
 */
export function createApi(deps: AppDeps) {
  const api = new Hono()
    .use(
      '*',
      bodyLimit({
        maxSize: deps.env.UPLOAD_LIMIT_BYTES,
        onError: (c) =>
          c.json(
            errorBody(
              'payload_too_large',
              `The upload is larger than the limit of ${(deps.env.UPLOAD_LIMIT_BYTES / 1024 / 1024).toFixed(0)} MB`,
              { limitBytes: deps.env.UPLOAD_LIMIT_BYTES },
            ),
            413,
          ),
      }),
    )
    .route('/health', healthRoutes(deps))
    .route('/config', configRoutes(deps))
    .route('/regions', regionRoutes(deps))
    .route('/estates', estateRoutes(deps))
    .route('/programmes', programmeRoutes(deps))
    .route('/roads', roadRoutes(deps))
    .route('/import', importRoutes(deps))
    // A mounted app's notFound is not consulted by its parent: catch unknown API paths here.
    .all('*', (c) => c.json(errorBody('not_found', `No API route ${c.req.method} ${c.req.path}`), 404));

  api.notFound((c) => c.json(errorBody('not_found', `No API route ${c.req.method} ${c.req.path}`), 404));
  api.onError((err, c) => {
    if (err instanceof HttpError) return c.json(errorBody(err.code, err.message, err.details), err.status);
    if (err instanceof HTTPException) return c.json(errorBody('http_error', err.message), err.status);
    console.error(`[api] ${c.req.method} ${c.req.path}:`, err);
    return c.json(errorBody('internal', 'Internal error; the request was not applied'), 500);
  });
  return api;
}

export type ApiType = ReturnType<typeof createApi>;

/** The whole site: the API under /api and, when built, the client. */
export function createApp(deps: AppDeps, clientDir?: string) {
  const app = new Hono();
  app.route('/api', createApi(deps));
  if (clientDir && existsSync(clientDir)) {
    app.use('/*', serveStatic({ root: clientDir }));
    // Client-side routes fall back to the app shell.
    app.get('*', serveStatic({ path: `${clientDir}/index.html` }));
  } else if (clientDir) {
    app.get('/', (c) => c.text('The client is not built: run `npm run build` (npm start does it for you).', 503));
  }
  return app;
}
