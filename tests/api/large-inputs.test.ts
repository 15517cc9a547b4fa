import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { LIMITS } from '../../server/http/limits.ts';
import { parsePoolStats } from '../../server/http/parse-worker.ts';
import { CSRF_HEADER, SESSION_COOKIE } from '../../shared/auth.ts';
import { offset } from './support/metres.ts';
import { databaseFingerprint, TEST_PASSWORD, testApp, type TestApp } from './support/test-app.ts';

/**
 * Issue 14, items 4 and 8: one upload cannot hold the embedded server. Nesting, features, vertices
 * and rows have limits, checked without recursion before anything walks the input, and answered
 * 413 (the file) or 422 (naming the feature) with the limit stated; nothing is written. Uploads
 * are parsed in a worker thread, so requests keep being answered while a file is read.
 */
let t: TestApp;
/** The same app with a 64 MB upload limit (the test app's is 1 MB), signed in as the admin. */
let big: (path: string, init: RequestInit) => Promise<Response>;
const O: [number, number] = [114.76, 25.66];

beforeAll(async () => {
  t = await testApp();
  const app = createApp({ db: t.db, env: { UPLOAD_LIMIT_BYTES: 64 * 2 ** 20, BASEMAP_STYLE_URL: undefined } });
  const login = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: TEST_PASSWORD }) });
  const cookie = login.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!.split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  big = async (path, init) => app.request(path, { ...init, headers: { ...(init.headers as Record<string, string>), cookie, [CSRF_HEADER]: csrfToken } });
});
afterAll(async () => t?.close());

type ErrorBody = { error: { code: string; message: string; details: unknown } };

const form = (fields: Record<string, string | File>) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  return { method: 'POST', body: fd } satisfies RequestInit;
};

/** A request that must be refused and leave every table as it was. */
async function refused(send: () => Promise<Response>): Promise<{ status: number; body: ErrorBody }> {
  const before = await databaseFingerprint(t.db);
  const res = await send();
  const body = (await res.json()) as ErrorBody;
  expect(await databaseFingerprint(t.db)).toEqual(before);
  return { status: res.status, body };
}

/** Arrays nested `depth` deep as JSON text, built without recursion. */
const nested = (depth: number, inner = '0') => '['.repeat(depth) + inner + ']'.repeat(depth);

/** A closed square ring of `n` + 1 positions around a point `e` metres east. */
function ring(e: number, n: number): number[][] {
  const pts: number[][] = [];
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n;
    const [lon, lat] = offset(O, e + 20 * Math.cos(a), 5000 + 20 * Math.sin(a));
    pts.push([Number(lon.toFixed(7)), Number(lat.toFixed(7))]);
  }
  return [...pts, pts[0]!];
}

const polygonFeature = (i: number, vertices: number) => ({ type: 'Feature', properties: { name: `无此小区${i}` }, geometry: { type: 'Polygon', coordinates: [ring(i * 100, vertices)] } });

const scopeFile = (text: string, name = 'scope.geojson') => form({ file: new File([text], name) });

