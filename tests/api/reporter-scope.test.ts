import { VectorTile } from '@mapbox/vector-tile';
import type { FeatureCollection } from 'geojson';
import Pbf from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgressReport } from '../../shared/progress/contract.ts';
import { testApp, type Client, type TestApp } from './support/test-app.ts';

/**
 * A reporter (街道/建设单位) sees and reports for the estates of their own street or district
 * only: the demo reporter-360703 for 南康区, and a street reporter made here for 蓉江街道.
 */
let t: TestApp;
let district: Client;
let street: Client;
let nankang: { id: number; street_code: string }[];
let streetCode: string;

beforeAll(async () => {
  t = await testApp();
  district = await t.as('reporter');
  nankang = await t.db.query(`SELECT id, street_code FROM estates WHERE district_code = '360703' ORDER BY id`);
  // The street with most estates, and a street reporter for it.
  streetCode = (await t.db.query<{ s: string }>(`SELECT street_code AS s FROM estates WHERE district_code = '360703' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`))[0]!.s;
  await t.db.query(`INSERT INTO users (username, password_hash, role, region_code) SELECT 'reporter-street', password_hash, 'reporter', $1 FROM users WHERE username = 'reporter-360703'`, [streetCode]);
  street = await t.login('reporter-street');
});
afterAll(async () => t?.close());

const ids = (fc: FeatureCollection) => fc.features.map((f) => Number(f.id)).sort((a, b) => a - b);

