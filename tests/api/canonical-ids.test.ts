import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POLICY } from '../../server/auth/policy.ts';
import { isIdParam } from '../../server/http/ids.ts';
import { ROLES } from '../../shared/auth.ts';
import { NON_CANONICAL_IDS } from './support/fuzz.ts';
import { databaseFingerprint, testApp, type Client, type TestApp } from './support/test-app.ts';

/**
 * Issue 14, item 1: an id in a path or a query string is canonical decimal digits (29, never 29.0,
 * +29, 0x1d, 29e0, " 29" or "29 "), parsed once, by one parser that the guard and the handlers
 * share. Anything else is answered 400 before the guard or any handler runs, for every role and
 * for no session at all. The routes are taken from the policy table, so a new route with an id is
 * walked without anyone remembering to add it here.
 */
let t: TestApp;
const clients: Record<string, Client> = {};
let wuhaiEstate: number;
let nankangEstate: number;

beforeAll(async () => {
  t = await testApp();
  for (const role of ROLES) clients[role] = await t.as(role);
  clients.anonymous = t.anonymous;
  wuhaiEstate = (await t.db.query<{ id: number }>(`SELECT id FROM estates WHERE district_code <> '360703' ORDER BY id LIMIT 1`))[0]!.id;
  nankangEstate = (await t.db.query<{ id: number }>(`SELECT id FROM estates WHERE district_code = '360703' ORDER BY id LIMIT 1`))[0]!.id;
});
afterAll(async () => t?.close());

/** The policy lines whose path holds an id (`:id`, `:estateId` …), or whose query names one. */
const withPathIds = POLICY.filter((r) => r.path.split('/').some((seg) => seg.startsWith(':') && isIdParam(seg.slice(1))));
const withQueryIds = POLICY.filter((r) => (r.idQuery?.length ?? 0) > 0);

/** Fills every id `:param` of a policy path with `value` (no line has another kind yet). */
const fill = (path: string, value: string) => path.replace(/:[^/]+/g, value);

const init = (method: string): RequestInit => (method === 'GET' ? {} : { method, headers: { 'content-type': 'application/json' }, body: '{}' });

describe('non-canonical ids are refused before the guard', () => {
  it('the policy table has routes with ids to walk (and query ids)', () => {
    expect(withPathIds.length).toBeGreaterThanOrEqual(10);
    expect(withQueryIds.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(['GET /api/reports', 'GET /api/export/scope']));
  });

  it('a reporter cannot read another district\'s estate through 29.0, +29, 0x1d, 29e0, %2029 or 29%20', async () => {
    const reporter = clients.reporter!;
    expect((await reporter.request(`/api/estates/${wuhaiEstate}`)).status).toBe(403);
    expect((await reporter.request(`/api/estates/${nankangEstate}`)).status).toBe(200);
    const hex = `0x${wuhaiEstate.toString(16)}`;
    for (const form of [`${wuhaiEstate}.0`, `+${wuhaiEstate}`, hex, `${wuhaiEstate}e0`, `%20${wuhaiEstate}`, `${wuhaiEstate}%20`, `0${wuhaiEstate}`]) {
      const res = await reporter.json<{ error: { code: string; message: string } }>(`/api/estates/${form}`);
      expect(res.status, form).toBe(400);
      expect(res.body.error.code, form).toBe('bad_id');
    }
    // The same through a query string: one month of reports for another district's estate.
    for (const form of [`${wuhaiEstate}.0`, `%2B${wuhaiEstate}`, hex, `${wuhaiEstate}e0`, `%20${wuhaiEstate}`]) {
      const res = await reporter.json<{ error: { code: string } }>(`/api/reports?estateId=${form}`);
      expect(res.status, form).toBe(400);
      expect(res.body.error.code, form).toBe('bad_id');
    }
  });

  it('every route with an id in its path, every role and no session: 400 bad_id, nothing written', async () => {
    const before = await databaseFingerprint(t.db);
    const wrong: string[] = [];
    for (const rule of withPathIds) {
      for (const [who, client] of Object.entries(clients)) {
        for (const form of NON_CANONICAL_IDS) {
          const path = fill(rule.path, form);
          const res = await client.request(path, init(rule.method));
          const body = (await res.json().catch(() => null)) as { error?: { code?: string } } | null;
          if (res.status !== 400 || body?.error?.code !== 'bad_id') wrong.push(`${who} ${rule.method} ${path}: ${res.status} ${body?.error?.code}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(await databaseFingerprint(t.db)).toEqual(before);
  });

  it('every query id a policy line names, every role and no session: 400 bad_id, nothing written', async () => {
    const before = await databaseFingerprint(t.db);
    const wrong: string[] = [];
    for (const rule of withQueryIds) {
      for (const name of rule.idQuery!) {
        // A list parameter (estateIds=3,5) takes commas; its odd forms are odd members or commas.
        const forms = name.endsWith('Ids') ? [...NON_CANONICAL_IDS.filter((f) => f !== '29%2C30'), '29%2C%2B30', '29%2C%2C30', '29%2C', '%2C29', '29%2C30.0'] : NON_CANONICAL_IDS;
        for (const [who, client] of Object.entries(clients)) {
          for (const form of forms) {
            const path = `${fill(rule.path, '1')}?${name}=${form}`;
            const res = await client.request(path, init(rule.method));
            const body = (await res.json().catch(() => null)) as { error?: { code?: string } } | null;
            if (res.status !== 400 || body?.error?.code !== 'bad_id') wrong.push(`${who} ${rule.method} ${path}: ${res.status} ${body?.error?.code}`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(await databaseFingerprint(t.db)).toEqual(before);
  });

  it('a canonical id passes the parser and meets the guard (401 without a session), so the walk above is not vacuous', async () => {
    for (const rule of withPathIds) {
      const res = await t.anonymous.request(fill(rule.path, String(nankangEstate)), init(rule.method));
      expect(res.status, `${rule.method} ${rule.path}`).toBe(401);
    }
    for (const rule of withQueryIds) {
      for (const name of rule.idQuery!) {
        const res = await t.anonymous.request(`${fill(rule.path, '1')}?${name}=${nankangEstate}`, init(rule.method));
        expect(res.status, `${rule.method} ${rule.path}?${name}`).toBe(401);
      }
    }
  });
});
