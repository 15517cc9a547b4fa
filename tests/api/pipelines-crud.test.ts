import type { Feature, FeatureCollection, LineString } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportResponse, WorkProperties } from '../../shared/pipelines/contract.ts';
import { lineAt, offset } from './support/metres.ts';
import { databaseFingerprint, testApp, type TestApp } from './support/test-app.ts';

const DISTRICT = '990103';
const O: [number, number] = [117, 30.2];

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await t.db.query(`INSERT INTO regions (code, name, level, code_source, synthetic) VALUES ($1, '测试三区', 'district', 'generated', true)`, [DISTRICT]);
}, 60_000);
afterAll(async () => t?.close());

type WorkFeature = Feature<LineString, WorkProperties>;
type ErrorBody = { error: { code: string; message: string; details: { row?: number; feature?: number; field: string; message: string }[] } };
const work = (over: Record<string, unknown> = {}) => ({
  utility: 'gas',
  owner: '测试燃气公司',
  districtCode: DISTRICT,
  startDate: '2025-03-01',
  endDate: '2025-04-30',
  geometry: lineAt(O, [0, 0], [120, 0]),
  ...over,
});
const send = (method: string, path: string, body: unknown) => t.json<WorkFeature & ErrorBody>(path, { method, body: JSON.stringify(body) });
const upload = (name: string, text: string) => {
  const fd = new FormData();
  fd.set('file', new File([text], name));
  return t.json<ImportResponse & ErrorBody>('/api/pipelines/import', { method: 'POST', body: fd });
};
const districtWorks = async () => (await t.json<FeatureCollection<LineString, WorkProperties>>(`/api/pipelines?district=${DISTRICT}`)).body.features;

/** A rejected request leaves every table exactly as it was. */
async function unchanged<T>(fn: () => Promise<T>): Promise<T> {
  const before = await databaseFingerprint(t.db);
  const out = await fn();
  expect(await databaseFingerprint(t.db)).toEqual(before);
  return out;
}