describe('deep nesting (item 4)', () => {
  it('scope import: coordinates nested 100,000 deep are a 422 naming the feature, not a 500', async () => {
    const text = `{"type":"FeatureCollection","features":[${JSON.stringify(polygonFeature(0, 8))},{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":${nested(100_000)}}}]}`;
    const { status, body } = await refused(() => t.request('/api/import/scope', scopeFile(text)));
    expect(status).toBe(422);
    expect(body.error.details).toEqual([{ feature: 1, code: 'feature_too_deep', params: { max: LIMITS.jsonDepth }, reason: expect.stringContaining(`${LIMITS.jsonDepth} levels of nesting`) }]);
  });

  it('scope import: deep properties name their feature, a deep member outside the features is named too', async () => {
    const deepProps = `{"type":"FeatureCollection","features":[${JSON.stringify(polygonFeature(0, 8))},${JSON.stringify(polygonFeature(1, 8))},{"type":"Feature","properties":{"x":${nested(50_000)}},"geometry":${JSON.stringify(polygonFeature(2, 8).geometry)}}]}`;
    const a = await refused(() => t.request('/api/import/scope', scopeFile(deepProps)));
    expect(a.status).toBe(422);
    expect(a.body.error.details).toEqual([{ feature: 2, code: 'feature_too_deep', params: { max: LIMITS.jsonDepth }, reason: expect.any(String) }]);
    const deepCrs = `{"type":"FeatureCollection","crs":${nested(50_000)},"features":[${JSON.stringify(polygonFeature(0, 8))}]}`;
    const b = await refused(() => t.request('/api/import/scope', scopeFile(deepCrs)));
    expect(b.status).toBe(422);
    expect(b.body.error).toMatchObject({ code: 'too_deep', details: { member: 'crs', max: LIMITS.jsonDepth } });
  });

  it('pipeline import: a deep geometry is a 4xx naming the feature', async () => {
    const text = `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"utility":"gas","owner":"深测试","start_date":"2026-01-01","end_date":"2026-01-31"},"geometry":{"type":"LineString","coordinates":${nested(100_000)}}}]}`;
    const { status, body } = await refused(() => t.request('/api/pipelines/import', form({ file: new File([text], 'works.geojson') })));
    expect(status).toBe(422);
    expect(body.error.details).toEqual([{ feature: 0, code: 'feature_too_deep', params: { max: LIMITS.jsonDepth }, reason: expect.stringContaining('nesting') }]);
  });

  it('JSON bodies nested 100,000 deep are a 400 on every write route that reads one', async () => {
    const [{ id }] = (await t.db.query<{ id: number }>(`SELECT id FROM estates WHERE district_code = '360703' ORDER BY id LIMIT 1`)) as [{ id: number }];
    const deep = nested(100_000);
    const sends: [string, string, string][] = [
      ['POST', '/api/zones', `{"name":"深","estateIds":${deep}}`],
      ['POST', '/api/zones/check', `{"estateIds":${deep}}`],
      ['POST', '/api/reports', `{"estateId":${id},"period":"2025-03","phase":"construction","progressPct":1,"completed":false,"note":${deep}}`],
      ['POST', '/api/pipelines', `{"utility":"gas","geometry":${deep}}`],
      ['PUT', `/api/estates/${id}/geometry`, `{"version":1,"geometry":{"type":"MultiPolygon","coordinates":${deep}}}`],
      ['POST', '/api/accounts', `{"username":"deep-one","role":${deep}}`],
    ];
    for (const [method, path, body] of sends) {
      const res = await refused(() => t.request(path, { method, headers: { 'content-type': 'application/json' }, body }));
      expect([path, res.status]).toEqual([path, 400]);
      expect(res.body.error.code, path).toBe('too_deep');
    }
  });
});

