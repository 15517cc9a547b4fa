import { describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/engine.ts';
import { SESSION_CACHE_MS, SessionCache } from '../../server/auth/session-cache.ts';

/** A database that answers the session lookup and counts it, with a NOTIFY we can send. */
function fakeDb(expiresAt = new Date(Date.now() + 3_600_000).toISOString()) {
  let notify: (table: string) => void = () => {};
  const state = { lookups: 0, expiresAt, gate: null as Promise<void> | null };
  const db = {
    kind: 'postgres',
    async query() {
      state.lookups++;
      if (state.gate) await state.gate;
      return [{ id: 1, username: 'leader', role: 'leader', csrf_token: 'c', expires_at: state.expiresAt, region_code: null, region_name: null, region_level: null, district_code: null }];
    },
    async listen(_channel: string, fn: (table: string) => void) {
      notify = fn;
      return async () => {};
    },
  } as unknown as Database;
  return { db, state, notify: (table = 'users') => notify(table) };
}

describe('the per-process session cache', () => {
  it('asks the database once, then again after a NOTIFY or a clear', async () => {
    const { db, state, notify } = fakeDb();
    const cache = new SessionCache(db);
    await cache.listen();
    expect((await cache.load('t'))?.username).toBe('leader');
    await cache.load('t');
    expect(state.lookups).toBe(1);
    notify('estates'); // a change to the map's data leaves sessions alone
    await cache.load('t');
    expect(state.lookups).toBe(1);
    notify('sessions');
    await cache.load('t');
    expect(state.lookups).toBe(2);
    cache.clear();
    await cache.load('t');
    expect(state.lookups).toBe(3);
  });

  it('caches nothing before LISTEN is in place', async () => {
    const { db, state } = fakeDb();
    const cache = new SessionCache(db);
    await cache.load('t');
    await cache.load('t');
    expect(state.lookups).toBe(2);
  });

  it('does not keep a session looked up while a change was announced', async () => {
    const { db, state, notify } = fakeDb();
    const cache = new SessionCache(db);
    await cache.listen();
    let open!: () => void;
    state.gate = new Promise((r) => (open = r));
    const pending = cache.load('t');
    notify(); // the account changed while the lookup was in flight
    open();
    await pending;
    state.gate = null;
    await cache.load('t');
    expect(state.lookups).toBe(2);
  });

  it('never serves a session past its expiry', async () => {
    const { db, state } = fakeDb(new Date(Date.now() + 50).toISOString());
    const cache = new SessionCache(db);
    await cache.listen();
    await cache.load('t');
    expect(SESSION_CACHE_MS).toBeGreaterThan(50);
    await new Promise((r) => setTimeout(r, 80));
    await cache.load('t');
    expect(state.lookups).toBe(2);
  });
});
