import cluster from 'node:cluster';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { openDatabase } from './db/open.ts';
import { geometryColumnsWithoutGist } from './db/migrate.ts';
import { parseEnv, type Env } from './env.ts';
import { loadDemoIfEmpty } from './seed/demo.ts';
import { seedDemoAccounts } from './auth/demo-accounts.ts';

/** Starts the server: database (created, migrated and loaded on first start), API, built client. */
async function main() {
  let env: Env;
  try {
    env = parseEnv();
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
  if (env.CLUSTER_WORKERS > 1 && cluster.isPrimary) return supervise(env);
  const started = Date.now();
  const db = await openDatabase(env);
  // Under a cluster the supervisor prepared the database once; each worker only serves.
  if (cluster.isPrimary) await prepare(env, db);

  const app = createApp({ db, env }, 'dist/client');
  const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
    const where = env.DATABASE_URL ? `PostgreSQL (DATABASE_URL${env.DATABASE_REPLICA_URL ? ', reads on DATABASE_REPLICA_URL' : ''})` : `embedded PGlite in ${env.DATA_DIR}`;
    const who = cluster.isWorker ? ` [worker ${process.pid}]` : '';
    console.log(`[server] http://${info.address === '127.0.0.1' ? 'localhost' : info.address}:${info.port} — ${where}, ready in ${Date.now() - started} ms${who}`);
  });
  const stop = async () => {
    server.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function prepare(env: Env, db: Awaited<ReturnType<typeof openDatabase>>) {
  const missing = await geometryColumnsWithoutGist(db);
  if (missing.length) console.warn(`[db] geometry columns without a GiST index: ${missing.join(', ')}`);
  if (env.DEMO_DATA === '1') {
    const loaded = await loadDemoIfEmpty(db);
    if (loaded) console.log(`[demo] loaded the demo data set: ${loaded}`);
  }
  // A bureau's own database (DEMO_DATA=0) gets no demo accounts with a printed password: its first
  // admin comes from the command line, as on a real server.
  const demo = env.DEMO_DATA === '1' ? await seedDemoAccounts(env, db) : null;
  if (demo) {
    const shown = demo.generated ? `with the password ${demo.password}  (shown once; set DEMO_PASSWORD to choose it)` : '(the password in DEMO_PASSWORD)';
    console.log(`[demo] accounts ${demo.usernames.join(', ')} ${shown}`);
  }
  const [users] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
  if (users!.n === 0) {
    // The embedded data directory belongs to one process: the CLI can only open it while the server is stopped.
    const how = env.DATABASE_URL ? '' : 'stop the server, then ';
    console.log(`[setup] no accounts yet: ${how}create the first admin with \`npm run user:create -- --username <name> --role admin\``);
  }
}

/**
 * CLUSTER_WORKERS > 1: several stateless API processes share the port (node:cluster), all on the
 * same PostgreSQL; tile caches stay coherent through NOTIFY. The supervisor migrates and seeds
 * once, then forks and replaces workers that die.
 */
async function supervise(env: Env) {
  if (!env.DATABASE_URL) {
    console.error('CLUSTER_WORKERS > 1 needs DATABASE_URL: the embedded database belongs to one process.');
    process.exit(2);
  }
  const db = await openDatabase(env);
  await prepare(env, db);
  await db.close();
  let stopping = false;
  for (let i = 0; i < env.CLUSTER_WORKERS; i++) cluster.fork();
  // Until every worker listens, the first one takes all connections; say when the set is complete
  // so that whoever waits for the cluster (tests, benchmarks, a process manager) knows.
  let listening = 0;
  cluster.on('listening', () => {
    if (++listening === env.CLUSTER_WORKERS) console.log(`[cluster] all ${env.CLUSTER_WORKERS} workers listening`);
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    console.warn(`[cluster] worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
    cluster.fork();
  });
  const stop = () => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    setTimeout(() => process.exit(0), 2000).unref();
    cluster.on('exit', () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

await main();
