import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from './support/test-app.ts';

/**
 * The other GeoJSON lists (regions, roads, pipeline works) are served like tiles too: an ETag,
 * 304 to a matching If-None-Match, cached per process and dropped by NOTIFY data_changed, so that
 * a write to what they are read from changes the next answer.
 */
let t: TestApp;
let roadDistrict: string;
let worksDistrict: string;

beforeAll(async () => {
  t = await testApp();
  roadDistrict = (await t.db.query<{ d: string }>(`SELECT district_code AS d FROM roads GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`))[0]!.d;
  worksDistrict = (await t.db.query<{ d: string }>(`SELECT district_code AS d FROM pipeline_works GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`))[0]!.d;
});
afterAll(async () => t?.close());

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await t.request(path, { headers });
  return { status: res.status, etag: res.headers.get('etag'), type: res.headers.get('content-type'), text: await res.text() };
}

async function until(path: string, ok: (r: Awaited<ReturnType<typeof get>>) => boolean) {
  let last = await get(path);
  for (let i = 0; i < 100 && !ok(last); i++) {
    await new Promise((r) => setTimeout(r, 20));
    last = await get(path);
  }
  return last;
}

type Case = { name: string; path: () => string; write: () => Promise<unknown>; seen: (text: string) => boolean };
const cases: Case[] = [
  {
    name: 'regions',
    path: () => '/api/regions?level=district&parent=3607',
    write: () => t.db.query(`UPDATE regions SET name = '南康缓存区' WHERE code = '360703'`),
    seen: (text) => text.includes('南康缓存区'),
  },
  {
    name: 'roads',
    path: () => `/api/roads?district=${roadDistrict}`,
    write: () => t.db.query(`UPDATE roads SET name = '缓存大道' WHERE id = (SELECT min(id) FROM roads WHERE district_code = $1)`, [roadDistrict]),
    seen: (text) => text.includes('缓存大道'),
  },
  {
    name: 'pipelines',
    path: () => `/api/pipelines?district=${worksDistrict}`,
    write: () => t.db.query(`UPDATE pipeline_works SET owner = '缓存燃气公司' WHERE id = (SELECT min(id) FROM pipeline_works WHERE district_code = $1)`, [worksDistrict]),
    seen: (text) => text.includes('缓存燃气公司'),
  },
];

describe.each(cases)('GET $name list, cached', ({ path, write, seen }) => {
  it('gives an ETag and 304, and a write to its rows changes the next answer', async () => {
    const first = await get(path());
    expect([first.status, first.type]).toEqual([200, 'application/geo+json; charset=utf-8']);
    expect(JSON.parse(first.text).features.length).toBeGreaterThan(0);
    expect(first.etag).toMatch(/^".+"$/);
    const again = await get(path(), { 'If-None-Match': first.etag! });
    expect([again.status, again.text, again.etag]).toEqual([304, '', first.etag]);
    expect(seen(first.text)).toBe(false);
    await write();
    const after = await until(path(), (r) => r.etag !== first.etag);
    expect(seen(after.text)).toBe(true);
    expect((await get(path(), { 'If-None-Match': first.etag! })).status).toBe(200);
  });
});

describe('lists sent compressed to a client that accepts gzip', () => {
  const path = () => `/api/pipelines?district=${worksDistrict}`;
  it('sends gzip bytes that unpack to the identity answer, under their own ETag, and 304s them', async () => {
    const { gunzipSync } = await import('node:zlib');
    const plain = await t.request(path());
    const plainBytes = Buffer.from(await plain.arrayBuffer());
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('vary')).toMatch(/accept-encoding/i);

    const zipped = await t.request(path(), { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(zipped.status).toBe(200);
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('vary')).toMatch(/accept-encoding/i);
    const zippedBytes = Buffer.from(await zipped.arrayBuffer());
    expect(zippedBytes.byteLength).toBeLessThan(plainBytes.byteLength / 3);
    expect(gunzipSync(zippedBytes).equals(plainBytes)).toBe(true);
    // Two representations, two strong tags (RFC 9110 §8.8.3).
    const tag = zipped.headers.get('etag')!;
    expect(tag).not.toBe(plain.headers.get('etag'));

    const again = await t.request(path(), { headers: { 'accept-encoding': 'gzip', 'if-none-match': tag } });
    expect([again.status, again.headers.get('etag')]).toEqual([304, tag]);
    // gzip;q=0 refuses it.
    const refused = await t.request(path(), { headers: { 'accept-encoding': 'gzip;q=0, identity' } });
    expect(refused.headers.get('content-encoding')).toBeNull();
    expect(Buffer.from(await refused.arrayBuffer()).equals(plainBytes)).toBe(true);
  });
});
