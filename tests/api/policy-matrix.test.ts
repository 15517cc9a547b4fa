import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { POLICY, ruleFor } from '../../server/auth/policy.ts';
import { ROLES, type Role } from '../../shared/auth.ts';
import { lineAt } from './support/metres.ts';
import { databaseFingerprint, testApp, type Client, type TestApp } from './support/test-app.ts';

/**
 * The role matrix: each role against each write route (and the guarded reads), with the status it
 * must get. Written out by hand, independent of server/auth/policy.ts, so that a change to the
 * policy table shows up here as a decision, not as a silent side effect.
 */
let t: TestApp;
const as = {} as Record<Role, Client>;
let nankangEstate: number; // an estate of 南康区 360703, the demo reporter's district
let wuhaiEstate: number; // elsewhere
let nankangPlan: number;
let freeEstate: number; // a Nankang estate whose project has no figures of its own (a zone of it can become a project)
let unplacedEstate: number; // an estate imported without a red line (待落图)
const O: [number, number] = [114.76, 25.66];

beforeAll(async () => {
  t = await testApp();
  for (const role of ROLES) as[role] = await t.as(role);
  const pick = async (sql: string) => (await t.db.query<{ id: number }>(sql))[0]!.id;
  nankangEstate = await pick(`SELECT e.id FROM estates e JOIN plans p ON p.id = e.plan_id WHERE p.slug = 'nankang-2024' ORDER BY e.id LIMIT 1`);
  nankangPlan = await pick(`SELECT id FROM plans WHERE slug = 'nankang-2024'`);
  wuhaiEstate = await pick(`SELECT e.id FROM estates e WHERE e.district_code <> '360703' ORDER BY e.id LIMIT 1`);
  freeEstate = await pick(`SELECT e.id FROM estates e LEFT JOIN projects pj ON pj.id = e.project_id
    WHERE e.district_code = '360703' AND pj.planned_investment_wan IS NULL AND pj.households IS NULL AND pj.units IS NULL
      AND pj.completed_investment_wan IS NULL AND pj.floor_area_m2 IS NULL ORDER BY e.id DESC LIMIT 1`);
  goalsPlan = await newPlan(); // after the picks: its estate has no red line
  const table = new FormData();
  table.set('file', new File(['序号,所在街道,所在社区,小区名称,户数,栋数,总建筑面积（万平方米）,备注\n1,蓉江街道,东街社区,矩阵待落图小区,10,1,0.1,'], 'plan.csv'));
  table.set('region', '360703');
  table.set('year', '2039');
  expect((await t.request('/api/import/plan', { method: 'POST', body: table })).status).toBe(201);
  unplacedEstate = await pick(`SELECT id FROM estates WHERE name = '矩阵待落图小区'`);
});
afterAll(async () => t?.close());

const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const form = (fields: Record<string, string | File>): RequestInit => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  return { method: 'POST', body: fd };
};
const work = (n: number) => ({
  utility: 'water',
  owner: `矩阵测试水务${n}`,
  districtCode: '360703',
  startDate: '2026-03-01',
  endDate: '2026-04-30',
  geometry: lineAt(O, [0, n * 10], [80, n * 10]),
});
let seq = 0;
/** Setup done by the admin, so that each attempt has a fresh row to act on. */
const newZone = async (estateId = nankangEstate) =>
  (await t.json<{ properties: { id: number } }>('/api/zones', json('POST', { name: `矩阵片区${++seq}`, estateIds: [estateId] }))).body.properties.id;
const newAccount = async () =>
  (await t.json<{ account: { id: number; version: number } }>('/api/accounts', json('POST', { username: `matrix-acct-${++seq}`, role: 'leader' }))).body.account;
