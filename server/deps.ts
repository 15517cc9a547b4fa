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
