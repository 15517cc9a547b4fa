import { readFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POLICY } from '../../server/auth/policy.ts';
import { MAX_FAILURES } from '../../server/auth/throttle.ts';
import { LIMITS } from '../../server/http/limits.ts';
import { ROLES } from '../../shared/auth.ts';
import { parseId } from '../../shared/ids.ts';
import { badId, injection, INJECTIONS, nonCanonicalIdOf, notAnObject, notCoercible, notNumber, notString, oneFieldWrong, quickState, tooLong } from './support/fuzz.ts';
import { lineAt } from './support/metres.ts';
import { databaseFingerprint, TEST_PASSWORD, testApp, type Client, type TestApp } from './support/test-app.ts';

/**
 * Property tests: generated malformed payloads at every write and import route get a 4xx in the
 * one error shape — never a 5xx — and leave the database exactly as it was (row counts and
 * checksums of every table); SQL injection strings in every string parameter are inert.
 */
let t: TestApp;
let estate: number;
let zone: number;
let work: number;
let account: number;
let beilun: number; // a plan with estates, milestones and reports
let haimen: number;
const O: [number, number] = [114.76, 25.66];
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);

const validWork = () => ({
  utility: 'water',
  owner: '模糊测试水务',
  districtCode: '360703',
  startDate: '2026-03-01',
  endDate: '2026-04-30',
  geometry: lineAt(O, [0, 900], [60, 900]),
});

beforeAll(async () => {
  t = await testApp();
  [{ id: estate }] = (await t.db.query<{ id: number }>(`SELECT id FROM estates WHERE district_code = '360703' ORDER BY id LIMIT 1`)) as [{ id: number }];
  const json = (method: string, body: unknown) => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  zone = (await t.json<{ properties: { id: number } }>('/api/zones', json('POST', { name: '模糊测试片区', estateIds: [estate] }))).body.properties.id;
  work = (await t.json<{ properties: { id: number } }>('/api/pipelines', json('POST', validWork()))).body.properties.id;
  account = (await t.json<{ account: { id: number } }>('/api/accounts', json('POST', { username: 'fuzz-target', role: 'leader' }))).body.account.id;
  const plan = async (slug: string) => (await t.db.query<{ id: number }>(`SELECT id FROM plans WHERE slug = $1`, [slug]))[0]!.id;
  beilun = await plan('beilun-2019');
  haimen = await plan('haimen-2021');
});
afterAll(async () => t?.close());

type Sent = { path: string; init: RequestInit };

const multipart = (path: string, fields: Record<string, string | File | undefined>): Sent => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) fd.set(k, v);
  return { path, init: { method: 'POST', body: fd } };
};