const versionOf = async (estateId: number) => (await t.json<{ properties: { version: number } }>(`/api/estates/${estateId}`)).body.properties.version;
/** The admin places the estate, so that there is a point to clear. */
const placed = async (estateId: number) => {
  const res = await t.json<{ properties: { version: number } }>(`/api/estates/${estateId}/location`, json('PUT', { lon: 114.76, lat: 25.66, version: await versionOf(estateId) }));
  return res.body.properties.version;
};
const newWork = async () => (await t.json<{ properties: { id: number } }>('/api/pipelines', json('POST', work(++seq)))).body.properties.id;
/** A plan of its own (no reports) for Nankang, made by the admin, in a year no other test uses. */
let planYears = 2070;
const newPlan = async () => {
  const year = ++planYears;
  const csv = `序号,所在街道,所在社区,小区名称,户数,栋数,总建筑面积（万平方米）,备注\n1,蓉江街道,东街社区,矩阵计划小区${year},10,1,0.1,`;
  const res = await t.json<{ plan: { id: number; slug: string } }>('/api/import/plan', form({ file: new File([csv], 'plan.csv'), region: '360703', year: String(year) }));
  return { ...res.body.plan, year };
};
/** The current version of a plan's milestones or targets (each attempt saves, so the version moves). */
const listVersionOf = async (planId: number, list: 'milestones' | 'targets') => (await t.json<{ version: number }>(`/api/plans/${planId}/${list}`)).body.version;
let goalsPlan: { id: number; slug: string; year: number };

interface Case {
  route: string;
  expect: Record<Role, number>;
  /** The request, prepared afresh for each attempt. */
  make(role: Role): Promise<[string, RequestInit]>;
}

const only = (allowed: Partial<Record<Role, number>>, otherwise = 403) =>
  Object.fromEntries(ROLES.map((r) => [r, allowed[r] ?? otherwise])) as Record<Role, number>;

/** A small square in the far south-west of 南康 (no estate there), as a drawn red line. */
const lonelySquare = () => ({ type: 'Polygon', coordinates: [[[114.6, 25.5], [114.6003, 25.5], [114.6003, 25.5003], [114.6, 25.5003], [114.6, 25.5]]] });

