import type { Database } from './db/engine.ts';
import type { Env } from './env.ts';

/**
 * What every route group is built from: the database and the settings it reads. It lives apart
 * from server/app.ts so that route files do not import the app that imports them.
 */
export interface AppDeps {
  db: Database;
  env: Pick<Env, 'UPLOAD_LIMIT_BYTES' | 'BASEMAP_STYLE_URL'> & Partial<Pick<Env, 'TILE_CACHE_MB' | 'SESSION_HOURS' | 'TRUST_PROXY' | 'SCOPE_UPLOAD_LIMIT_BYTES'>>;
}

/**
 * What a capability's handlers are built from (server/capabilities.ts): `db` stamps each write
 * request's transactions with its user for the audit triggers; `reads` is the replica when one is
 * configured (read-only routes); `plain` is the unstamped database that sessions, the throttle
 * and the audit trail itself use.
 */
export interface RouteDeps {
  db: Database;
  reads: Database;
  plain: Database;
  env: AppDeps['env'];
}