/** Sends every generated request; each must be a 4xx with an error body, and change nothing. */
async function mustRefuse(arb: fc.Arbitrary<Sent>, runs = RUNS) {
  const full = await databaseFingerprint(t.db);
  const quick = await quickState(t.db);
  await fc.assert(
    fc.asyncProperty(arb, async ({ path, init }) => {
      const res = await t.request(path, init);
      const text = await res.text();
      expect(res.status, `${init.method} ${path}: ${text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
      expect(res.status, `${init.method} ${path}: ${text.slice(0, 300)}`).toBeLessThan(500);
      const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
      expect(typeof body.error?.code).toBe('string');
      expect(typeof body.error?.message).toBe('string');
      expect(text).not.toMatch(/at \w+ \(|node_modules|\.ts:\d+/); // no stack trace
      expect(await quickState(t.db)).toBe(quick);
    }),
    { numRuns: runs },
  );
  expect(await databaseFingerprint(t.db)).toEqual(full);
}

const jsonSend = (method: string, path: fc.Arbitrary<string> | string, body: fc.Arbitrary<string>): fc.Arbitrary<Sent> =>
  fc.tuple(typeof path === 'string' ? fc.constant(path) : path, body).map(([p, b]) => ({
    path: p,
    init: { method, headers: { 'content-type': 'application/json' }, body: b },
  }));

/** An id segment that is not a positive 32-bit integer, or one that names nothing. */
const badIdSegment = fc.oneof(
  fc.constantFrom('abc', '0', '-1', '1.5', '1e3', '99999999', '2147483648', '99999999999999999999', "1;DROP TABLE zones", "1' OR '1'='1"),
  // A random string can be a canonical id that exists ("5"): that one is not malformed. " 7" and
  // "0x10" are (shared/ids.ts), and are answered 400 before anything else.
  fc.string({ minLength: 1, maxLength: 12 }).filter((s) => parseId(s) === null).map(encodeURIComponent),
);

const geometryBad = fc.oneof(
  notString,
  fc.constant(null),
  fc.record({ type: fc.constantFrom('Point', 'Polygon', 'linestring', 'Feature'), coordinates: fc.constant([[114.7, 25.6], [114.8, 25.7]]) }),
  fc.constantFrom(
    { type: 'LineString', coordinates: [[114.7, 25.6]] },
    { type: 'LineString', coordinates: [[114.7, 25.6], [114.7, 25.6]] },
    { type: 'LineString', coordinates: [[200, 25.6], [114.7, 25.7]] },
    { type: 'LineString', coordinates: [[114.7, 95], [114.7, 25.7]] },
    { type: 'LineString', coordinates: [['114.7', '25.6'], [114.8, 25.7]] },
    { type: 'LineString', coordinates: [[114.7, 25.6, 1, 2], [114.8, 25.7]] },
    { type: 'LineString', coordinates: [[[114.7, 25.6]], [114.8, 25.7]] },
    { type: 'LineString', coordinates: 'LINESTRING(0 0, 1 1)' },
    { type: 'LineString' },
  ),
  fc.array(fc.tuple(fc.double(), fc.double()), { minLength: 2, maxLength: 4 }).map((c) => ({ type: 'LineString', coordinates: c })).filter((g) => g.coordinates.some(([x, y]) => !(Math.abs(x) <= 180 && Math.abs(y) <= 90))),
);
const dateBad = fc.oneof(notString, fc.constantFrom('2025-02-30', '2025-13-01', '25-01-01', '2025/01/01', '', '99999-01-01', "2025-01-01'; DROP TABLE pipeline_works; --"));
const workBad = {
  utility: fc.oneof(notString, fc.constantFrom('sewage', 'WATER', '', "water' --")),
  owner: fc.oneof(notString, fc.constantFrom('', '   '), tooLong(200)),
  districtCode: fc.oneof(fc.constantFrom('abc', '1', '9999999999999', '369998', "360703' OR '1'='1"), fc.integer()),
  estateId: badId,
  projectId: badId,
  startDate: dateBad,
  endDate: fc.oneof(dateBad, fc.constant('2026-02-01')),
  status: fc.oneof(notString, fc.constantFrom('done', 'PLANNED', '')),
  geometry: geometryBad,
};

describe('malformed payloads are refused with a 4xx and change nothing', () => {
  it('POST /api/zones', () =>
    mustRefuse(
      jsonSend('POST', '/api/zones', fc.oneof(notAnObject, oneFieldWrong({ name: '片区', estateIds: [1] }, {
        name: fc.oneof(notString, fc.constantFrom('', '   '), tooLong(100)),
        estateIds: fc.oneof(notString.filter((v) => !Array.isArray(v)), fc.constant([]), fc.array(badId, { minLength: 1, maxLength: 3 }), fc.constant([1, 1]), fc.constant([99999999])),
        gapMeters: fc.oneof(notCoercible, fc.constantFrom(-1, 501, 1e300)),
      }, ['name', 'estateIds']))),
    ));

  it('PATCH /api/zones/:id', () =>
    mustRefuse(
      fc.oneof(
        jsonSend('PATCH', `/api/zones/${zone}`, fc.oneof(notAnObject, oneFieldWrong({ version: 1, name: '改名' }, {
          version: fc.oneof(badId, fc.constantFrom(2, 7)),
          name: fc.oneof(notString, fc.constant(''), tooLong(100)),
          estateIds: fc.oneof(fc.constant([]), fc.array(badId, { minLength: 1, maxLength: 2 })),
          gapMeters: fc.oneof(notCoercible, fc.constant(-5)),
        }, ['version']))),
        jsonSend('PATCH', badIdSegment.map((s) => `/api/zones/${s}`), fc.constant(JSON.stringify({ version: 1, name: 'x' }))),
      ),
    ));

  it('DELETE /api/zones/:id and /api/pipelines/:id', () =>
    mustRefuse(
      fc.oneof(
        fc.constantFrom('abc', '0', '-1', '1.5', '2', "1' OR '1'='1", '', '1&version=1').map((v) => ({ path: `/api/zones/${zone}?version=${encodeURIComponent(v)}`, init: { method: 'DELETE' } })),
        fc.constantFrom('abc', '0', '-1', '1.5', '2', '2147483648', "1;DROP TABLE pipeline_works").map((v) => ({ path: `/api/pipelines/${work}?version=${encodeURIComponent(v)}`, init: { method: 'DELETE' } })),
        badIdSegment.map((s) => ({ path: `/api/pipelines/${s}?version=1`, init: { method: 'DELETE' } })),
        fc.constant({ path: `/api/pipelines/${work}`, init: { method: 'DELETE' } }),
      ),
    ));

  it('POST /api/zones/:id/project and /api/zones/check', () =>
    mustRefuse(
      fc.oneof(
        jsonSend('POST', `/api/zones/${zone}/project`, fc.oneof(notAnObject, oneFieldWrong({ version: 1 }, { version: fc.oneof(badId, fc.constant(3)), name: fc.oneof(notString, fc.constant(''), tooLong(100)) }, ['version']))),
        jsonSend('POST', '/api/zones/check', fc.oneof(notAnObject, oneFieldWrong({ estateIds: [estate] }, {
          estateIds: fc.oneof(fc.constant([]), fc.array(badId, { minLength: 1, maxLength: 3 }), notString),
          gapMeters: fc.oneof(notCoercible, fc.constantFrom(-1, 10000)),
        }, ['estateIds']))),
      ),
    ));

  it('POST /api/reports', () =>
    mustRefuse(
      jsonSend('POST', '/api/reports', fc.oneof(notAnObject, oneFieldWrong(
        { estateId: estate, period: '2025-03', phase: 'construction', progressPct: 50, completed: false, note: 'fuzz' },
        {
          estateId: fc.oneof(badId, fc.constant(99999999)),
          period: fc.oneof(notString, fc.constantFrom('2025-13', '2025-00', '2099-01', '1999-12', '2025-3', "2025-03' OR '1'='1", '')),
          phase: fc.oneof(notString, fc.constantFrom('flying', '', "construction'; --")),
          progressPct: fc.oneof(notNumber, fc.constantFrom(-1, 100.5, 1e308)),
          completed: fc.oneof(fc.constantFrom('yes', 'true', 1, 0, null), fc.object({ maxDepth: 0 })),
          completedInvestmentWan: fc.oneof(notNumber, fc.constantFrom(-5, 1e20)),
          note: fc.oneof(notString, tooLong(2000)),
          exceedsPlan: fc.constantFrom('yes', 1, 'false'),
        },
        ['estateId', 'period', 'phase', 'progressPct', 'completed'],
      ))),
    ));

  // The PUT bodies carry a version the work never had (99): a generated "wrong" field that happens
  // to be valid must still change nothing (409), instead of updating the work and failing the run.
  it('POST /api/pipelines and PUT /api/pipelines/:id', () =>
    mustRefuse(
      fc.oneof(
        jsonSend('POST', '/api/pipelines', fc.oneof(notAnObject, oneFieldWrong(validWork(), workBad, ['utility', 'owner', 'startDate', 'endDate', 'geometry']))),
        jsonSend('PUT', `/api/pipelines/${work}`, fc.oneof(notAnObject, oneFieldWrong({ version: 99, ...validWork() }, { ...workBad, version: fc.oneof(badId, fc.constant(5)) }, ['version', 'utility', 'owner', 'geometry']))),
        jsonSend('PUT', badIdSegment.map((s) => `/api/pipelines/${s}`), fc.constant(JSON.stringify({ version: 1, ...validWork() }))),
      ),
    ));

  const HEADER = '序号,所在街道,所在社区,小区名称,户数,栋数,总建筑面积（万平方米）,备注';
  const badCell = fc.oneof(injection, fc.constantFrom('abc', '-5', '1e999', '12.5.3', '=SUM(A1)', '十'));

  it('POST /api/import/plan', () =>
    mustRefuse(
      fc.oneof(
        // A plan table with one bad figure (households, buildings or floor area).
        fc.tuple(fc.integer({ min: 4, max: 6 }), badCell).map(([col, cell]) => {
          const row = ['1', '蓉江街道', '东街社区', '模糊小区', '10', '1', '0.1', ''];
          row[col] = cell.includes(',') || cell.includes('"') ? `"${cell.replace(/"/g, '""')}"` : cell;
          return multipart('/api/import/plan', { file: new File([`${HEADER}\n${row.join(',')}`], 'plan.csv'), region: '360703', year: '2045' });
        }),
        // Good table, bad form fields.
        fc.record({
          region: fc.oneof(injection, fc.constantFrom('abc', '1', '999999', '')),
          year: fc.oneof(injection, fc.constantFrom('1999', '2101', 'abc', '20.5', '')),
        }).chain((bad) => fc.constantFrom('region', 'year').map((k) => multipart('/api/import/plan', {
          file: new File([`${HEADER}\n1,蓉江街道,东街社区,模糊小区,10,1,0.1,`], 'plan.csv'),
          region: '360703',
          year: '2045',
          [k]: bad[k as 'region' | 'year'],
        }))),
        // Not a table: random bytes, random text, a fake spreadsheet, a wrong extension, no file.
        fc.tuple(fc.uint8Array({ minLength: 0, maxLength: 400 }), fc.constantFrom('plan.csv', 'plan.xlsx', 'plan.exe', 'plan')).map(([bytes, name]) =>
          multipart('/api/import/plan', { file: new File([bytes], name), region: '360703', year: '2045' }),
        ),
        fc.string({ maxLength: 300 }).map((text) => multipart('/api/import/plan', { file: new File([text], 'plan.csv'), region: '360703', year: '2045' })),
        fc.constant(multipart('/api/import/plan', { region: '360703', year: '2045' })),
        fc.constant({ path: '/api/import/plan', init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"file":"x"}' } }),
      ),
    ));

  it('POST /api/pipelines/import', () => {
    const feature = (geometry: unknown, props: Record<string, unknown> = {}) => ({
      type: 'Feature',
      geometry,
      properties: { utility: 'gas', owner: '模糊燃气', district_code: '360703', start_date: '2026-01-01', end_date: '2026-01-31', ...props },
    });
    const good = lineAt(O, [0, 1200], [50, 1200]);
    return mustRefuse(
      fc.oneof(
        geometryBad.map((g) => multipart('/api/pipelines/import', { file: new File([JSON.stringify({ type: 'FeatureCollection', features: [feature(good), feature(g)] })], 'works.geojson') })),
        fc.constantFrom<[string, unknown]>(['utility', 'sewage'], ['start_date', '2026-02-30'], ['owner', ''], ['district_code', "360703' OR '1'='1"], ['end_date', '2025-01-01']).map(([k, v]) =>
          multipart('/api/pipelines/import', { file: new File([JSON.stringify({ type: 'FeatureCollection', features: [feature(good, { [k]: v })] })], 'works.geojson') }),
        ),
        fc.constantFrom('LINESTRING(0 0', 'POLYGON((0 0, 1 0, 1 1, 0 0))', 'LINESTRING(200 10, 0 0)', "LINESTRING(0 0, 1 1)'); DROP TABLE roads; --", 'POINT(1 1)', '').map((wkt) =>
          multipart('/api/pipelines/import', { file: new File([`utility,owner,district_code,start_date,end_date,status,wkt\nwater,模糊水务,360703,2026-01-01,2026-01-31,planned,"${wkt}"`], 'works.csv') }),
        ),
        fc.tuple(fc.uint8Array({ maxLength: 300 }), fc.constantFrom('works.csv', 'works.geojson', 'works.json', 'works.shp')).map(([bytes, name]) => multipart('/api/pipelines/import', { file: new File([bytes], name) })),
        fc.jsonValue().map((v) => multipart('/api/pipelines/import', { file: new File([JSON.stringify(v)], 'works.geojson') })),
        fc.constant(multipart('/api/pipelines/import', {})),
      ),
    );
  });

  it('PUT /api/plans/:id/table', async () => {
    const [{ id: plan }] = (await t.db.query<{ id: number }>(`SELECT id FROM plans WHERE slug = 'nankang-2024'`)) as [{ id: number }];
    const seed = readFileSync('geodata/seeds/nankang-2024-plan.csv', 'utf8');
    const put = (path: string, fields: Record<string, string | File | undefined>): Sent => {
      const fd = new FormData();
      for (const [k, v] of Object.entries(fields)) if (v !== undefined) fd.set(k, v);
      return { path, init: { method: 'PUT', body: fd } };
    };
    const table = (text = seed) => new File([text], 'plan.csv');
    return mustRefuse(
      fc.oneof(
        // The seed table with one bad figure.
        fc.tuple(fc.integer({ min: 4, max: 6 }), badCell).map(([col, cell]) => {
          const lines = seed.trimEnd().split('\n');
          const row = lines[1]!.split(',');
          row[col] = cell.includes(',') || cell.includes('"') || cell.includes('\n') ? `"${cell.replace(/"/g, '""')}"` : cell;
          lines[1] = row.join(',');
          return put(`/api/plans/${plan}/table`, { file: table(lines.join('\n')), confirm: 'true', version: '1' });
        }),
        // A good table with a bad or stale version, a bad confirm, or no version to confirm.
        fc.oneof(injection, fc.constantFrom('0', '-1', '1.5', '01', 'abc', '', '2', '99')).map((version) =>
          put(`/api/plans/${plan}/table`, { file: table(), confirm: 'true', version }),
        ),
        fc.oneof(injection, fc.constantFrom('yes', '1', 'TRUE', '')).map((confirm) => put(`/api/plans/${plan}/table`, { file: table(), confirm, version: '1' })),
        fc.constant(put(`/api/plans/${plan}/table`, { file: table(), confirm: 'true' })),
        // Rows of the seed left out: its estates have reports and cannot be removed.
        fc.integer({ min: 1, max: 27 }).map((keep) =>
          put(`/api/plans/${plan}/table`, { file: table(seed.split('\n').slice(0, keep + 1).join('\n')), confirm: 'true', version: '1' }),
        ),
        // Not a table, no file, a bad plan id.
        fc.tuple(fc.uint8Array({ maxLength: 300 }), fc.constantFrom('plan.csv', 'plan.xlsx', 'plan.doc')).map(([bytes, name]) =>
          put(`/api/plans/${plan}/table`, { file: new File([bytes], name), confirm: 'true', version: '1' }),
        ),
        fc.constant(put(`/api/plans/${plan}/table`, { confirm: 'true', version: '1' })),
        badIdSegment.map((id) => put(`/api/plans/${id}/table`, { file: table(), confirm: 'true', version: '1' })),
      ),
    );
  });

  it('POST /api/accounts and PATCH /api/accounts/:id', () => {
    const role = fc.oneof(notString, fc.constantFrom('root', 'ADMIN', '', "admin' --"));
    const regionCode = fc.oneof(fc.constantFrom('abc', '1', '999999', "360703' OR '1'='1"), fc.integer());
    return mustRefuse(
      fc.oneof(
        jsonSend('POST', '/api/accounts', fc.oneof(notAnObject, oneFieldWrong({ username: 'fuzz-new', role: 'leader' }, {
          username: fc.oneof(notString, fc.constantFrom('', 'A b', '-x', 'admin', 'x', "a'; DROP TABLE users; --"), tooLong(64)),
          role,
          regionCode,
        }, ['username', 'role']))),
        jsonSend('PATCH', `/api/accounts/${account}`, fc.oneof(notAnObject, oneFieldWrong({ version: 1, disabled: true }, {
          version: fc.oneof(badId, fc.constantFrom(2, 7)),
          disabled: notString.filter((v) => typeof v !== 'boolean'),
          role,
          regionCode,
        }, ['version']))),
        jsonSend('PATCH', badIdSegment.map((s) => `/api/accounts/${s}`), fc.constant(JSON.stringify({ version: 1, disabled: true }))),
      ),
    );
  });

  // Plan management (issue 13). The bodies carry a version the lists never had (99): a generated
  // "wrong" field that happens to be valid must still change nothing (409).
  const milestoneBad = fc.oneof(
    fc.constantFrom<Record<string, unknown>>(
      { year: 2019, quarter: 1, estateId: 99999999, phase: 'design' },
      { year: 2019, quarter: 1, phase: 'design' },
      { year: 2019, quarter: 1 },
      { year: 2019, quarter: 1, estateId: 1, projectId: 1, phase: 'design' },
      { id: 99999999, year: 2019, quarter: 1, description: 'x' },
    ),
    fc.record({
      year: fc.oneof(notNumber, fc.constantFrom(1999, 2101, 2019.5)),
      quarter: fc.oneof(notNumber, fc.constantFrom(0, 5, 1.5, -1)),
      description: fc.constant('模糊'),
    }),
    fc.record({ year: fc.constant(2019), quarter: fc.constant(2), estateId: badId, phase: fc.constant('design') }),
    fc.record({ year: fc.constant(2019), quarter: fc.constant(2), description: fc.oneof(notString, fc.constant(''), tooLong(2000)) }),
    fc.record({ year: fc.constant(2019), quarter: fc.constant(2), description: fc.constant('x'), phase: fc.oneof(notString, fc.constantFrom('flying', '', "design' --")) }),
    fc.record({ year: fc.constant(2019), quarter: fc.constant(2), description: fc.constant('x'), progressPct: fc.oneof(notNumber, fc.constantFrom(-1, 100.01, 1e308, 12.345)) }),
  );
  const targetBad = fc.oneof(
    fc.record({ regionCode: fc.oneof(fc.constantFrom('abc', '1', '999999', '150302', "320614' OR '1'='1"), fc.integer()), metric: fc.constant('households'), value: fc.constant(1), unit: fc.constant('户') }),
    fc.record({ regionCode: fc.constant('320614'), metric: fc.oneof(notString, fc.constantFrom('lifts', '', 'HOUSEHOLDS')), value: fc.constant(1), unit: fc.constant('户') }),
    fc.record({ regionCode: fc.constant('320614'), metric: fc.constant('households'), value: fc.oneof(notNumber, fc.constantFrom(-1, 1e12, Number.MAX_VALUE)), unit: fc.constant('户') }),
    fc.record({ regionCode: fc.constant('320614'), metric: fc.constant('households'), value: fc.constant(1), unit: fc.oneof(notString, fc.constantFrom('套', '', '万户')) }),
    fc.record({ regionCode: fc.constant('320614'), metric: fc.constant('households'), value: fc.constant(1), unit: fc.constant('户'), dueOn: dateBad }),
    fc.record({ regionCode: fc.constant('320614'), year: fc.oneof(notNumber, fc.constantFrom(2020, 1999, 2101)), metric: fc.constant('households'), value: fc.constant(1), unit: fc.constant('户') }),
  );

  it('PUT /api/plans/:id/milestones and /targets', () =>
    mustRefuse(
      fc.oneof(
        jsonSend('PUT', `/api/plans/${beilun}/milestones`, fc.oneof(notAnObject, oneFieldWrong({ version: 99, milestones: [{ year: 2019, quarter: 1, description: '模糊' }] }, {
          version: fc.oneof(badId, fc.constant(2)),
          milestones: fc.oneof(notString.filter((v) => !Array.isArray(v)), fc.array(milestoneBad, { minLength: 1, maxLength: 3 })),
        }, ['version', 'milestones']))),
        jsonSend('PUT', `/api/plans/${beilun}/milestones`, fc.array(milestoneBad, { minLength: 1, maxLength: 3 }).map((m) => JSON.stringify({ version: 1, milestones: m }))),
        jsonSend('PUT', `/api/plans/${haimen}/targets`, fc.oneof(notAnObject, oneFieldWrong({ version: 99, targets: [] }, {
          version: fc.oneof(badId, fc.constant(2)),
          targets: fc.oneof(notString.filter((v) => !Array.isArray(v)), fc.array(targetBad, { minLength: 1, maxLength: 3 })),
        }, ['version', 'targets']))),
        jsonSend('PUT', `/api/plans/${haimen}/targets`, fc.array(targetBad, { minLength: 1, maxLength: 3 }).map((x) => JSON.stringify({ version: 1, targets: x }))),
        jsonSend('PUT', badIdSegment.map((s) => `/api/plans/${s}/milestones`), fc.constant(JSON.stringify({ version: 1, milestones: [] }))),
        jsonSend('PUT', badIdSegment.map((s) => `/api/plans/${s}/targets`), fc.constant(JSON.stringify({ version: 1, targets: [] }))),
      ),
    ));

  it('DELETE /api/plans/:id (never the right slug with force=true)', () =>
    mustRefuse(
      fc.oneof(
        fc.constantFrom('', 'beilun', 'BEILUN-2019', 'haimen-2021', "beilun-2019' OR '1'='1", 'beilun-2019 ', '%').map((confirm) => ({
          path: `/api/plans/${beilun}?confirm=${encodeURIComponent(confirm)}&force=true`, init: { method: 'DELETE' },
        })),
        // The right slug without force: the plan has reports (409).
        fc.constantFrom('', '&force=false', '&force=TRUE', '&force=1', '&force=yes', '&extra=1').map((rest) => ({
          path: `/api/plans/${beilun}?confirm=beilun-2019${rest}`, init: { method: 'DELETE' },
        })),
        badIdSegment.map((s) => ({ path: `/api/plans/${s}?confirm=beilun-2019&force=true`, init: { method: 'DELETE' } })),
      ),
    ));

  it('POST /api/plans/:id/milestones/import and /targets/import', () => {
    const ANNEX = '序号,项目名称,一季度末形象进度,二季度末形象进度';
    const TARGETS = '任务,指标,目标值,单位,责任单位,完成时限';
    return mustRefuse(
      fc.oneof(
        // Tables that name what the plan does not have, or say what cannot be read.
        // (Words about no estate are a description, not a refusal: they are not generated here.)
        fc.constantFrom('海市蜃楼等1个项目开工', '长江花园、高凤新村等3个项目开工', '长江花园力争年底完工', '大碶街道长江花园等1个项目开工', '长江花园启动改造', "长江花园' OR '1'='1等1个项目开工", '30个项目全部开工')
          .map((cell) => multipart(`/api/plans/${beilun}/milestones/import`, { file: new File([`${ANNEX}\n1,老旧小区改造建设,"${cell.replace(/"/g, '""')}",`], 'annex.csv'), preview: 'true' })),
        fc.tuple(fc.constantFrom('加装电梯', '改造户数', '完工'), fc.constantFrom('部', '套', '万户'), fc.oneof(badCell, fc.constant('2')))
          .map(([ind, unit, value]) => multipart(`/api/plans/${haimen}/targets/import`, { file: new File([`${TARGETS}\n老旧小区改造,${ind},"${value.replace(/"/g, '""')}",${unit},,`], 'targets.csv'), preview: 'true' })),
        // A good table with bad form fields, or a stale version.
        fc.record({
          preview: fc.oneof(injection, fc.constantFrom('yes', '1', 'TRUE', '')),
          version: fc.oneof(injection, fc.constantFrom('abc', '0', '-1', '1.5', '', '99')),
        }).chain((bad) => fc.constantFrom('preview', 'version').map((k) => multipart(`/api/plans/${beilun}/milestones/import`, {
          file: new File([`${ANNEX}\n1,长江花园,开工,完工`], 'annex.csv'),
          ...(k === 'preview' ? { preview: bad.preview } : { version: bad.version }),
        }))),
        fc.constant(multipart(`/api/plans/${haimen}/targets/import`, { file: new File([`${TARGETS}\n老旧小区改造,完工,2,个,,`], 'targets.csv') })),
        // Not a table at all.
        fc.tuple(fc.uint8Array({ minLength: 0, maxLength: 300 }), fc.constantFrom('annex.csv', 'annex.xlsx', 'annex.exe'), fc.constantFrom('milestones', 'targets')).map(([bytes, name, list]) =>
          multipart(`/api/plans/${list === 'milestones' ? beilun : haimen}/${list}/import`, { file: new File([bytes], name), preview: 'true' }),
        ),
        fc.string({ maxLength: 200 }).map((text) => multipart(`/api/plans/${beilun}/milestones/import`, { file: new File([text], 'annex.csv'), preview: 'true' })),
        fc.constant(multipart(`/api/plans/${beilun}/milestones/import`, { preview: 'true' })),
        badIdSegment.map((s) => multipart(`/api/plans/${s}/milestones/import`, { file: new File([`${ANNEX}\n1,长江花园,开工,完工`], 'annex.csv'), preview: 'true' })),
      ),
    );
  });

  // The version sent is one the estate never had (99): a generated "wrong" field that happens to
  // be valid must still change nothing (409).
  it('PUT and DELETE /api/estates/:id/location', () =>
    mustRefuse(
      fc.oneof(
        jsonSend('PUT', `/api/estates/${estate}/location`, fc.oneof(notAnObject, oneFieldWrong({ lon: 114.76, lat: 25.66, version: 99 }, {
          lon: fc.oneof(notNumber, fc.constantFrom(-181, 180.5, 1e308, 2.35, 0)),
          lat: fc.oneof(notNumber, fc.constantFrom(-90.5, 91, 48.85, 0, 39.67)),
          version: fc.oneof(badId, fc.constant(5)),
        }, ['lon', 'lat', 'version']))),
        jsonSend('PUT', badIdSegment.map((s) => `/api/estates/${s}/location`), fc.constant(JSON.stringify({ lon: 114.76, lat: 25.66, version: 1 }))),
        fc.constantFrom('abc', '0', '-1', '1.5', '1e0', ' 1', '99', "1' OR '1'='1", '').map((v) => ({ path: `/api/estates/${estate}/location?version=${encodeURIComponent(v)}`, init: { method: 'DELETE' } })),
        badIdSegment.map((s) => ({ path: `/api/estates/${s}/location?version=1`, init: { method: 'DELETE' } })),
      ),
    ));

  it('POST /api/auth/login (malformed, so no failed attempt is even counted)', () =>
    mustRefuse(
      jsonSend('POST', '/api/auth/login', fc.oneof(notAnObject, oneFieldWrong({ username: 'admin', password: 'x' }, {
        username: fc.oneof(notString, fc.constantFrom('', 'a', "admin' --", 'ADMIN OR 1=1', 'x'.repeat(65))),
        password: fc.oneof(notString, fc.constant(''), fc.constant('x'.repeat(1025))),
      }, ['username', 'password']))),
    ));
});

