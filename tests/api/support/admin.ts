import postgres from 'postgres';
import { adminUrl } from './urls.ts';

/**
 * Creates and drops test databases on the real server. A plain client on the maintenance
 * database: it must not migrate or install extensions there, and CREATE/DROP DATABASE cannot
 * share a statement (they refuse to run inside a transaction block).
 */
export async function withAdmin<T>(url: string, fn: (run: (statement: string) => Promise<void>) => Promise<T>): Promise<T> {
  const sql = postgres(adminUrl(url), { max: 1, onnotice: () => {} });
  try {
    return await fn(async (statement) => {
      await sql.unsafe(statement);
    });
  } finally {
    await sql.end({ timeout: 5 });
  }
}
