import { readFileSync } from 'node:fs';
import { VectorTile } from '@mapbox/vector-tile';
import Pbf from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage } from '../../shared/audit/contract.ts';
import { databaseFingerprint, testApp, type Client, type TestApp } from './support/test-app.ts';

/**
 * Placing an estate that has no red line (待落图): a provisional point a planner clicks, kept in
 * estates.location, versioned and audited; the estates list, the tiles and the programme's extent
 * carry it; a red line saved later replaces it.
 */
let t: TestApp;
let planner: Client;
let ids: number[]; // the 28 estates of Nankang's table imported for 2025: no red lines
let redLined: number; // a Nankang 2024 estate with its (synthetic) red line
const PLAN = readFileSync(new URL('../../geodata/seeds/nankang-2024-plan.csv', import.meta.url));
const AT: [number, number] = [114.7612345, 25.6598765];

type Feature = { id: number; geometry: { type: string; coordinates: unknown } | null; properties: { placement: string; version: number; synthetic: boolean; attributes: unknown } };
type Estate = Feature & { buildings: { features: unknown[] } };

const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const put = (c: Client, id: number, body: unknown) => c.json<Estate & { error?: { code: string; details: unknown } }>(`/api/estates/${id}/location`, json('PUT', body));
const version = async (id: number) => (await t.json<Estate>(`/api/estates/${id}`)).body.properties.version;
const stored = async (id: number) =>
  (await t.db.query<{ lon: number | null; lat: number | null; version: number }>(`SELECT ST_X(location) AS lon, ST_Y(location) AS lat, version FROM estates WHERE id = $1`, [id]))[0]!;

beforeAll(async () => {
  t = await testApp();
  planner = await t.as('planner');
  const fd = new FormData();
  fd.set('file', new File([PLAN], 'nankang-2024-plan.csv'));
  fd.set('region', '360703');
  fd.set('year', '2025');
  const res = await planner.request('/api/import/plan', { method: 'POST', body: fd });
  expect(res.status).toBe(201);
  ids = (await t.db.query<{ id: number }>(`SELECT e.id FROM estates e JOIN plans p ON p.id = e.plan_id WHERE p.year = 2025 AND p.region_code = '360703' ORDER BY e.id`)).map((r) => r.id);
  expect(ids).toHaveLength(28);
  redLined = (await t.db.query<{ id: number }>(`SELECT e.id FROM estates e JOIN plans p ON p.id = e.plan_id WHERE p.slug = 'nankang-2024' ORDER BY e.id LIMIT 1`))[0]!.id;
});
afterAll(async () => t?.close());

