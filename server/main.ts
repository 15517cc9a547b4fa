import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { openDatabase } from './db/open.ts';
import { geometryColumnsWithoutGist } from './db/migrate.ts';
import { parseEnv } from './env.ts';
import { loadDemoIfEmpty } from './seed/demo.ts';

/** Starts the server: database (created, migrated and loaded on first start), API, built client. */
async function main() {
  let env;
  try {
    env = parseEnv();
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
  const started = Date.now();
  const db = await openDatabase(env);
  const missing = await geometryColumnsWithoutGist(db);
  if (missing.length) console.warn(`[db] geometry columns without a GiST index: ${missing.join(', ')}`);
  if (env.DEMO_DATA === '1') {
    const loaded = await loadDemoIfEmpty(db);
    if (loaded) console.log(`[demo] loaded the demo data set: ${loaded}`);
  }

  const app = createApp({ db, env }, 'dist/client');

  const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
    const where = env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${env.DATA_DIR}`;
    console.log(`[server] http://${info.address === '127.0.0.1' ? 'localhost' : info.address}:${info.port} — ${where}, ready in ${Date.now() - started} ms`);
  });
  const stop = async () => {
    server.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

await main();