describe('pipeline works CRUD', () => {
  it('creates, lists (with length in metres), updates with the version, rejects a stale version, deletes', async () => {
    const created = await send('POST', '/api/pipelines', work());
    expect(created.status).toBe(201);
    const id = created.body.properties.id;
    expect(created.body.properties).toMatchObject({ utility: 'gas', owner: '测试燃气公司', startDate: '2025-03-01', endDate: '2025-04-30', status: 'planned', version: 1, synthetic: false });
    expect(created.body.properties.lengthMeters).toBeCloseTo(120, 0);

    const listed = (await districtWorks()).find((f) => f.id === id)!;
    expect(listed.properties).toMatchObject({ id, utility: 'gas', owner: '测试燃气公司', startDate: '2025-03-01', endDate: '2025-04-30', status: 'planned' });

    const updated = await send('PUT', `/api/pipelines/${id}`, { ...work({ status: 'in_progress', endDate: '2025-05-15' }), version: 1 });
    expect(updated.status).toBe(200);
    expect(updated.body.properties).toMatchObject({ status: 'in_progress', endDate: '2025-05-15', version: 2 });

    const stale = await unchanged(() => send('PUT', `/api/pipelines/${id}`, { ...work({ owner: '别人' }), version: 1 }));
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'stale_version', details: { currentVersion: 2, sentVersion: 1 } });

    expect((await unchanged(() => t.request(`/api/pipelines/${id}?version=1`, { method: 'DELETE' }))).status).toBe(409);
    expect((await t.request(`/api/pipelines/${id}?version=2`, { method: 'DELETE' })).status).toBe(204);
    expect((await t.json(`/api/pipelines/${id}`)).status).toBe(404);
  });

  it('gives a work without a district the district its line starts in', async () => {
    const [nankang] = await t.db.query<{ lon: number; lat: number }>(
      `SELECT ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM regions WHERE code = '360703'`,
    );
    const start: [number, number] = [nankang!.lon, nankang!.lat];
    const res = await send('POST', '/api/pipelines', work({ districtCode: undefined, geometry: { type: 'LineString', coordinates: [start, offset(start, 30, 0)] } }));
    expect(res.status).toBe(201);
    expect(res.body.properties.districtCode).toBe('360703');
    await t.db.query('DELETE FROM pipeline_works WHERE id = $1', [res.body.properties.id]);
  });

  it.each([
    ['a line with one point', { geometry: { type: 'LineString', coordinates: [[117, 30.2]] } }, 'geometry.coordinates', /at least two points/],
    ['a line with two equal points', { geometry: { type: 'LineString', coordinates: [[117, 30.2], [117, 30.2]] } }, 'geometry.coordinates', /two distinct points/],
    ['a longitude out of range', { geometry: { type: 'LineString', coordinates: [[181, 30.2], [117, 30.2]] } }, 'geometry.coordinates.0', /longitude/],
    ['a latitude out of range', { geometry: { type: 'LineString', coordinates: [[117, 95], [117, 30.2]] } }, 'geometry.coordinates.0', /latitude/],
    ['an end before the start', { startDate: '2025-05-01', endDate: '2025-04-30' }, 'endDate', /before the start/],
    ['an unknown utility', { utility: 'steam' }, 'utility', /must be one of/],
    ['a point instead of a line', { geometry: { type: 'Point', coordinates: [117, 30.2] } }, 'geometry.type', /LineString/],
    ['an impossible date', { startDate: '2025-02-30' }, 'startDate', /calendar date/],
  ])('rejects %s with 422 naming the field, saving nothing', async (_, over, field, message) => {
    const res = await unchanged(() => send('POST', '/api/pipelines', work(over)));
    expect(res.status).toBe(422);
    expect(res.body.error.details).toContainEqual({ field, message: expect.stringMatching(message) });
  });

  it('rejects an unknown estate with 422, saving nothing', async () => {
    const res = await unchanged(() => send('POST', '/api/pipelines', work({ estateId: 999999 })));
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([{ field: 'estateId', message: 'no estate with id 999999' }]);
  });

  it('requires the version on update (400)', async () => {
    const created = await send('POST', '/api/pipelines', work());
    const res = await unchanged(() => send('PUT', `/api/pipelines/${created.body.properties.id}`, work()));
    expect(res.status).toBe(400);
    await t.db.query('DELETE FROM pipeline_works WHERE id = $1', [created.body.properties.id]);
  });
});