describe('PUT /api/estates/:id/location', () => {
  it('sets the provisional point at the version read, bumps the version and answers the estate with it', async () => {
    const id = ids[0]!;
    const before = await version(id);
    const res = await put(planner, id, { lon: AT[0], lat: AT[1], version: before });
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(id);
    expect(res.body.geometry).toEqual({ type: 'Point', coordinates: AT });
    expect(res.body.properties).toMatchObject({ placement: 'provisional_point', version: before + 1, synthetic: false });
    expect(await stored(id)).toEqual({ lon: AT[0], lat: AT[1], version: before + 1 });

    // Moving it again is the same call at the new version.
    const moved = await put(planner, id, { lon: AT[0] + 0.001, lat: AT[1], version: before + 1 });
    expect(moved.status).toBe(200);
    expect((await stored(id)).lon).toBeCloseTo(AT[0] + 0.001, 9);
  });

  it('409 with the current version when someone placed it since; nothing changes', async () => {
    const id = ids[1]!;
    const v = await version(id);
    expect((await put(planner, id, { lon: AT[0], lat: AT[1], version: v })).status).toBe(200);
    const before = await databaseFingerprint(t.db);
    const stale = await put(planner, id, { lon: 114.8, lat: 25.7, version: v });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'stale_version', details: { currentVersion: v + 1 } });
    expect(await databaseFingerprint(t.db)).toEqual(before);
  });

  it('refuses coordinates that are not numbers or not in China, and unknown or malformed ids, changing nothing', async () => {
    const id = ids[2]!;
    const v = await version(id);
    const before = await databaseFingerprint(t.db);
    const cases: [unknown, number, RegExp][] = [
      [{ lon: '114.76', lat: AT[1], version: v }, 400, /lon/],
      [{ lon: AT[0], version: v }, 400, /lat/],
      [{ lon: AT[0], lat: AT[1] }, 400, /version/],
      [{ lon: AT[0], lat: AT[1], version: v, name: 'x' }, 400, /name|unrecognized/i],
      [{ lon: 200, lat: AT[1], version: v }, 400, /lon/],
      [{ lon: AT[0], lat: -95, version: v }, 400, /lat/],
      [[AT[0], AT[1]], 400, /./],
      [{ lon: 2.35, lat: 48.85, version: v }, 422, /China/],
      // In China, but in Inner Mongolia (Wuhai), not in 江西省 where the estate is.
      [{ lon: 106.82, lat: 39.67, version: v }, 422, /江西省/],
    ];
    for (const [body, status, message] of cases) {
      const res = await put(planner, id, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect((res.body as unknown as { error: { message: string } }).error.message, JSON.stringify(body)).toMatch(message);
    }
    expect((await planner.request(`/api/estates/${id}/location`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"lon":' })).status).toBe(400);
    expect((await put(planner, 99999999, { lon: AT[0], lat: AT[1], version: 1 })).status).toBe(404);
    expect((await put(planner, 0, { lon: AT[0], lat: AT[1], version: 1 })).status).toBe(400);
    expect(await databaseFingerprint(t.db)).toEqual(before);
  });

  it('409 for an estate that has a red line: a provisional point is for estates without one', async () => {
    const v = await version(redLined);
    const before = await databaseFingerprint(t.db);
    const res = await put(planner, redLined, { lon: AT[0], lat: AT[1], version: v });
    expect(res.status).toBe(409);
    expect(res.body.error!.code).toBe('has_red_line');
    expect(await databaseFingerprint(t.db)).toEqual(before);
  });

  it('planners, designers and admins may place; leaders and reporters get 403 and change nothing', async () => {
    const id = ids[3]!;
    for (const role of ['admin', 'planner', 'designer'] as const) {
      const res = await put(await t.as(role), id, { lon: AT[0], lat: AT[1] + 0.001, version: await version(id) });
      expect(res.status, role).toBe(200);
    }
    for (const role of ['leader', 'reporter'] as const) {
      const who = await t.as(role);
      const before = await databaseFingerprint(t.db);
      const res = await put(who, id, { lon: AT[0], lat: AT[1], version: await version(id) });
      expect(res.status, role).toBe(403);
      expect(await databaseFingerprint(t.db)).toEqual(before);
    }
  });

  it('is audited: who, the request, and the point before and after as GeoJSON', async () => {
    const id = ids[4]!;
    const v = await version(id);
    const designer = await t.as('designer');
    expect((await put(designer, id, { lon: AT[0], lat: AT[1], version: v })).status).toBe(200);
    const page = await t.json<AuditPage>(`/api/audit?table=estates&rowId=${id}`);
    const [row] = page.body.entries;
    expect(row).toMatchObject({ action: 'update', actor: 'designer', request: `PUT /api/estates/${id}/location` });
    expect(row!.before).toMatchObject({ location: null, version: v });
    expect(row!.after).toMatchObject({ location: { type: 'Point', coordinates: AT }, version: v + 1 });
  });
});

describe('DELETE /api/estates/:id/location', () => {
  it('clears the point at the version read: the estate is 待落图 again; stale or pointless clears are 409', async () => {
    const id = ids[5]!;
    const reporter = await t.as('reporter');
    let v = await version(id);
    expect((await put(planner, id, { lon: AT[0], lat: AT[1], version: v })).status).toBe(200);
    v += 1;
    let before = await databaseFingerprint(t.db);
    const stale = await planner.json<{ error: { code: string } }>(`/api/estates/${id}/location?version=${v - 1}`, { method: 'DELETE' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_version');
    expect((await planner.request(`/api/estates/${id}/location?version=abc`, { method: 'DELETE' })).status).toBe(400);
    expect((await planner.request(`/api/estates/${id}/location`, { method: 'DELETE' })).status).toBe(400);
    expect((await reporter.request(`/api/estates/${id}/location?version=${v}`, { method: 'DELETE' })).status).toBe(403);
    expect(await databaseFingerprint(t.db)).toEqual(before);

    const cleared = await planner.json<Estate>(`/api/estates/${id}/location?version=${v}`, { method: 'DELETE' });
    expect(cleared.status).toBe(200);
    expect(cleared.body.geometry).toBeNull();
    expect(cleared.body.properties).toMatchObject({ placement: 'unplaced', version: v + 1 });
    expect(await stored(id)).toEqual({ lon: null, lat: null, version: v + 1 });

    before = await databaseFingerprint(t.db);
    const again = await planner.json<{ error: { code: string } }>(`/api/estates/${id}/location?version=${v + 1}`, { method: 'DELETE' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('not_placed');
    expect(await databaseFingerprint(t.db)).toEqual(before);
  });
});

describe('where the point shows', () => {
  it('GET /api/estates: geometry is the red line, else the point, else null, with placement saying which', async () => {
    const id = ids[6]!;
    expect((await put(planner, id, { lon: AT[0], lat: AT[1], version: await version(id) })).status).toBe(200);
    const list = await t.json<{ features: Feature[] }>('/api/estates?district=360703');
    const byId = new Map(list.body.features.map((f) => [f.id, f]));
    expect(byId.get(id)).toMatchObject({ geometry: { type: 'Point', coordinates: AT }, properties: { placement: 'provisional_point', attributes: [] } });
    expect(byId.get(redLined)).toMatchObject({ geometry: { type: 'MultiPolygon' }, properties: { placement: 'red_line', synthetic: true } });
    const unplaced = list.body.features.filter((f) => f.properties.placement === 'unplaced');
    expect(unplaced.length).toBeGreaterThan(0);
    for (const f of unplaced) {
      expect(f.geometry).toBeNull();
      expect(f.properties.synthetic).toBe(false);
    }
    // Every estate is one of the three, and agrees with the table.
    const counts = await t.db.query<{ placement: string; n: number }>(
      `SELECT CASE WHEN geom IS NOT NULL THEN 'red_line' WHEN location IS NOT NULL THEN 'provisional_point' ELSE 'unplaced' END AS placement, count(*)::int AS n
       FROM estates WHERE district_code = '360703' GROUP BY 1`,
    );
    for (const { placement, n } of counts) expect(list.body.features.filter((f) => f.properties.placement === placement), placement).toHaveLength(n);

    // A bbox filter finds the point too.
    const near = await t.json<{ features: Feature[] }>(`/api/estates?district=360703&year=2025&bbox=${AT[0] - 0.0001},${AT[1] - 0.0001},${AT[0] + 0.0001},${AT[1] + 0.0001}`);
    expect(near.body.features.map((f) => f.id)).toContain(id);
    expect((await t.json<Estate>(`/api/estates/${id}`)).body).toMatchObject({ geometry: { type: 'Point' }, properties: { placement: 'provisional_point' }, buildings: { features: [] } });
  });

  it('estate tiles carry the point, at every zoom, with placement and the colour figures', async () => {
    const id = ids[6]!;
    for (const z of [8, 12, 16]) {
      const n = 2 ** z;
      const x = Math.floor(((AT[0] + 180) / 360) * n);
      const r = (AT[1] * Math.PI) / 180;
      const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
      const res = await t.request(`/tiles/estates/${z}/${x}/${y}.mvt?district=360703&year=2025`);
      expect(res.status, `z${z}`).toBe(200);
      const layer = new VectorTile(new Pbf(new Uint8Array(await res.arrayBuffer())) as unknown as ConstructorParameters<typeof VectorTile>[0]).layers.estates!;
      const features = Array.from({ length: layer.length }, (_, i) => layer.feature(i));
      const f = features.find((k) => Number(k.id) === id)!;
      expect(f, `z${z}`).toBeDefined();
      expect(f.type).toBe(1);
      expect(f.properties).toMatchObject({ placement: 'provisional_point', synthetic: false });
      const [lon, lat] = (f.toGeoJSON(x, y, z).geometry as unknown as { coordinates: [number, number] }).coordinates;
      // Within one tile unit (1/4096 of the tile) of where it was put.
      expect(Math.abs(lon - AT[0])).toBeLessThan(360 / n / 4096 * 1.5);
      expect(Math.abs(lat - AT[1])).toBeLessThan(360 / n / 4096 * 1.5);
      // Only placed estates are in tiles.
      expect(features.every((k) => k.properties.placement === 'provisional_point' || k.properties.placement === 'red_line')).toBe(true);
    }
  });

  it('the programme’s extent follows its placed estates: none placed, null; points and red lines, their extent', async () => {
    type Programme = { key: string; bbox: [number, number, number, number] | null };
    const key = (await t.db.query<{ slug: string }>(`SELECT slug FROM plans WHERE year = 2025 AND region_code = '360703'`))[0]!.slug;
    const extent = async () => (await t.json<Programme[]>('/api/programmes')).body.find((p) => p.key === key)!.bbox;
    const [e] = await t.db.query<{ minx: number; miny: number; maxx: number; maxy: number }>(
      `SELECT ST_XMin(x)::float8 AS minx, ST_YMin(x)::float8 AS miny, ST_XMax(x)::float8 AS maxx, ST_YMax(x)::float8 AS maxy
       FROM (SELECT ST_Extent(location) AS x FROM estates WHERE id = ANY($1::int[])) s`, [ids]);
    expect(await extent()).toEqual([e!.minx, e!.miny, e!.maxx, e!.maxy]);
  });

  it('saving a red line replaces the point: the estate is placed by its red line and the point is cleared (kept in the audit trail)', async () => {
    const id = ids[7]!;
    const v = await version(id);
    expect((await put(planner, id, { lon: AT[0], lat: AT[1], version: v })).status).toBe(200);
    const d = 0.0004;
    const ring = [[AT[0] - d, AT[1] - d], [AT[0] + d, AT[1] - d], [AT[0] + d, AT[1] + d], [AT[0] - d, AT[1] + d], [AT[0] - d, AT[1] - d]];
    const drawn = await (await t.as('designer')).request(`/api/estates/${id}/geometry`, json('PUT', { version: v + 1, geometry: { type: 'Polygon', coordinates: [ring] } }));
    expect(drawn.status).toBe(200);
    expect(await stored(id)).toMatchObject({ lon: null, lat: null, version: v + 2 });
    const now = (await t.json<Estate>(`/api/estates/${id}`)).body;
    expect(now.geometry!.type).toBe('MultiPolygon');
    expect(now.properties).toMatchObject({ placement: 'red_line', synthetic: false });
    const [row] = (await t.json<AuditPage>(`/api/audit?table=estates&rowId=${id}`)).body.entries;
    expect(row!.before).toMatchObject({ location: { type: 'Point', coordinates: AT } });
    expect(row!.after).toMatchObject({ location: null });
  });
});
