import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { ADDRESS_MAX_ATTEMPTS, MAX_FAILURES, USERNAME_MAX_ATTEMPTS } from '../../server/auth/throttle.ts';
import { TEST_PASSWORD, testApp, UPLOAD_LIMIT_BYTES, type TestApp } from './support/test-app.ts';

/**
 * Issue 14, item 2: the login throttle holds under parallel guesses. Each attempt is counted before
 * its password is checked, by one conditional row update per counter (so that every process on the
 * database agrees), per username and address, per username and per address; a success takes back
 * only its own attempt, never the failures that ran alongside it.
 */
let t: TestApp;
/** The same app behind a trusted proxy, so that a test can speak from several addresses. */
let proxied: ReturnType<typeof createApp>;

beforeAll(async () => {
  t = await testApp();
  proxied = createApp({ db: t.db, env: { UPLOAD_LIMIT_BYTES, BASEMAP_STYLE_URL: undefined, TRUST_PROXY: '1' } });
});
afterAll(async () => t?.close());
beforeEach(async () => {
  await t.db.query('DELETE FROM login_throttle');
});

const body = (username: string, password: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username, password }),
});
const login = (username: string, password: string) => t.anonymous.request('/api/auth/login', body(username, password));
const loginFrom = (forwardedFor: string, username: string, password: string) =>
  Promise.resolve(proxied.request('/api/auth/login', { ...body(username, password), headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor } }));

const tally = (statuses: number[]) => statuses.reduce<Record<number, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});

async function storedAttempts(key: string): Promise<number> {
  const [row] = await t.db.query<{ attempts: number }>('SELECT attempts FROM login_throttle WHERE key = $1', [key]);
  return row?.attempts ?? 0;
}

describe('parallel guesses', () => {
  it(`thirty wrong passwords and the right one at once: at most ${MAX_FAILURES} wrong ones are checked, the rest get 429`, async () => {
    const attempts = [...Array.from({ length: 30 }, (_, i) => login('leader', `guess-${i}`)), login('leader', TEST_PASSWORD)];
    const statuses = (await Promise.all(attempts)).map((r) => r.status);
    const counts = tally(statuses);
    const wrong = counts[401] ?? 0;
    const right = counts[200] ?? 0;
    // Never a sixth wrong password checked. Five answers in all, unless the right one was counted
    // early and gave its attempt back while guesses were still arriving: then one more guess took
    // its place (README "Login throttle"). Which happens depends on how the requests interleave.
    expect(wrong, JSON.stringify(counts)).toBeLessThanOrEqual(MAX_FAILURES);
    expect(wrong + right, JSON.stringify(counts)).toBe(right === 1 && wrong === MAX_FAILURES ? MAX_FAILURES + 1 : MAX_FAILURES);
    expect(counts[429], JSON.stringify(counts)).toBe(31 - wrong - right);
    // Every failure is still counted: a success took back only its own attempt.
    expect(await storedAttempts('pair:leader@in-process')).toBe(counts[401]);

    // Another burst in the same window: whatever is left of the allowance, and not one guess more.
    const more = tally((await Promise.all(Array.from({ length: 20 }, (_, i) => login('leader', `again-${i}`)))).map((r) => r.status));
    expect((counts[401] ?? 0) + (more[401] ?? 0)).toBe(MAX_FAILURES);
    expect((await login('leader', TEST_PASSWORD)).status).toBe(429);
  });

  it('a success does not wipe out the failures that ran alongside it', async () => {
    // Four wrong guesses and the right password together; then the fifth guess must still be the last one.
    const statuses = (await Promise.all([...Array.from({ length: 4 }, (_, i) => login('planner', `guess-${i}`)), login('planner', TEST_PASSWORD)])).map((r) => r.status);
    expect(tally(statuses)).toEqual({ 401: 4, 200: 1 });
    expect(await storedAttempts('pair:planner@in-process')).toBe(4);
    expect((await login('planner', 'guess-5')).status).toBe(401);
    const blocked = await login('planner', TEST_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
  });

  it('a window that has passed starts again from nothing', async () => {
    for (let i = 0; i < MAX_FAILURES; i++) expect((await login('designer', `guess-${i}`)).status).toBe(401);
    expect((await login('designer', TEST_PASSWORD)).status).toBe(429);
    await t.db.query(`UPDATE login_throttle SET window_start = window_start - interval '16 minutes'`);
    expect((await login('designer', TEST_PASSWORD)).status).toBe(200);
    expect(await storedAttempts('pair:designer@in-process')).toBe(0);
  });
});

describe('per username and per address', () => {
  it('behind a proxy the address is the one the proxy saw (the last X-Forwarded-For entry), not one the client wrote', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < MAX_FAILURES + 3; i++) statuses.push((await loginFrom(`10.9.8.${i}, 203.0.113.7`, 'leader', `guess-${i}`)).status);
    expect(tally(statuses)).toEqual({ 401: MAX_FAILURES, 429: 3 });
    expect(await storedAttempts('pair:leader@203.0.113.7')).toBe(MAX_FAILURES);
  });

  it(`one username from many addresses: ${USERNAME_MAX_ATTEMPTS} attempts per window, then 429 from anywhere`, async () => {
    const statuses = (await Promise.all(Array.from({ length: USERNAME_MAX_ATTEMPTS + 6 }, (_, i) => loginFrom(`198.51.100.${i + 1}`, 'leader', `guess-${i}`)))).map((r) => r.status);
    expect(tally(statuses)).toEqual({ 401: USERNAME_MAX_ATTEMPTS, 429: 6 });
    expect((await loginFrom('198.51.100.250', 'leader', TEST_PASSWORD)).status).toBe(429);
    // Another username from those addresses is not affected.
    expect((await loginFrom('198.51.100.1', 'planner', TEST_PASSWORD)).status).toBe(200);
  });

  it(`one address trying many usernames: ${ADDRESS_MAX_ATTEMPTS} attempts per window, then 429 for any username`, async () => {
    const statuses = (await Promise.all(Array.from({ length: ADDRESS_MAX_ATTEMPTS + 5 }, (_, i) => loginFrom('192.0.2.66', `sprayed-${i}`, 'password1')))).map((r) => r.status);
    expect(tally(statuses)).toEqual({ 401: ADDRESS_MAX_ATTEMPTS, 429: 5 });
    expect((await loginFrom('192.0.2.66', 'admin', TEST_PASSWORD)).status).toBe(429);
    expect((await loginFrom('192.0.2.67', 'admin', TEST_PASSWORD)).status).toBe(200);
  });
});