const CASES: Case[] = [
  {
    route: 'POST /api/estates/:id/geometry/check (a read in effect)',
    expect: only({ admin: 200, planner: 200, designer: 200 }),
    make: async () => [`/api/estates/${nankangEstate}/geometry/check`, json('POST', { geometry: lonelySquare() })],
  },
  {
    route: 'POST /api/estates/:id/geometry/revert (an entry that does not exist: the guard first)',
    expect: only({ admin: 404, planner: 404, designer: 404 }),
    make: async () => [`/api/estates/${nankangEstate}/geometry/revert`, json('POST', { historyId: 2_000_000_000, version: 1 })],
  },
  {
    route: 'POST /api/import/plan',
    expect: only({ admin: 201, planner: 201 }),
    make: async (role) => {
      const year = 2040 + ROLES.indexOf(role);
      const csv = `序号,所在街道,所在社区,小区名称,户数,栋数,总建筑面积（万平方米）,备注\n1,蓉江街道,东街社区,矩阵小区${role},10,1,0.1,`;
      return ['/api/import/plan', form({ file: new File([csv], 'plan.csv'), region: '360703', year: String(year) })];
    },
  },
  {
    route: 'POST /api/zones',
    expect: only({ admin: 201, planner: 201 }),
    make: async (role) => ['/api/zones', json('POST', { name: `矩阵新片区-${role}`, estateIds: [nankangEstate] })],
  },
  {
    route: 'PATCH /api/zones/:id',
    expect: only({ admin: 200, planner: 200 }),
    make: async (role) => [`/api/zones/${await newZone()}`, json('PATCH', { version: 1, name: `改名-${role}` })],
  },
  {
    route: 'DELETE /api/zones/:id',
    expect: only({ admin: 204, planner: 204 }),
    make: async () => [`/api/zones/${await newZone()}?version=1`, { method: 'DELETE' }],
  },
  {
    route: 'POST /api/zones/:id/project',
    expect: only({ admin: 200, planner: 200 }),
    make: async (role) => [`/api/zones/${await newZone(freeEstate)}/project`, json('POST', { version: 1, name: `矩阵项目-${role}` })],
  },
  {
    route: 'POST /api/zones/check (a read in effect)',
    expect: only({ admin: 200, planner: 200, leader: 200, designer: 200 }),
    make: async () => ['/api/zones/check', json('POST', { estateIds: [nankangEstate] })],
  },
  {
    route: 'POST /api/reports (own estate)',
    expect: only({ admin: 201, reporter: 201 }),
    make: async (role) => [
      '/api/reports',
      json('POST', { estateId: nankangEstate, period: '2025-03', phase: 'construction', progressPct: 10 + ROLES.indexOf(role), completed: false, note: `矩阵 ${role}` }),
    ],
  },
  {
    route: 'POST /api/reports (estate of another district)',
    expect: only({ admin: 201 }),
    make: async (role) => [
      '/api/reports',
      json('POST', { estateId: wuhaiEstate, period: '2025-03', phase: 'construction', progressPct: 10 + ROLES.indexOf(role), completed: false, note: `矩阵 ${role}` }),
    ],
  },
  {
    route: 'POST /api/pipelines',
    expect: only({ admin: 201, planner: 201 }),
    make: async () => ['/api/pipelines', json('POST', work(++seq))],
  },
  {
    route: 'PUT /api/pipelines/:id',
    expect: only({ admin: 200, planner: 200 }),
    make: async () => [`/api/pipelines/${await newWork()}`, json('PUT', { version: 1, ...work(++seq) })],
  },
  {
    route: 'DELETE /api/pipelines/:id',
    expect: only({ admin: 204, planner: 204 }),
    make: async () => [`/api/pipelines/${await newWork()}?version=1`, { method: 'DELETE' }],
  },
  {
    route: 'POST /api/pipelines/import',
    expect: only({ admin: 201, planner: 201 }),
    make: async (role) => {
      const w = work(++seq);
      const wkt = `LINESTRING(${w.geometry.coordinates.map((c) => c.join(' ')).join(', ')})`;
      const csv = `utility,owner,district_code,start_date,end_date,status,wkt\ngas,矩阵燃气-${role},360703,2026-05-01,2026-05-30,planned,"${wkt}"`;
      return ['/api/pipelines/import', form({ file: new File([csv], 'works.csv') })];
    },
  },
  {
    route: 'PUT /api/plans/:id/table (preview)',
    expect: only({ admin: 200, planner: 200 }),
    make: async () => {
      const fd = new FormData();
      fd.set('file', new File([readFileSync('geodata/seeds/nankang-2024-plan.csv')], 'nankang.csv'));
      return [`/api/plans/${nankangPlan}/table`, { method: 'PUT', body: fd }];
    },
  },
  {
    route: 'GET /api/plans/:id/tables',
    expect: only({ admin: 200, planner: 200, leader: 200, designer: 200 }),
    make: async () => [`/api/plans/${nankangPlan}/tables`, {}],
  },
  {
    route: 'GET /api/plans/:id/tables/:version',
    expect: only({ admin: 200, planner: 200, leader: 200, designer: 200 }),
    make: async () => [`/api/plans/${nankangPlan}/tables/1`, {}],
  },
  // Plan management (issue 13).
  {
    route: 'GET /api/plans',
    expect: only({ admin: 200, planner: 200, leader: 200, designer: 200 }),
    make: async () => ['/api/plans', {}],
  },
  {
    route: 'DELETE /api/plans/:id',
    expect: only({ admin: 200 }),
    make: async () => {
      const p = await newPlan();
      return [`/api/plans/${p.id}?confirm=${p.slug}`, { method: 'DELETE' }];
    },
  },
  {
    route: 'GET /api/plans/:id/milestones',
    expect: only({ admin: 200, planner: 200, leader: 200, designer: 200 }),
    make: async () => [`/api/plans/${goalsPlan.id}/milestones`, {}],
  },
  {
    route: 'PUT /api/plans/:id/milestones',
    expect: only({ admin: 200, planner: 200 }),
    make: async (role) => [
      `/api/plans/${goalsPlan.id}/milestones`,
      json('PUT', { version: await listVersionOf(goalsPlan.id, 'milestones'), milestones: [{ year: goalsPlan.year, quarter: 1, description: `矩阵 ${role}` }] }),
    ],
  },
  {
    route: 'POST /api/plans/:id/milestones/import',
    expect: only({ admin: 200, planner: 200 }),
    make: async (role) => {
      const csv = `序号,项目名称,一季度末形象进度\n1,矩阵计划小区${goalsPlan.year},开工`;
      return [`/api/plans/${goalsPlan.id}/milestones/import`, form({ file: new File([csv], 'annex.csv'), version: String(await listVersionOf(goalsPlan.id, 'milestones')) })];
    },
  },
  {
    route: 'GET /api/plans/:id/targets',
    expect: only({ admin: 200, planner: 200, leader: 200, designer: 200 }),
    make: async () => [`/api/plans/${goalsPlan.id}/targets`, {}],
  },
  {
    route: 'PUT /api/plans/:id/targets',
    expect: only({ admin: 200, planner: 200 }),
    make: async (role) => [
      `/api/plans/${goalsPlan.id}/targets`,
      json('PUT', { version: await listVersionOf(goalsPlan.id, 'targets'), targets: [{ regionCode: '360703', metric: 'households', value: 10 + ROLES.indexOf(role), unit: '户' }] }),
    ],
  },
  {
    route: 'POST /api/plans/:id/targets/import',
    expect: only({ admin: 200, planner: 200 }),
    make: async (role) => {
      const csv = `任务,指标,目标值,单位,责任单位,完成时限\n老旧小区改造,完工,${1 + ROLES.indexOf(role)},个,区住建局,`;
      return [`/api/plans/${goalsPlan.id}/targets/import`, form({ file: new File([csv], 'targets.csv'), version: String(await listVersionOf(goalsPlan.id, 'targets')) })];
    },
  },
  {
    route: 'PUT /api/estates/:id/location',
    expect: only({ admin: 200, planner: 200, designer: 200 }),
    make: async (role) => [`/api/estates/${unplacedEstate}/location`, json('PUT', { lon: 114.75 + ROLES.indexOf(role) / 1000, lat: 25.66, version: await versionOf(unplacedEstate) })],
  },
  {
    route: 'DELETE /api/estates/:id/location',
    expect: only({ admin: 200, planner: 200, designer: 200 }),
    make: async () => [`/api/estates/${unplacedEstate}/location?version=${await placed(unplacedEstate)}`, { method: 'DELETE' }],
  },
  { route: 'GET /api/audit', expect: only({ admin: 200 }), make: async () => ['/api/audit', {}] },
  { route: 'GET /api/accounts', expect: only({ admin: 200 }), make: async () => ['/api/accounts', {}] },
  {
    route: 'POST /api/accounts',
    expect: only({ admin: 201 }),
    make: async (role) => ['/api/accounts', json('POST', { username: `matrix-new-${role}`, role: 'leader' })],
  },
  {
    route: 'PATCH /api/accounts/:id',
    expect: only({ admin: 200 }),
    make: async () => {
      const a = await newAccount();
      return [`/api/accounts/${a.id}`, json('PATCH', { version: a.version, disabled: true })];
    },
  },
  {
    route: 'POST /api/accounts/:id/password',
    expect: only({ admin: 200 }),
    make: async () => [`/api/accounts/${(await newAccount()).id}/password`, { method: 'POST' }],
  },
  {
    route: 'GET /api/stats/ranking',
    expect: only({ admin: 200, planner: 200, leader: 200, designer: 200 }),
    make: async () => ['/api/stats/ranking?parent=360703&year=2024', {}],
  },
  {
    route: 'GET /api/stats/series',
    expect: only({ admin: 200, planner: 200, leader: 200, designer: 200 }),
    make: async () => ['/api/stats/series?parent=360703&year=2024', {}],
  },
  {
    route: 'GET /api/regions/search',
    expect: only({ admin: 200, planner: 200, leader: 200, designer: 200 }),
    make: async () => ['/api/regions/search?q=%E8%A5%BF%E6%B9%96', {}],
  },
  { route: 'GET /api/search (a reporter finds their own region)', expect: only({}, 200), make: async () => ['/api/search?q=jg&district=360703', {}] },
  { route: 'GET /api/search (a context outside the reporter\'s district)', expect: only({ admin: 200, planner: 200, leader: 200, designer: 200 }), make: async () => ['/api/search?q=jg&district=150302', {}] },
  { route: 'GET /api/zones', expect: only({ admin: 200, planner: 200, leader: 200, designer: 200 }), make: async () => ['/api/zones', {}] },
  {
    route: 'GET /api/pipelines',
    expect: only({ admin: 200, planner: 200, leader: 200, designer: 200 }),
    make: async () => ['/api/pipelines?district=360703', {}],
  },
  {
    route: 'GET /api/targets',
    expect: only({ admin: 200, planner: 200, leader: 200, designer: 200 }),
    make: async () => ['/api/targets?region=320614&year=2021', {}],
  },
  { route: 'GET /api/estates (own district)', expect: only({}, 200), make: async () => ['/api/estates?district=360703', {}] },
  {
    route: 'GET /api/estates (another district)',
    expect: only({ admin: 200, planner: 200, leader: 200, designer: 200 }),
    make: async () => ['/api/estates?district=150302', {}],
  },
];