describe('POST /api/pipelines/import', () => {
  const wkt = (...pts: [number, number][]) => `"LINESTRING(${pts.map((p) => offset(O, ...p).join(' ')).join(', ')})"`;

  it('imports a CSV with WKT lines, all rows', async () => {
    const text = [
      'utility,owner,district_code,start_date,end_date,status,wkt',
      `water,测试自来水公司,${DISTRICT},2025-06-01,2025-06-30,planned,${wkt([0, 100], [50, 100])}`,
      `telecom,中国联通测试分公司,${DISTRICT},2025-06-10,2025-07-10,,${wkt([0, 200], [0, 260], [40, 260])}`,
    ].join('\n');
    const res = await upload('works.csv', text);
    expect(res.status).toBe(201);
    expect(res.body.imported).toBe(2);
    const byId = new Map((await districtWorks()).map((f) => [f.id, f.properties]));
    expect(byId.get(res.body.ids[0]!)).toMatchObject({ utility: 'water', status: 'planned' });
    expect(byId.get(res.body.ids[0]!)!.lengthMeters).toBeCloseTo(50, 0);
    expect(byId.get(res.body.ids[1]!)).toMatchObject({ utility: 'telecom', owner: '中国联通测试分公司', startDate: '2025-06-10' });
    expect(byId.get(res.body.ids[1]!)!.lengthMeters).toBeCloseTo(100, 0);
  });

  it('imports a CSV of lon/lat vertex rows grouped by work, in Chinese headers', async () => {
    const v = (e: number, n: number) => offset(O, e, n).join(',');
    const text = [
      '编号,管线类型,权属单位,区县代码,计划开工,计划完工,经度,纬度',
      `w1,power,测试供电公司,${DISTRICT},2025-08-01,2025-08-31,${v(0, 300)}`,
      `w1,,,,,,${v(30, 300)}`,
      `w1,,,,,,${v(30, 340)}`,
      `w2,gas,测试燃气公司,${DISTRICT},2025-08-01,2025-09-30,${v(0, 400)}`,
      `w2,,,,,,${v(25, 400)}`,
    ].join('\n');
    const res = await upload('顶点.csv', text);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.imported).toBe(2);
    const byId = new Map((await districtWorks()).map((f) => [f.id, f]));
    expect(byId.get(res.body.ids[0]!)!.geometry.coordinates).toHaveLength(3);
    expect(byId.get(res.body.ids[0]!)!.properties.lengthMeters).toBeCloseTo(70, 0);
    expect(byId.get(res.body.ids[1]!)!.properties).toMatchObject({ utility: 'gas', endDate: '2025-09-30' });
  });

  it('imports a GeoJSON FeatureCollection', async () => {
    const fc = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { utility: 'cable_tv', owner: '测试广电网络公司', districtCode: DISTRICT, startDate: '2025-10-01', endDate: '2025-10-20' }, geometry: lineAt(O, [0, 500], [10, 500]) },
      ],
    };
    const res = await upload('works.geojson', JSON.stringify(fc));
    expect(res.status).toBe(201);
    expect(res.body.imported).toBe(1);
  });

  it('rejects a CSV with bad rows: 422 listing each row, field and reason, nothing saved', async () => {
    const text = [
      'utility,owner,district_code,start_date,end_date,wkt',
      `water,测试自来水公司,${DISTRICT},2025-06-01,2025-06-30,${wkt([0, 600], [50, 600])}`,
      `water,测试自来水公司,${DISTRICT},2025-06-01,2025-06-30,"LINESTRING(117 30.2)"`,
      `water,测试自来水公司,${DISTRICT},2025-06-01,2025-06-30,"LINESTRING(200 30.2, 117 30.2)"`,
      `gas,测试燃气公司,${DISTRICT},2025-07-01,2025-06-30,${wkt([0, 700], [50, 700])}`,
      `steam,测试热力公司,${DISTRICT},2025-06-01,2025-06-30,${wkt([0, 800], [50, 800])}`,
    ].join('\n');
    const res = await unchanged(() => upload('bad.csv', text));
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([
      { row: 3, field: 'geometry.coordinates', message: 'a line needs at least two points' },
      { row: 4, field: 'geometry.coordinates.0', message: 'longitude must be between -180 and 180' },
      { row: 5, field: 'endDate', message: 'the end date is before the start date' },
      { row: 6, field: 'utility', message: expect.stringMatching(/must be one of water, drainage/) },
    ]);
  });

  it('rejects a GeoJSON with a bad feature: 422 naming the feature index, nothing saved', async () => {
    const good = { type: 'Feature', properties: { utility: 'water', owner: 'x', districtCode: DISTRICT, startDate: '2025-01-01', endDate: '2025-01-02' }, geometry: lineAt(O, [0, 900], [10, 900]) };
    const bad = { ...good, geometry: { type: 'LineString', coordinates: [[117, 91], [117, 30]] } };
    const res = await unchanged(() => upload('bad.geojson', JSON.stringify({ type: 'FeatureCollection', features: [good, bad] })));
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([{ feature: 1, field: 'geometry.coordinates.0', message: 'latitude must be between -90 and 90' }]);
  });

  it('rejects an unknown estate in a file with its row, nothing saved', async () => {
    const text = ['utility,owner,estate_id,start_date,end_date,wkt', `water,测试自来水公司,987654,2025-06-01,2025-06-30,${wkt([0, 1000], [50, 1000])}`].join('\n');
    const res = await unchanged(() => upload('estate.csv', text));
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([{ row: 2, field: 'estateId', message: 'no estate with id 987654' }]);
  });

  it('rejects a file type it cannot read with 415', async () => {
    expect((await unchanged(() => upload('works.xlsx', 'x'))).status).toBe(415);
  });
});
