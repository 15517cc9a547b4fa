import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Me } from '../../shared/auth/contract.ts';
import { MAX_FAILURES } from '../../server/auth/throttle.ts';
import { databaseFingerprint, TEST_PASSWORD, testApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());

type ErrorBody = { error: { code: string; message: string; details?: unknown } };
const login = (body: unknown, headers: Record<string, string> = {}) =>
  t.anonymous.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

/**
 * The status of a request once a change made in SQL has reached the app: sessions are cached per
 * process and dropped by NOTIFY data_changed 'sessions'/'users', delivered just after commit.
 * Polls for up to 3 s; a session that stays usable longer fails the test.
 */
async function statusSoon(who: { request(path: string): Promise<Response> }, path: string, want = 401): Promise<number> {
  let status = 0;
  for (let i = 0; i < 150; i++) {
    status = (await who.request(path)).status;
    if (status === want) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  return status;
}

describe('sessions', () => {
  it('answers health without a session and everything else with 401 in the one error shape', async () => {
    expect((await t.anonymous.request('/api/health')).status).toBe(200);
    for (const path of ['/api/estates?district=360703', '/api/programmes', '/api/auth/me', '/api/audit', '/api/stats/ranking?parent=360703&year=2024', '/tiles/estates/14/13415/7004.mvt']) {
      const res = await t.anonymous.json<ErrorBody>(path);
      expect(res.status, path).toBe(401);
      expect(res.body.error.code).toBe('unauthenticated');
    }
    const write = await t.anonymous.json<ErrorBody>('/api/zones', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(write.status).toBe(401);
  });

  it('logs in with a password checked against a scrypt hash, into an HTTP-only SameSite cookie holding a token stored only hashed', async () => {
    const res = await login({ username: 'planner', password: TEST_PASSWORD });
    expect(res.status).toBe(200);
    const me = (await res.json()) as Me;
    expect(me).toMatchObject({ username: 'planner', role: 'planner', region: null });
    expect(me.csrfToken).toMatch(/^[\w-]{20,}$/);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);
    const token = cookie.split(';')[0]!.slice('session='.length);

    const [user] = await t.db.query<{ password_hash: string }>(`SELECT password_hash FROM users WHERE username = 'planner'`);
    expect(user!.password_hash).toMatch(/^scrypt\$\d+\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(user!.password_hash).not.toContain(TEST_PASSWORD);
    // The demo accounts' hashes are remade cheaper for the tests (support/global-setup.ts); an
    // account the server makes is hashed at its own cost, N = 2^15, and signs in the same way.
    const made = await t.json<{ password: string }>('/api/accounts', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'hash-cost', role: 'leader' }),
    });
    expect(made.status).toBe(201);
    const [own] = await t.db.query<{ password_hash: string }>(`SELECT password_hash FROM users WHERE username = 'hash-cost'`);
    expect(own!.password_hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(own!.password_hash).not.toContain(made.body.password);
    expect((await login({ username: 'hash-cost', password: made.body.password })).status).toBe(200);
    const stored = await t.db.query<{ token_hash: string }>(`SELECT token_hash FROM sessions WHERE token_hash = $1 OR token_hash = $2`, [
      token,
      createHash('sha256').update(token).digest('hex'),
    ]);
    expect(stored).toEqual([{ token_hash: createHash('sha256').update(token).digest('hex') }]);

    const again = await t.anonymous.json<Me>('/api/auth/me', { headers: { cookie: `session=${token}` } });
    expect(again.status).toBe(200);
    expect(again.body.username).toBe('planner');
  });

  it('refuses a wrong password or unknown user with the same 401, and a malformed body with 400', async () => {
    const wrong = await login({ username: 'leader', password: 'not-the-password' });
    const unknown = await login({ username: 'nobody-here', password: 'whatever' });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(((await wrong.json()) as ErrorBody).error.message).toBe(((await unknown.json()) as ErrorBody).error.message);
    const bad = await login({ username: 'leader' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).error.message).toMatch(/password/);
    const broken = await t.anonymous.request('/api/auth/login', { method: 'POST', body: 'username=admin' });
    expect(broken.status).toBe(400);
    await t.db.query(`DELETE FROM login_throttle`);
  });

  it('ends a session at logout, and when it expires', async () => {
    const planner = await t.login('planner');
    expect((await planner.request('/api/auth/me')).status).toBe(200);
    const out = await planner.request('/api/auth/logout', { method: 'POST' });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().join()).toMatch(/session=;.*Max-Age=0/);
    expect((await planner.request('/api/auth/me')).status).toBe(401);

    const leader = await t.login('leader');
    expect((await leader.request('/api/auth/me')).status).toBe(200); // looked up, and kept a moment
    await t.db.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = (SELECT id FROM users WHERE username = 'leader')`);
    expect(await statusSoon(leader, '/api/estates?district=360703')).toBe(401);
  });

  it('stops a disabled account at once, session included, even one this process had looked up', async () => {
    const designer = await t.login('designer');
    expect((await designer.request('/api/auth/me')).status).toBe(200);
    await t.db.query(`UPDATE users SET disabled = true WHERE username = 'designer'`);
    expect(await statusSoon(designer, '/api/auth/me')).toBe(401);
    expect((await login({ username: 'designer', password: TEST_PASSWORD })).status).toBe(401);
    await t.db.query(`UPDATE users SET disabled = false WHERE username = 'designer'`);
    await t.db.query(`DELETE FROM login_throttle`);
  });

  it('refuses a login posted from another site (login CSRF)', async () => {
    const res = await login({ username: 'admin', password: TEST_PASSWORD }, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(res.status).toBe(403);
    expect(((await res.json()) as ErrorBody).error.code).toBe('cross_site');
  });
});

describe('health', () => {
  it('shows the process id to admins only (issue 14, item 6)', async () => {
    const anonymous = await t.anonymous.json<Record<string, unknown>>('/api/health');
    expect(anonymous.status).toBe(200);
    expect(anonymous.body).toMatchObject({ status: 'ok' });
    expect(anonymous.body).not.toHaveProperty('pid');
    expect(JSON.stringify(anonymous.body)).not.toContain(String(process.pid));
    for (const role of ['planner', 'leader', 'designer', 'reporter'] as const) {
      const res = await (await t.as(role)).json<Record<string, unknown>>('/api/health');
      expect(res.body, role).not.toHaveProperty('pid');
    }
    expect((await t.json<{ pid?: number }>('/api/health')).body.pid).toBe(process.pid);
  });
});

describe('CSRF', () => {
  it('refuses a cookie-authenticated write without the session token in x-csrf-token, and changes nothing', async () => {
    const planner = await t.login('planner');
    const before = await databaseFingerprint(t.db);
    const body = JSON.stringify({ name: '无令牌片区', estateIds: [1] });
    // An empty header stands for none (the test client adds the right one only when none is set).
    for (const token of ['', 'forged-token', t.me!.csrfToken /* another session's */]) {
      const res = await planner.json<ErrorBody>('/api/zones', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': token }, body });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('csrf');
    }
    expect(await databaseFingerprint(t.db)).toEqual(before);
  });
});

describe('login throttle', () => {
  it(`refuses logins for a username after ${MAX_FAILURES} failures, even with the right password, and says when to retry`, async () => {
    for (let i = 0; i < MAX_FAILURES; i++) expect((await login({ username: 'leader', password: `guess-${i}` })).status).toBe(401);
    const blocked = await login({ username: 'leader', password: TEST_PASSWORD });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
    expect(((await blocked.json()) as ErrorBody).error.code).toBe('too_many_attempts');
    // Another account is not locked by someone guessing this one.
    expect((await login({ username: 'planner', password: TEST_PASSWORD })).status).toBe(200);
    // Once the window has passed the right password works again.
    await t.db.query(`UPDATE login_throttle SET window_start = window_start - interval '16 minutes'`);
    expect((await login({ username: 'leader', password: TEST_PASSWORD })).status).toBe(200);
    expect(await t.db.query(`SELECT attempts FROM login_throttle WHERE key = 'pair:leader@in-process'`)).toEqual([{ attempts: 0 }]);
  });
});

describe('security headers', () => {
  it('sends a CSP that lets MapLibre start blob: workers, forbids framing, and the usual hardening headers', async () => {
    const res = await t.request('/api/programmes');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/worker-src 'self' blob:/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).toMatch(/object-src 'none'/);
    expect(csp).not.toMatch(/unsafe-eval/);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    // Also on errors and on unauthenticated answers.
    expect((await t.anonymous.request('/api/estates')).headers.get('x-frame-options')).toBe('DENY');
  });
});
