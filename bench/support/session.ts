import postgres from 'postgres';
import { hashPassword } from '../../server/auth/passwords.ts';

const USERNAME = 'bench-admin';

/**
 * A signed-in session for load generators: every route but health needs one. The account is made
 * directly in the benchmark database (a real server has no demo accounts), then logged in over
 * HTTP like anyone else. Returns the Cookie header value and the CSRF token for writes.
 */
export async function benchSession(databaseUrl: string, baseUrl: string): Promise<{ cookie: string; csrfToken: string }> {
  const password = `bench-${process.pid}-${Date.now()}`;
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const hash = await hashPassword(password);
    await sql`INSERT INTO users (username, password_hash, role) VALUES (${USERNAME}, ${hash}, 'admin')
              ON CONFLICT (username) DO UPDATE SET password_hash = EXCLUDED.password_hash, disabled = false`;
  } finally {
    await sql.end({ timeout: 5 });
  }
  return login(baseUrl, USERNAME, password);
}

export async function login(baseUrl: string, username: string, password: string): Promise<{ cookie: string; csrfToken: string }> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`login as ${username}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('session='))!.split(';')[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, csrfToken };
}