describe('SQL injection in every string parameter is inert', () => {
  const GETS: [string, string[]][] = [
    ['/api/estates', ['district', 'year', 'bbox']],
    ['/api/regions', ['level', 'parent']],
    ['/api/roads', ['district']],
    ['/api/reports', ['estateId', 'period']],
    ['/api/stats/ranking', ['level', 'parent', 'year', 'period', 'orderBy']],
    ['/api/stats/ranking.xlsx', ['level', 'parent', 'year', 'period', 'orderBy']],
    ['/api/stats/lagging', ['parent', 'year', 'period', 'asOf']],
    ['/api/stats/heatmap', ['parent', 'year', 'period']],
    ['/api/stats/series', ['parent', 'year']],
    ['/api/targets', ['region', 'year', 'period']],
    ['/api/zones', ['district']],
    ['/api/zones/suggest', ['district', 'gapMeters', 'minEstates', 'minHouseholds', 'year', 'outlines', 'rank']],
    ['/api/pipelines', ['district']],
    ['/api/pipelines/overlaps', ['district', 'bufferMeters', 'windowDays']],
    ['/api/audit', ['table', 'rowId', 'actor', 'before', 'limit']],
    ['/api/plans', ['x']],
    ['/api/plans/1/milestones', ['x']],
    ['/api/plans/1/targets', ['x']],
    ['/tiles/estates/14/13415/7004.mvt', ['district', 'year']],
  ];

  it('in query parameters and path segments of every read: never a 5xx, never a leak, nothing changed', async () => {
    const full = await databaseFingerprint(t.db);
    const paths = [
      ...GETS.flatMap(([path, params]) => params.flatMap((p) => INJECTIONS.map((inj) => `${path}?${p}=${encodeURIComponent(inj)}`))),
      ...GETS.map(([path]) => `${path}?${encodeURIComponent("x' OR 1=1 --")}=1`),
      ...['estates', 'zones', 'pipelines'].flatMap((r) => INJECTIONS.map((inj) => `/api/${r}/${encodeURIComponent(inj)}`)),
      ...['milestones', 'targets'].flatMap((r) => INJECTIONS.map((inj) => `/api/plans/${encodeURIComponent(inj)}/${r}`)),
      ...INJECTIONS.map((inj) => `/tiles/${encodeURIComponent(inj)}/1/0/0.mvt`),
    ];
    for (const path of paths) {
      const res = await t.request(path);
      const text = await res.text();
      expect(res.status, `${path}: ${text.slice(0, 200)}`).toBeLessThan(500);
      expect(text).not.toContain('scrypt$');
    }
    expect(await databaseFingerprint(t.db)).toEqual(full);
  });

  it('in stored text: kept literally, every table still there', async () => {
    const json = (method: string, body: unknown) => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const tables = (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`))[0]!.n;
    const counts = async () => t.db.query(`SELECT (SELECT count(*) FROM estates)::int AS e, (SELECT count(*) FROM users)::int AS u, (SELECT count(*) FROM roads)::int AS r`);
    const before = await counts();
    for (const inj of INJECTIONS.filter((s) => s.trim() !== '' && !s.includes('\u0000'))) {
      const name = `片区 ${inj}`;
      const z = await t.json<{ properties: { id: number; name: string } }>('/api/zones', json('POST', { name, estateIds: [estate] }));
      expect(z.status).toBe(201);
      expect((await t.json<{ properties: { name: string } }>(`/api/zones/${z.body.properties.id}`)).body.properties.name).toBe(name);
      const w = await t.json<{ properties: { owner: string } }>('/api/pipelines', json('POST', { ...validWork(), owner: inj }));
      expect(w.status).toBe(201);
      expect(w.body.properties.owner).toBe(inj.trim());
    }
    // A NUL cannot be stored in PostgreSQL text: refused, not a crash.
    expect((await t.request('/api/zones', json('POST', { name: 'a\u0000b', estateIds: [estate] }))).status).toBeLessThan(500);
    expect((await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`))[0]!.n).toBe(tables);
    expect(await counts()).toEqual(before);
  });
});

