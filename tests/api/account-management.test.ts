import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, AccountWithPassword } from '../../shared/accounts/contract.ts';
import { databaseFingerprint, testApp, type TestApp } from './support/test-app.ts';

/**
 * 账户管理: an admin makes the accounts of a bureau's people (a street's reporter, a planner),
 * disables and re-enables them and resets their passwords, without a terminal. Passwords are
 * generated and shown once; every change ends the account's sessions.
 */
let t: TestApp;
type Reply<T> = T & { error?: { code: string; message: string; details?: unknown } };
const json = (method: string, body?: unknown): RequestInit =>
  body === undefined ? { method } : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };

beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());

const create = (body: unknown) => t.json<Reply<AccountWithPassword>>('/api/accounts', json('POST', body));
const patch = (id: number, body: unknown) => t.json<Reply<Account>>(`/api/accounts/${id}`, json('PATCH', body));
const signIn = (username: string, password: string) =>
  t.anonymous.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });

describe('admins manage accounts', () => {
  it('creates a street reporter with a generated password that signs in, shown once and stored only hashed', async () => {
    const { status, body } = await create({ username: 'Reporter-Dongshan', role: 'reporter', regionCode: '360703002' });
    expect(status).toBe(201);
    expect(body.account).toMatchObject({ username: 'reporter-dongshan', role: 'reporter', region: { code: '360703002', name: '东山街道', level: 'street' }, disabled: false, version: 1, lastLoginAt: null });
    expect(body.password).toMatch(/^[A-Za-z2-9]{16}$/);
    const [row] = await t.db.query<{ password_hash: string }>(`SELECT password_hash FROM users WHERE username = 'reporter-dongshan'`);
    expect(row!.password_hash).not.toContain(body.password);

    const login = await signIn('reporter-dongshan', body.password);
    expect(login.status).toBe(200);
    expect(await login.json()).toMatchObject({ role: 'reporter', region: { code: '360703002', districtCode: '360703' } });
    const list = await t.json<Account[]>('/api/accounts');
    const listed = list.body.find((a) => a.username === 'reporter-dongshan')!;
    expect(listed.lastLoginAt).not.toBeNull();
    expect(JSON.stringify(list.body)).not.toMatch(/password|hash/i);
    // The audit trail has the creation, by the admin, without the hash.
    const [audit] = await t.db.query<{ actor: string; after: Record<string, unknown> }>(`SELECT actor, after FROM audit_log WHERE table_name = 'users' AND action = 'insert' ORDER BY id DESC LIMIT 1`);
    expect(audit!.actor).toBe('admin');
    expect(audit!.after).toMatchObject({ username: 'reporter-dongshan', role: 'reporter', region_code: '360703002' });
    expect(JSON.stringify(audit!.after)).not.toContain(row!.password_hash);
  });

  it('refuses what cannot be an account, naming the field, and writes nothing', async () => {
    const before = await databaseFingerprint(t.db);
    const cases: [unknown, number, string, RegExp][] = [
      [{ username: 'reporter-dongshan', role: 'leader' }, 409, 'username_taken', /username: reporter-dongshan already exists/],
      [{ username: 'rep2', role: 'reporter' }, 400, 'bad_request', /regionCode: a reporter needs the street or district/],
      [{ username: 'rep3', role: 'reporter', regionCode: '999999' }, 422, 'unknown_region', /regionCode: no region 999999/],
      [{ username: 'x', role: 'leader' }, 400, 'bad_request', /username: must be 2–64 characters/],
      [{ username: 'boss', role: 'root' }, 400, 'bad_request', /role: must be one of admin, planner, leader, designer, reporter/],
      [{ username: 'boss', role: 'leader', password: 'mine123456' }, 400, 'bad_request', /password/],
    ];
    for (const [body, status, code, message] of cases) {
      const res = await create(body);
      expect([JSON.stringify(body), res.status, res.body.error?.code]).toEqual([JSON.stringify(body), status, code]);
      expect(res.body.error!.message).toMatch(message);
    }
    expect(await databaseFingerprint(t.db)).toEqual(before);
  });

  it('disables an account, which ends its session at once; re-enabling lets it sign in again', async () => {
    const made = (await create({ username: 'planner-two', role: 'planner' })).body;
    const login = await signIn('planner-two', made.password);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const me = () => t.anonymous.request('/api/auth/me', { headers: { cookie } });
    expect((await me()).status).toBe(200);

    const off = await patch(made.account.id, { version: 1, disabled: true });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ disabled: true, version: 2 });
    expect((await me()).status).toBe(401);
    expect((await signIn('planner-two', made.password)).status).toBe(401);

    const stale = await patch(made.account.id, { version: 1, disabled: false });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'stale_version', details: { currentVersion: 2 } });
    expect((await patch(made.account.id, { version: 2, disabled: false })).body).toMatchObject({ disabled: false, version: 3 });
    expect((await signIn('planner-two', made.password)).status).toBe(200);
  });

  it('moves a reporter to another street, and makes a leader a reporter only with a region', async () => {
    const made = (await create({ username: 'reporter-move', role: 'reporter', regionCode: '360703002' })).body.account;
    expect((await patch(made.id, { version: 1, regionCode: '360703001' })).body).toMatchObject({ region: { code: '360703001', name: '蓉江街道' }, version: 2 });
    const leader = (await create({ username: 'leader-two', role: 'leader' })).body.account;
    const refused = await patch(leader.id, { version: 1, role: 'reporter' });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'region_required' });
    expect((await patch(leader.id, { version: 1, role: 'reporter', regionCode: '360703' })).body).toMatchObject({ role: 'reporter', region: { code: '360703', level: 'district' } });
    // Leaving the reporter role drops the region: only reporters are scoped.
    expect((await patch(leader.id, { version: 2, role: 'leader' })).body).toMatchObject({ role: 'leader', region: null });
  });

  it('resets a password: the old one and its sessions stop working, the new one is shown once', async () => {
    const made = (await create({ username: 'designer-two', role: 'designer' })).body;
    const cookie = (await signIn('designer-two', made.password)).headers.get('set-cookie')!.split(';')[0]!;
    const reset = await t.json<Reply<AccountWithPassword>>(`/api/accounts/${made.account.id}/password`, json('POST'));
    expect(reset.status).toBe(200);
    expect(reset.body.password).not.toBe(made.password);
    expect((await t.anonymous.request('/api/auth/me', { headers: { cookie } })).status).toBe(401);
    expect((await signIn('designer-two', made.password)).status).toBe(401);
    expect((await signIn('designer-two', reset.body.password)).status).toBe(200);
    expect((await t.request('/api/accounts/99999999/password', json('POST'))).status).toBe(404);
  });

  it('does not let an admin lock themselves out; another admin may change them, which ends their session', async () => {
    const [me] = await t.db.query<{ id: number; version: number }>(`SELECT id, version FROM users WHERE username = 'admin'`);
    const before = await databaseFingerprint(t.db);
    for (const body of [{ version: me!.version, disabled: true }, { version: me!.version, role: 'planner' }]) {
      const res = await patch(me!.id, body);
      expect(res.status).toBe(422);
      expect(res.body.error!.code).toBe('own_account');
    }
    expect(await databaseFingerprint(t.db)).toEqual(before);

    const second = (await create({ username: 'admin-two', role: 'admin' })).body;
    const cookie = (await signIn('admin-two', second.password)).headers.get('set-cookie')!.split(';')[0]!;
    const csrf = ((await (await t.anonymous.request('/api/auth/me', { headers: { cookie } })).json()) as { csrfToken: string }).csrfToken;
    const asSecond = (path: string, body: unknown) =>
      t.anonymous.request(path, { method: 'PATCH', headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await asSecond(`/api/accounts/${me!.id}`, { version: me!.version, role: 'planner' })).status).toBe(200);
    // The first admin's session ended with the change (this test's own client is now signed out).
    expect((await t.request('/api/accounts')).status).toBe(401);
    expect((await asSecond(`/api/accounts/${me!.id}`, { version: me!.version + 1, role: 'admin' })).status).toBe(200);
  });
});
