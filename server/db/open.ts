import type { Env } from '../env.ts';
import type { Database } from './engine.ts';
import { migrate } from './migrate.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

/** Opens the configured engine and brings its schema up to date. */
export async function openDatabase(env: Pick<Env, 'DATABASE_URL' | 'DATA_DIR'> & Partial<Pick<Env, 'DATABASE_REPLICA_URL'>>): Promise<Database> {
  const db = env.DATABASE_URL ? await openPostgres(env.DATABASE_URL) : await openPglite(env.DATA_DIR);
  await migrate(db);
  if (env.DATABASE_REPLICA_URL) {
    if (!env.DATABASE_URL) throw new Error('DATABASE_REPLICA_URL needs DATABASE_URL: the embedded engine has no replicas');
    // A hot standby is read-only and gets the schema by replication: never migrate it.
    const replica = await openPostgres(env.DATABASE_REPLICA_URL, { readOnly: true });
    const closePrimary = db.close;
    return { ...db, replica, close: async () => (await Promise.all([closePrimary(), replica.close()]), undefined) };
  }
  return db;
}
