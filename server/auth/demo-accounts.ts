import type { Queryable } from '../db/engine.ts';
import type { Env } from '../env.ts';
import { generatePassword } from './passwords.ts';
import { ensureDemoAccounts } from './users.ts';

/**
 * Demo accounts exist only in the embedded demo: a real server's first admin comes from
 * `npm run user:create`, so that no known or printed password ever guards real data. Returns what
 * was created (with the password, to print once), or null when nothing was.
 */
export async function seedDemoAccounts(
  env: Pick<Env, 'DATABASE_URL' | 'DEMO_PASSWORD'>,
  db: Queryable,
): Promise<{ usernames: string[]; password: string; generated: boolean } | null> {
  if (env.DATABASE_URL) return null;
  const password = env.DEMO_PASSWORD ?? generatePassword();
  const usernames = await ensureDemoAccounts(db, password);
  return usernames.length ? { usernames, password, generated: !env.DEMO_PASSWORD } : null;
}