describe('reads', () => {
  it('says who the reporter is and which district their region lies in', () => {
    expect(district.me).toMatchObject({ role: 'reporter', region: { code: '360703', name: '南康区', level: 'district', districtCode: '360703' } });
    expect(street.me).toMatchObject({ role: 'reporter', region: { code: streetCode, level: 'street', districtCode: '360703' } });
  });

  it('lists only the estates of the reporter\'s region', async () => {
    const all = await district.json<FeatureCollection>('/api/estates?district=360703');
    expect(all.status).toBe(200);
    expect(ids(all.body)).toEqual(nankang.map((e) => e.id));
    const mine = await street.json<FeatureCollection>('/api/estates?district=360703');
    const expected = nankang.filter((e) => e.street_code === streetCode).map((e) => e.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(nankang.length);
    expect(ids(mine.body)).toEqual(expected);
    // Without a district the whole country is asked for: still only their own.
    expect(ids((await street.json<FeatureCollection>('/api/estates')).body)).toEqual(expected);
    // The admin sees them all.
    expect(ids((await t.json<FeatureCollection>('/api/estates?district=360703')).body)).toEqual(nankang.map((e) => e.id));
  });

  it('refuses another district, another street\'s estate, and tiles of another district', async () => {
    const other = await district.json<{ error: { code: string } }>('/api/estates?district=150302');
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('outside_region');
    const foreign = nankang.find((e) => e.street_code !== streetCode)!.id;
    expect((await street.request(`/api/estates/${foreign}`)).status).toBe(403);
    expect((await street.request(`/api/estates/${nankang.find((e) => e.street_code === streetCode)!.id}`)).status).toBe(200);
    expect((await district.request('/tiles/estates/14/13415/7004.mvt?district=150302')).status).toBe(403);
    expect((await district.request('/tiles/estates/14/13415/7004.mvt')).status).toBe(403);
    expect([200, 204]).toContain((await district.request('/tiles/estates/14/13415/7004.mvt?district=360703')).status);
  });

  it('lists only the programmes of the reporter\'s district', async () => {
    const res = await district.json<{ key: string; districtCodes: string[] }[]>('/api/programmes');
    expect(res.body.length).toBeGreaterThan(0);
    expect(res.body.every((p) => p.districtCodes.includes('360703'))).toBe(true);
    const everyone = await t.json<unknown[]>('/api/programmes');
    expect(everyone.body.length).toBeGreaterThan(res.body.length);
  });

  it('reads report history of own estates only, and trims a month\'s list to them', async () => {
    const own = nankang.find((e) => e.street_code === streetCode)!.id;
    const foreign = nankang.find((e) => e.street_code !== streetCode)!.id;
    expect((await street.request(`/api/reports?estateId=${own}`)).status).toBe(200);
    expect((await street.request(`/api/reports?estateId=${foreign}`)).status).toBe(403);
    const admin = await t.json<{ reports: ProgressReport[] }>('/api/reports?period=2024-09');
    const mine = await street.json<{ reports: ProgressReport[] }>('/api/reports?period=2024-09');
    const ownIds = new Set(nankang.filter((e) => e.street_code === streetCode).map((e) => e.id));
    expect(mine.body.reports).toEqual(admin.body.reports.filter((r) => ownIds.has(r.estateId)));
    expect(admin.body.reports.length).toBeGreaterThan(mine.body.reports.length);
  });

  it('gives a street reporter map tiles of their street\'s estates and buildings only, and pipelines and zones tiles to no reporter', async () => {
    // The z12 tile over the district's estates, which holds estates of several streets.
    const [c] = await t.db.query<{ lon: number; lat: number }>(`SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_Centroid(ST_Collect(geom)) AS p FROM estates WHERE district_code = '360703') c`);
    const tile = (z: number) => {
      const n = 2 ** z;
      const lat = (c!.lat * Math.PI) / 180;
      return `${z}/${Math.floor(((c!.lon + 180) / 360) * n)}/${Math.floor(((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2) * n)}`;
    };
    const idsIn = async (who: Client, path: string, layer: string, key: string) => {
      const res = await who.request(path);
      expect([path, res.status]).toEqual([path, 200]);
      const vt = new VectorTile(new Pbf(new Uint8Array(await res.arrayBuffer())) as unknown as ConstructorParameters<typeof VectorTile>[0]);
      const l = vt.layers[layer];
      return new Set(Array.from({ length: l?.length ?? 0 }, (_, i) => Number(key === 'id' ? l!.feature(i).id : l!.feature(i).properties[key])));
    };
    const own = new Set(nankang.filter((e) => e.street_code === streetCode).map((e) => e.id));
    const q = `district=360703&region=${streetCode}`;
    const whole = await idsIn(district, `/tiles/estates/${tile(12)}.mvt?district=360703`, 'estates', 'id');
    expect([...whole].some((id) => !own.has(id))).toBe(true); // the district reporter sees the other streets
    const mine = await idsIn(street, `/tiles/estates/${tile(12)}.mvt?${q}`, 'estates', 'id');
    expect(mine.size).toBeGreaterThan(0);
    expect([...mine].filter((id) => !own.has(id))).toEqual([]);
    const buildings = await idsIn(street, `/tiles/buildings/${tile(14)}.mvt?${q}`, 'buildings', 'estateId');
    expect([...buildings].filter((id) => !own.has(id))).toEqual([]);

    // Without their street, or with another one, a street reporter's tile request is refused.
    const other = nankang.find((e) => e.street_code !== streetCode)!.street_code;
    for (const path of [`/tiles/estates/${tile(12)}.mvt?district=360703`, `/tiles/estates/${tile(12)}.mvt?district=360703&region=${other}`, `/tiles/buildings/${tile(14)}.mvt?district=360703`]) {
      const res = await street.request(path);
      expect([path, res.status]).toEqual([path, 403]);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain(streetCode);
    }
    // Pipeline works and zones are staff's (their APIs refuse reporters): so are their tiles.
    for (const who of [district, street]) {
      for (const layer of ['pipelines', 'zones']) {
        expect((await who.request(`/tiles/${layer}/${tile(14)}.mvt?${q}`)).status, layer).toBe(403);
      }
    }
    expect((await (await t.as('admin')).request(`/tiles/pipelines/${tile(14)}.mvt?district=360703`)).status).toBe(200);
  });

  it('keeps the dashboards, zones and pipelines from reporters', async () => {
    for (const path of ['/api/stats/ranking?parent=360703&year=2024', '/api/stats/lagging?parent=360703&year=2024', '/api/zones', '/api/pipelines?district=360703', '/api/audit']) {
      expect((await district.request(path)).status, path).toBe(403);
    }
  });
});

describe('writes', () => {
  const report = (estateId: number, progressPct: number) => ({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ estateId, period: '2025-02', phase: 'construction', progressPct, completed: false, note: 'scope test' }),
  });

  it('files a report for an estate of their street, recorded under their name', async () => {
    const own = nankang.find((e) => e.street_code === streetCode)!.id;
    const res = await street.json<{ report: ProgressReport }>('/api/reports', report(own, 42));
    expect(res.status).toBe(201);
    expect(res.body.report).toMatchObject({ estateId: own, progressPct: 42, submittedBy: 'reporter-street' });
  });

  it('refuses a report for another street\'s estate, or another district\'s, and writes nothing', async () => {
    const foreign = nankang.find((e) => e.street_code !== streetCode)!.id;
    const [wuhai] = await t.db.query<{ id: number }>(`SELECT id FROM estates WHERE district_code <> '360703' LIMIT 1`);
    const [before] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM progress_reports');
    for (const [who, estateId] of [[street, foreign], [district, wuhai!.id], [street, wuhai!.id]] as const) {
      const res = await who.json<{ error: { code: string; message: string } }>('/api/reports', report(estateId, 50));
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('outside_region');
      expect(res.body.error.message).toMatch(/outside/);
    }
    expect(await t.db.query('SELECT count(*)::int AS n FROM progress_reports')).toEqual([before]);
  });

  it('leaves a malformed report to the handler\'s 400 and an unknown estate to its 404', async () => {
    expect((await street.request('/api/reports', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"estateId":' })).status).toBe(400);
    expect((await street.request('/api/reports', report(99999999, 10))).status).toBe(404);
  });
});