describe('role matrix', () => {
  for (const c of CASES) {
    it(`${c.route}: ${ROLES.map((r) => `${r} ${c.expect[r]}`).join(', ')}`, async () => {
      const got = {} as Record<Role, number>;
      for (const role of ROLES) {
        const [path, init] = await c.make(role);
        const denied = c.expect[role] === 403;
        const before = denied ? await databaseFingerprint(t.db) : null;
        const res = await as[role].request(path, init);
        got[role] = res.status;
        if (res.status >= 400 && res.status !== c.expect[role]) console.error(role, c.route, await res.text());
        // A refusal writes nothing (no audit row, no half of an import).
        if (denied && res.status === 403) expect(await databaseFingerprint(t.db), `${role} ${c.route}`).toEqual(before);
      }
      expect(got).toEqual(c.expect);
    });
  }
});

describe('the policy table', () => {
  it('has a line for every route the app registers; unlisted writes are admin-only', () => {
    const app = createApp({ db: t.db, env: { UPLOAD_LIMIT_BYTES: 1, BASEMAP_STYLE_URL: undefined } });
    const routes = app.routes.filter((r) => r.method !== 'ALL' && !r.path.endsWith('*'));
    expect(routes.length).toBeGreaterThan(30);
    const missing = routes
      .map((r) => `${r.method} ${r.path}`)
      .filter((route) => {
        const [method, path] = route.split(' ') as [string, string];
        return !ruleFor(method, path.replace(/:[^/]+/g, '1'));
      });
    expect(missing).toEqual([]);
    // Every line of the table is reachable (no line hidden behind an earlier, broader one).
    for (const rule of POLICY) expect(ruleFor(rule.method, rule.path.replace(/:[^/]+/g, '1').replace(/\*$/, 'x'))).toBe(rule);
  });

  it('answers a write to an unknown route 403 for non-admins (closed by default) and 404 for the admin', async () => {
    expect((await as.planner.request('/api/not-a-route', json('POST', {}))).status).toBe(403);
    expect((await as.admin.request('/api/not-a-route', json('POST', {}))).status).toBe(404);
    expect((await as.leader.request('/api/not-a-route')).status).toBe(404);
  });
});