describe('limits on features, vertices and rows (item 8)', () => {
  it(`a feature over ${LIMITS.verticesPerFeature} vertices is a 422 naming it and the limit`, async () => {
    const fc = { type: 'FeatureCollection', features: [polygonFeature(0, 8), polygonFeature(1, LIMITS.verticesPerFeature + 1)] };
    const { status, body } = await refused(() => t.request('/api/import/scope', scopeFile(JSON.stringify(fc))));
    expect(status).toBe(422);
    expect(body.error.details).toEqual([{ feature: 1, code: 'too_many_vertices', params: { max: LIMITS.verticesPerFeature }, reason: expect.stringContaining('20,000 vertices per feature') }]);
  });

  it(`a file over ${LIMITS.verticesPerFile} vertices is a 413 stating the limit`, async () => {
    const per = LIMITS.verticesPerFeature - 1;
    const count = Math.ceil(LIMITS.verticesPerFile / per) + 1;
    const fc = { type: 'FeatureCollection', features: Array.from({ length: count }, (_, i) => polygonFeature(i, per)) };
    const { status, body } = await refused(() => t.request('/api/import/scope', scopeFile(JSON.stringify(fc))));
    expect(status).toBe(413);
    expect(body.error).toMatchObject({ code: 'over_limit', details: { limit: 'verticesPerFile', max: LIMITS.verticesPerFile } });
    expect(body.error.message).toContain('250,000 vertices per file');
  });

  it(`a file over ${LIMITS.featuresPerFile} features is a 413 stating the limit`, async () => {
    const feature = JSON.stringify({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [ring(0, 3)] } });
    const text = `{"type":"FeatureCollection","features":[${Array.from({ length: LIMITS.featuresPerFile + 1 }, () => feature).join(',')}]}`;
    const { status, body } = await refused(() => t.request('/api/import/scope', scopeFile(text)));
    expect(status).toBe(413);
    expect(body.error).toMatchObject({ code: 'over_limit', details: { limit: 'featuresPerFile', max: LIMITS.featuresPerFile } });
  });

  it(`a plan table over ${LIMITS.tableRows} rows is a 413 stating the limit: XLSX and CSV`, async () => {
    const header = ['序号', '所在街道', '所在社区', '小区名称', '户数', '栋数', '总建筑面积（万平方米）', '备注'];
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('计划');
    ws.addRow(header);
    for (let i = 1; i <= LIMITS.tableRows; i++) ws.addRow([i, '蓉江街道', '东街社区', `大表小区${i}`, 10, 1, 0.1, '']);
    const xlsx = new File([new Uint8Array(await wb.xlsx.writeBuffer())], 'big.xlsx');
    const a = await refused(() => big('/api/import/plan', form({ file: xlsx, region: '360703', year: '2047' })));
    expect(a.status).toBe(413);
    expect(a.body.error).toMatchObject({ code: 'over_limit', details: { limit: 'tableRows', max: LIMITS.tableRows, found: LIMITS.tableRows + 1 } });
    expect(a.body.error.message).toContain('20,000 rows per table');

    const csv = [header.join(','), ...Array.from({ length: LIMITS.tableRows }, (_, i) => `${i + 1},蓉江街道,东街社区,大表小区${i},10,1,0.1,`)].join('\n');
    const b = await refused(() => big('/api/import/plan', form({ file: new File([csv], 'big.csv'), region: '360703', year: '2047' })));
    expect(b.status).toBe(413);
    expect(b.body.error).toMatchObject({ code: 'over_limit', details: { limit: 'tableRows' } });
  });

  it(`a works CSV over ${LIMITS.tableRows} rows is a 413 stating the limit`, async () => {
    const [lon, lat] = O;
    const rows = Array.from({ length: LIMITS.tableRows }, (_, i) => `w${Math.floor(i / 2)},gas,大表燃气,360703,2026-01-01,2026-01-31,${(lon + i * 1e-6).toFixed(6)},${lat}`);
    const csv = ['work,utility,owner,district_code,start_date,end_date,lon,lat', ...rows].join('\n');
    const { status, body } = await refused(() => big('/api/pipelines/import', form({ file: new File([csv], 'works.csv') })));
    expect(status).toBe(413);
    expect(body.error).toMatchObject({ code: 'over_limit', details: { limit: 'tableRows' } });
  });
});

describe('parsing off the request path (item 8)', () => {
  it('answers other requests while an upload is being read, and the read runs in the parse worker', async () => {
    // Well over the vertex limit: the worker reads all of it, then refuses it.
    const per = LIMITS.verticesPerFeature - 1;
    const fc = { type: 'FeatureCollection', features: Array.from({ length: 40 }, (_, i) => polygonFeature(i, per)) };
    const text = JSON.stringify(fc);
    const before = parsePoolStats();
    const upload = t.request('/api/import/scope', scopeFile(text));
    let seen = false;
    for (let i = 0; i < 2000 && !seen; i++) {
      seen = parsePoolStats().active > 0;
      if (!seen) await new Promise((r) => setTimeout(r, 5));
    }
    expect(seen).toBe(true);
    // While the worker reads the file, this request is answered by the request thread.
    const me = await t.request('/api/auth/me');
    expect(me.status).toBe(200);
    const stillReading = parsePoolStats().active > 0;
    const res = await upload;
    expect(res.status).toBe(413);
    expect(stillReading).toBe(true);
    expect(parsePoolStats().failed).toBe(before.failed + 1);
  });

  it('a file within the limits is read by the worker and imported as before', async () => {
    const before = parsePoolStats();
    const fc = { type: 'FeatureCollection', features: [polygonFeature(0, 8)] };
    const res = await t.json<{ features: { status: string }[] }>('/api/import/scope', scopeFile(JSON.stringify(fc)));
    expect(res.status).toBe(200);
    expect(res.body.features.map((f) => f.status)).toEqual(['unmatched']);
    expect(parsePoolStats().completed).toBe(before.completed + 1);
  });
});
