import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportPreview } from '../../shared/scopes/contract.ts';
import { offset } from './support/metres.ts';
import { databaseFingerprint, testApp, type TestApp } from './support/test-app.ts';

/**
 * Issue 14, item 5: a number in a file is a plain decimal numeral. "0x72" and "1.14e2" are not
 * longitudes (Number() reads both as 114): the file is refused naming the row and the field, and
 * nothing is written. One parser for every file (shared/numbers/strict-decimal.ts).
 */
let t: TestApp;
const O: [number, number] = [114.76, 25.66];
const DISTRICT = '360703';

beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());

type ErrorBody = { error: { code: string; message: string; details: { row?: number; feature?: number; field: string; message: string }[] } };

const upload = (name: string, text: string) => {
  const fd = new FormData();
  fd.set('file', new File([text], name));
  return t.json<ErrorBody & { imported?: number }>('/api/pipelines/import', { method: 'POST', body: fd });
};

async function refusedUnchanged(name: string, text: string) {
  const before = await databaseFingerprint(t.db);
  const res = await upload(name, text);
  expect(await databaseFingerprint(t.db)).toEqual(before);
  return res;
}

describe('pipeline files', () => {
  const [lon0, lat0] = offset(O, 0, 0);
  const [lon1, lat1] = offset(O, 40, 0);

  it('refuses 0x72 and 1.14e2 as a longitude in vertex rows, naming each row', async () => {
    const text = [
      'work,utility,owner,district_code,start_date,end_date,lon,lat',
      `w1,water,奇数测试水务,${DISTRICT},2026-01-01,2026-01-31,0x72,${lat0}`,
      `w1,,,,,,1.14e2,${lat1}`,
      `w2,water,奇数测试水务,${DISTRICT},2026-01-01,2026-01-31,${lon0},+${lat0}`,
      `w2,,,,,,${lon1},${lat1}`,
    ].join('\n');
    const res = await refusedUnchanged('odd.csv', text);
    expect(res.status).toBe(422);
    expect(res.body.error.details.filter((d) => ['lon', 'lat'].includes(d.field)).map((d) => [d.row, d.field])).toEqual([[2, 'lon'], [3, 'lon'], [4, 'lat']]);
    expect(res.body.error.details[0]!.message).toMatch(/plain decimal number/);
  });

  it('refuses odd numerals inside WKT', async () => {
    for (const [bad, why] of [['0x72', 'hex'], ['1.1476e2', 'exponent'], ['Infinity', 'infinity'], ['114.76.1', 'two points']] as const) {
      const wkt = `LINESTRING(${bad} ${lat0}, ${lon1} ${lat1})`;
      const text = `utility,owner,district_code,start_date,end_date,wkt\nwater,奇数测试水务,${DISTRICT},2026-01-01,2026-01-31,"${wkt}"`;
      const res = await refusedUnchanged('odd-wkt.csv', text);
      expect(res.status, why).toBe(422);
      expect(res.body.error.details[0], why).toMatchObject({ row: 2, field: 'wkt' });
    }
  });

  it('refuses an odd numeral as an estate id in a works file', async () => {
    const text = `utility,owner,district_code,estate_id,start_date,end_date,wkt\nwater,奇数测试水务,${DISTRICT},0x1d,2026-01-01,2026-01-31,"LINESTRING(${lon0} ${lat0}, ${lon1} ${lat1})"`;
    const res = await refusedUnchanged('odd-id.csv', text);
    expect(res.status).toBe(422);
    expect(res.body.error.details[0]).toMatchObject({ row: 2, field: 'estateId' });
  });

  it('still reads plain decimals, negative ones included', async () => {
    const text = [
      'work,utility,owner,district_code,start_date,end_date,lon,lat',
      `w1,water,奇数测试水务,${DISTRICT},2026-01-01,2026-01-31,${lon0.toFixed(7)},${lat0.toFixed(7)}`,
      `w1,,,,,,${lon1.toFixed(7)},${lat1.toFixed(7)}`,
    ].join('\n');
    const res = await upload('plain.csv', text);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.imported).toBe(1);
  });
});

describe('scope files', () => {
  const square = (e: number, n: number, w: number) => [[offset(O, e, n), offset(O, e + w, n), offset(O, e + w, n + w), offset(O, e, n + w), offset(O, e, n)]];

  it('an id property spelt 0x1d, 29e0 or +29 matches no estate; 29.0, as attribute tables write it, does', async () => {
    const [{ id: real }] = (await t.db.query<{ id: number }>(`SELECT id FROM estates WHERE district_code = '360703' ORDER BY id LIMIT 1`)) as [{ id: number }];
    const forms = [`0x${real.toString(16)}`, `${real}e0`, `+${real}`, ` ${real}x`];
    const fc = {
      type: 'FeatureCollection',
      features: [
        ...forms.map((id, i) => ({ type: 'Feature', properties: { id }, geometry: { type: 'Polygon', coordinates: square(i * 200, 5000, 50) } })),
        { type: 'Feature', properties: { id: `${real}.0` }, geometry: { type: 'Polygon', coordinates: square(1200, 5000, 50) } },
      ],
    };
    const form = new FormData();
    form.set('file', new File([JSON.stringify(fc)], 'odd-ids.geojson'));
    const res = await t.json<ImportPreview>('/api/import/scope', { method: 'POST', body: form });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.features.map((f) => [f.status, f.estateId])).toEqual([
      ...forms.map(() => ['unmatched', null]),
      // "12.0", as attribute tables write whole numbers, is a plain decimal: the estate's id.
      ['matched', real],
    ]);
  });
});
