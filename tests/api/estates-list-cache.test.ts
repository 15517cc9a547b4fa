import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EstateCollection } from '../../shared/estates/contract.ts';
import { estatesCollectionSql } from '../../server/estates/sql.ts';
import { testApp, type Client, type TestApp } from './support/test-app.ts';

/**
 * GET /api/estates served like tiles: cached per process, dropped by NOTIFY data_changed, with an
 * ETag and 304; the latest lists concatenated from each estate's kept feature text; a reporter's
 * list is theirs alone, cached under their region.
 */
let t: TestApp;
let district: Client;
let street: Client;
let streetCode: string;
const DISTRICT = '360703';
const LIST = `/api/estates?district=${DISTRICT}`;

beforeAll(async () => {
  t = await testApp();
  district = await t.as('reporter');
  streetCode = (await t.db.query<{ s: string }>(`SELECT street_code AS s FROM estates WHERE district_code = $1 GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`, [DISTRICT]))[0]!.s;
  await t.db.query(`INSERT INTO users (username, password_hash, role, region_code) SELECT 'reporter-street', password_hash, 'reporter', $1 FROM users WHERE username = 'reporter-360703'`, [streetCode]);
  street = await t.login('reporter-street');
});
afterAll(async () => t?.close());

async function get(path = LIST, who: Client = t, headers: Record<string, string> = {}) {
  const res = await who.request(path, { headers });
  return { status: res.status, etag: res.headers.get('etag'), cache: res.headers.get('x-cache'), type: res.headers.get('content-type'), text: await res.text() };
}

/** What the SQL builds from scratch for the same filter (the answer before lists were cached). */
async function fromScratch(f: { district?: string; year?: number; bbox?: number[]; period?: string; scope?: string }) {
  const [minLon, minLat, maxLon, maxLat] = f.bbox ?? [null, null, null, null];
  const [row] = await t.db.query<{ body: string }>(estatesCollectionSql, [f.district ?? null, f.year ?? null, minLon, minLat, maxLon, maxLat, f.period ?? null, f.scope ?? null]);
  return row!.body;
}

/** Asks until `ok` holds: a write is heard through NOTIFY after its commit (bounded wait). */
async function until(ok: (r: Awaited<ReturnType<typeof get>>) => boolean, path = LIST) {
  let last = await get(path);
  for (let i = 0; i < 100 && !ok(last); i++) {
    await new Promise((r) => setTimeout(r, 20));
    last = await get(path);
  }
  return last;
}

const features = (text: string) => (JSON.parse(text) as EstateCollection).features;
const ids = (text: string) => features(text).map((f) => f.id);