/**
 * Issue 14: the classes behind an outside attack, each as a property over generated input.
 */
describe('issue 14 classes', () => {
  const idRoutes = POLICY.filter((r) => /\/:(id|\w+Id)(\/|$)/.test(r.path));

  it('non-canonical ids: any spelling of any id but its canonical digits, on any id route, for any role or none, is 400 bad_id and changes nothing', async () => {
    const clients: Client[] = [t.anonymous, ...(await Promise.all(ROLES.map((r) => t.as(r))))];
    const full = await databaseFingerprint(t.db);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...idRoutes),
        fc.constantFrom(...clients),
        fc.oneof(fc.constantFrom(estate, zone, work, account), fc.integer({ min: 1, max: 2 ** 31 - 1 })).chain((n) => nonCanonicalIdOf(n)),
        async (rule, client, form) => {
          const path = rule.path.replace(/:[^/]+/g, form);
          const init: RequestInit = rule.method === 'GET' ? {} : { method: rule.method, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ version: 1 }) };
          const res = await client.request(path, init);
          const body = (await res.json()) as { error?: { code?: string } };
          expect([rule.method, path, res.status, body.error?.code]).toEqual([rule.method, path, 400, 'bad_id']);
        },
      ),
      { numRuns: RUNS * 4 },
    );
    expect(await databaseFingerprint(t.db)).toEqual(full);
  });

  it(`parallel logins: any number of wrong passwords, with or without the right one, in any order, check at most ${MAX_FAILURES} wrong ones`, async () => {
    const login = (password: string) =>
      t.anonymous.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'planner', password }) });
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: MAX_FAILURES + 1, max: 16 }), fc.boolean(), fc.nat(), async (wrong, withRight, at) => {
        await t.db.query('DELETE FROM login_throttle');
        const passwords = Array.from({ length: wrong }, (_, i) => `wrong-${i}`);
        if (withRight) passwords.splice(at % (wrong + 1), 0, TEST_PASSWORD);
        const statuses = (await Promise.all(passwords.map(login))).map((r) => r.status);
        const wrongChecked = statuses.filter((s) => s === 401).length;
        const succeeded = statuses.filter((s) => s === 200).length;
        // The guarantee: never more than MAX_FAILURES wrong passwords checked. A success gives its own
        // attempt back, so when it is counted early and released before the burst ends, one more
        // wrong guess is checked in its place (README "Login throttle"): at most MAX_FAILURES + 1 answers.
        expect(wrongChecked).toBeLessThanOrEqual(MAX_FAILURES);
        expect(succeeded).toBeLessThanOrEqual(withRight ? 1 : 0);
        expect(wrongChecked).toBeGreaterThanOrEqual(succeeded === 1 ? MAX_FAILURES - 1 : MAX_FAILURES);
        expect(statuses.filter((s) => s === 429)).toHaveLength(passwords.length - wrongChecked - succeeded);
        const [row] = await t.db.query<{ attempts: number }>(`SELECT attempts FROM login_throttle WHERE key = 'pair:planner@in-process'`);
        expect(row!.attempts).toBe(wrongChecked);
      }),
      { numRuns: Math.min(RUNS, 6) },
    );
    await t.db.query('DELETE FROM login_throttle');
  });

  it('formula cells: any name a spreadsheet would run is exported as text, and stored as typed', async () => {
    const [{ id: target }] = (await t.db.query<{ id: number }>(`SELECT id FROM estates WHERE district_code = '360703' ORDER BY id DESC LIMIT 1`)) as [{ id: number }];
    const [{ name: original }] = (await t.db.query<{ name: string }>('SELECT name FROM estates WHERE id = $1', [target])) as [{ name: string }];
    const formula = fc.tuple(fc.constantFrom('=', '+', '-', '@', '\t', '\r'), fc.string({ maxLength: 30 }).filter((s) => !s.includes('\u0000'))).map(([a, b]) => a + b);
    try {
      await fc.assert(
        fc.asyncProperty(formula, async (name) => {
          await t.db.query('UPDATE estates SET name = $2 WHERE id = $1', [target, name]);
          const res = await t.request(`/api/export/scope?estateIds=${target}&format=csv`);
          expect(res.status).toBe(200);
          const [header, ...rows] = parseCsv((await res.text()).replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
          const row = rows.find((r) => r[header!.indexOf('layer')] === 'estate')!;
          expect(row[header!.indexOf('name')]).toBe(`'${name}`);
          for (const r of rows) for (const cell of r) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
          expect((await t.json<{ properties: { name: string } }>(`/api/estates/${target}`)).body.properties.name).toBe(name);
        }),
        { numRuns: RUNS },
      );
    } finally {
      await t.db.query('UPDATE estates SET name = $2 WHERE id = $1', [target, original]);
    }
  });

  it('deep nesting: any depth past the limit, in any body or uploaded file, is a 4xx that changes nothing', () => {
    const deep = fc.integer({ min: LIMITS.jsonDepth + 1, max: 150_000 }).map((d) => '['.repeat(d) + ']'.repeat(d));
    const polygon = JSON.stringify({ type: 'Polygon', coordinates: [[[114.7, 25.6], [114.701, 25.6], [114.701, 25.601], [114.7, 25.6]]] });
    return mustRefuse(
      fc.oneof(
        deep.map((d) => ({ path: '/api/zones', init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"name":"深","estateIds":${d}}` } })),
        deep.map((d) => ({ path: '/api/reports', init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"estateId":${estate},"period":"2025-03","phase":${d}}` } })),
        deep.map((d) => ({ path: `/api/pipelines/${work}`, init: { method: 'PUT', headers: { 'content-type': 'application/json' }, body: `{"version":1,"geometry":${d}}` } })),
        fc.tuple(deep, fc.constantFrom('coordinates', 'properties', 'crs')).map(([d, where]) => {
          const feature = where === 'coordinates' ? `{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":${d}}}` : where === 'properties' ? `{"type":"Feature","properties":{"x":${d}},"geometry":${polygon}}` : `{"type":"Feature","properties":{},"geometry":${polygon}}`;
          const doc = `{"type":"FeatureCollection",${where === 'crs' ? `"crs":${d},` : ''}"features":[${feature}]}`;
          return multipart('/api/import/scope', { file: new File([doc], 'deep.geojson') });
        }),
        deep.map((d) => multipart('/api/pipelines/import', { file: new File([`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":${d}}}]}`], 'deep.geojson') })),
      ),
      Math.min(RUNS, 15),
    );
  });

  it('odd numerals: any spelling of a coordinate but a plain decimal is refused, naming the row and field', async () => {
    const plain = fc.double({ min: 114.7, max: 114.8, noNaN: true });
    const odd = fc.oneof(
      plain.map((v) => v.toExponential()),
      plain.map((v) => `+${v.toFixed(5)}`),
      plain.map((v) => `0x${Math.round(v).toString(16)}`),
      plain.map((v) => `${v.toFixed(5)}e0`),
      plain.map((v) => `${v.toFixed(0)}.`),
      plain.map((v) => v.toFixed(5).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))),
      plain.map((v) => v.toFixed(5).replace('.', ',')),
      fc.constantFrom('Infinity', 'NaN', '.5e3', '1_14', '114.7.1', '0b1110010', '0o162'),
    );
    const before = await databaseFingerprint(t.db);
    await fc.assert(
      fc.asyncProperty(odd, fc.constantFrom('lon', 'wkt'), async (bad, where) => {
        const text =
          where === 'lon'
            ? `work,utility,owner,district_code,start_date,end_date,lon,lat\nw1,gas,奇数,360703,2026-01-01,2026-01-31,"${bad}",25.66\nw1,,,,,,114.761,25.66`
            : `utility,owner,district_code,start_date,end_date,wkt\ngas,奇数,360703,2026-01-01,2026-01-31,"LINESTRING(${bad} 25.66, 114.761 25.66)"`;
        const { path, init } = multipart('/api/pipelines/import', { file: new File([text], 'odd.csv') });
        const res = await t.json<{ error: { details: { row: number; field: string }[] } }>(path, init);
        expect([bad, res.status]).toEqual([bad, 422]);
        expect(res.body.error.details[0]).toMatchObject({ row: 2, field: where === 'lon' ? 'lon' : 'wkt' });
      }),
      { numRuns: RUNS * 2 },
    );
    expect(await databaseFingerprint(t.db)).toEqual(before);
  });
});