describe('GET /api/estates, cached', () => {
  it('answers byte for byte what the SQL builds from scratch, for every filter', async () => {
    const [box] = await t.db.query<{ b: number[] }>(
      `SELECT ARRAY[ST_XMin(x), ST_YMin(x), (ST_XMin(x) + ST_XMax(x)) / 2, ST_YMax(x)] AS b FROM (SELECT ST_Extent(geom)::geometry AS x FROM estates WHERE district_code = $1) s`,
      [DISTRICT],
    );
    const cases: [string, Parameters<typeof fromScratch>[0]][] = [
      [LIST, { district: DISTRICT }],
      ['/api/estates', {}],
      ['/api/estates?district=150302&year=2021', { district: '150302', year: 2021 }],
      ['/api/estates?year=2035', { year: 2035 }],
      [`/api/estates?bbox=${box!.b.join(',')}`, { bbox: box!.b }],
      [`${LIST}&period=2021-04`, { district: DISTRICT, period: '2021-04' }],
    ];
    for (const [path, f] of cases) {
      const expected = await fromScratch(f);
      // The first answer (computed, perhaps before LISTEN) and a cached one.
      for (let i = 0; i < 2; i++) {
        const r = await get(path);
        expect([path, r.status, r.type]).toEqual([path, 200, 'application/geo+json; charset=utf-8']);
        expect(r.text).toBe(expected);
      }
    }
    expect(features(await fromScratch({ district: DISTRICT })).length).toBeGreaterThan(10);
    expect(await fromScratch({ year: 2035 })).toBe('{"type" : "FeatureCollection", "features" : []}');
  });

  it('gives an ETag and answers 304 to a matching If-None-Match, also weak or in a list', async () => {
    const first = await get();
    expect(first.etag).toMatch(/^".+"$/);
    const again = await until((r) => r.cache === 'hit');
    expect(again.etag).toBe(first.etag);
    for (const inm of [first.etag!, `W/${first.etag}`, `"other", ${first.etag}`, '*']) {
      const r = await get(LIST, t, { 'If-None-Match': inm });
      expect([inm, r.status, r.text, r.etag]).toEqual([inm, 304, '', first.etag]);
    }
    const stale = await get(LIST, t, { 'If-None-Match': '"not-this-one"' });
    expect(stale.status).toBe(200);
    expect(stale.text).toBe(first.text);
  });

  it('a report changes the next answer (and its ETag)', async () => {
    const before = await get();
    // An estate not yet complete, reporting a month after its newest report with a little more progress.
    const [estate] = await t.db.query<{ id: number; pct: number }>(
      `SELECT e.id, floor(COALESCE(n.progress_pct, 0))::int + 1 AS pct FROM estates e LEFT JOIN estate_newest_report n ON n.estate_id = e.id
       WHERE e.district_code = $1 AND COALESCE(n.progress_pct, 0) < 90 AND COALESCE(n.period, '') < '2026-11' ORDER BY e.id LIMIT 1`,
      [DISTRICT],
    );
    const posted = await t.request('/api/reports', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ estateId: estate!.id, period: '2026-11', phase: 'construction', progressPct: estate!.pct, completed: false }),
    });
    expect(posted.status, await posted.clone().text()).toBe(201);
    const after = await until((r) => r.etag !== before.etag);
    const mine = features(after.text).find((f) => f.id === estate!.id)!;
    expect(mine.properties).toMatchObject({ progressPct: estate!.pct, phase: 'construction', reportPeriod: '2026-11' });
    expect(after.text).toBe(await fromScratch({ district: DISTRICT }));
    // The old tag no longer matches: the client gets the new list.
    expect((await get(LIST, t, { 'If-None-Match': before.etag! })).status).toBe(200);
  });

  it('a saved red line changes the next answer', async () => {
    const before = await get();
    const [estate] = await t.db.query<{ id: number; version: number; ring: string }>(
      `SELECT id, version, ST_AsGeoJSON(ST_Buffer(geom, -0.00002)) AS ring FROM estates WHERE district_code = $1 AND geom IS NOT NULL ORDER BY id LIMIT 1`,
      [DISTRICT],
    );
    const res = await t.request(`/api/estates/${estate!.id}/geometry`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ version: estate!.version, geometry: JSON.parse(estate!.ring) }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const after = await until((r) => r.etag !== before.etag);
    const moved = features(after.text).find((f) => f.id === estate!.id)!;
    expect(moved.properties.version).toBe(estate!.version + 1);
    expect(moved.geometry).not.toEqual(features(before.text).find((f) => f.id === estate!.id)!.geometry);
    expect(after.text).toBe(await fromScratch({ district: DISTRICT }));
  });

  it('a plan import adds its estates to the next answer', async () => {
    const before = await get();
    const fd = new FormData();
    const table = ['序号,所在街道,所在社区,小区名称,户数,栋数,总建筑面积（万平方米）,备注,建成年代', '1,蓉江街道,东街社区,缓存新甲,120,3,1.2,,1990', '2,东山街道,东山社区,缓存新乙,50,1,0.4,,1985'].join('\n');
    fd.set('file', new File([table], 'plan.csv', { type: 'text/csv' }));
    fd.set('region', DISTRICT);
    fd.set('year', '2027');
    const res = await t.request('/api/import/plan', { method: 'POST', body: fd });
    expect(res.status).toBe(201);
    const after = await until((r) => r.etag !== before.etag);
    const added = features(after.text).filter((f) => f.properties.planYear === 2027).map((f) => f.properties.name);
    expect(added.sort()).toEqual(['缓存新乙', '缓存新甲']);
    expect(after.text).toBe(await fromScratch({ district: DISTRICT }));
  });
});

describe('a reporter never gets another\'s cached list', () => {
  it('lists their own region under their own key, whoever asked the same URL first', async () => {
    const own = async (scope: string) => ids(await fromScratch({ scope }));
    const all = ids((await get(LIST)).text);
    const districtOwn = await own(DISTRICT);
    const streetOwn = await own(streetCode);
    expect(streetOwn.length).toBeGreaterThan(0);
    expect(streetOwn.length).toBeLessThan(districtOwn.length);
    for (let round = 0; round < 2; round++) {
      // Admin, district reporter and street reporter ask the very same URLs, in turn and twice.
      for (const path of [LIST, '/api/estates']) {
        expect(ids((await get(path, street)).text)).toEqual(streetOwn);
        expect(ids((await get(path, district)).text)).toEqual(districtOwn);
        expect(ids((await get(path, street)).text)).toEqual(streetOwn);
      }
      expect(ids((await get(LIST)).text)).toEqual(all);
    }
    // The street reporter's answer is byte for byte the SQL's for their region.
    expect((await get(LIST, street)).text).toBe(await fromScratch({ district: DISTRICT, scope: streetCode }));
  });

  it("answers 200 with their own list to another's ETag, never 304", async () => {
    const admin = await get(LIST);
    const mine = await get(LIST, street, { 'If-None-Match': admin.etag! });
    expect(mine.status).toBe(200);
    expect(mine.etag).not.toBe(admin.etag);
    expect(ids(mine.text)).toEqual(ids(await fromScratch({ scope: streetCode })));
    expect((await get(LIST, street, { 'If-None-Match': mine.etag! })).status).toBe(304);
  });
});
