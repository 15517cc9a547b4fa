import { VectorTile } from '@mapbox/vector-tile';
import Pbf from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from './support/test-app.ts';

// Vector tiles are decoded here with an independent decoder (@mapbox/vector-tile) and checked
// against the rows in the database; tile math is done here in JS, not with PostGIS.

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());

const NANKANG = '360703';

function tileOf(lon: number, lat: number, z: number) {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const r = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return { z, x, y };
}

/** The tile's lon/lat bounds grown by the 64/4096 buffer, as the server must include it. */
function bufferedBounds(z: number, x: number, y: number) {
  const n = 2 ** z;
  const pad = 64 / 4096;
  const lon = (tx: number) => (tx / n) * 360 - 180;
  const lat = (ty: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * ty) / n))) * 180) / Math.PI;
  return { west: lon(x - pad), east: lon(x + 1 + pad), north: lat(y - pad), south: lat(y + 1 + pad) };
}

async function fetchTile(path: string, init?: RequestInit) {
  const res = await t.request(path, init);
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { res, tile: bytes.byteLength ? new VectorTile(new Pbf(bytes) as unknown as ConstructorParameters<typeof VectorTile>[0]) : null };
}

type Estate = { id: number; name: string; lon: number; lat: number; west: number; east: number; south: number; north: number };

async function someNankangEstate(): Promise<Estate> {
  const [e] = await t.db.query<Estate>(`
    SELECT id, name, ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat,
      ST_XMin(geom) AS west, ST_XMax(geom) AS east, ST_YMin(geom) AS south, ST_YMax(geom) AS north
    FROM estates WHERE district_code = $1 ORDER BY id LIMIT 1`, [NANKANG]);
  return e!;
}

describe('estate tiles', () => {
  it('carry every estate touching the tile, with the properties the map styles need, in the right place', async () => {
    const e = await someNankangEstate();
    const { z, x, y } = tileOf(e.lon, e.lat, 15);
    const { res, tile } = await fetchTile(`/tiles/estates/${z}/${x}/${y}.mvt`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
    const layer = tile!.layers.estates!;
    expect(layer.extent).toBe(4096);

    const b = bufferedBounds(z, x, y);
    const expected = await t.db.query<{ id: number }>(
      `SELECT id FROM estates WHERE ST_Intersects(geom, ST_MakeEnvelope($1, $2, $3, $4, 4326)) ORDER BY id`,
      [b.west, b.south, b.east, b.north],
    );
    const ids = Array.from({ length: layer.length }, (_, i) => Number(layer.feature(i).id)).sort((p, q) => p - q);
    expect(ids).toEqual(expected.map((r) => r.id));

    const api = await t.json<{ features: { id: number; properties: Record<string, unknown> }[] }>(`/api/estates?district=${NANKANG}`);
    const props = api.body.features.find((f) => f.id === e.id)!.properties;
    const i = ids.indexOf(e.id);
    const feature = Array.from({ length: layer.length }, (_, k) => layer.feature(k)).find((f) => Number(f.id) === e.id)!;
    expect(i).toBeGreaterThanOrEqual(0);
    expect(feature.type).toBe(3); // polygon at z15
    expect(feature.properties.name).toBe(e.name);
    expect(feature.properties.progressPct ?? null).toBe(props.progressPct);
    if (props.investmentRate === null) expect(feature.properties.investmentRate).toBeUndefined();
    else expect(feature.properties.investmentRate).toBeCloseTo(props.investmentRate as number, 12);
    expect(feature.properties.synthetic).toBe(true);

    // Vector tile spec 4.3.4.4: an exterior ring has positive surveyor's-formula area in tile
    // coordinates (clockwise on screen, y down).
    const ring = feature.loadGeometry()[0]!;
    const area = ring.reduce((sum, p, k) => {
      const q = ring[(k + 1) % ring.length]!;
      return sum + p.x * q.y - q.x * p.y;
    }, 0);
    expect(area).toBeGreaterThan(0);

    // Geometry: the decoded outline's bounds match the red line's to within a tile pixel (~1 m at z15).
    const gj = feature.toGeoJSON(x, y, z);
    const coords = gj.geometry.type === 'Polygon' ? gj.geometry.coordinates.flat() : (gj.geometry as GeoJSON.MultiPolygon).coordinates.flat(2);
    const lons = coords.map((p) => p[0]!);
    const lats = coords.map((p) => p[1]!);
    const pixelDeg = 360 / 2 ** z / 4096;
    expect(Math.abs(Math.min(...lons) - e.west)).toBeLessThan(pixelDeg);
    expect(Math.abs(Math.max(...lons) - e.east)).toBeLessThan(pixelDeg);
    expect(Math.abs(Math.min(...lats) - e.south)).toBeLessThan(pixelDeg);
    expect(Math.abs(Math.max(...lats) - e.north)).toBeLessThan(pixelDeg);
  });

  it('send estates as points below zoom 12, and apply the year and district filters in the same SQL', async () => {
    const e = await someNankangEstate();
    const { z, x, y } = tileOf(e.lon, e.lat, 9);
    const { tile } = await fetchTile(`/tiles/estates/${z}/${x}/${y}.mvt`);
    const layer = tile!.layers.estates!;
    const all = Array.from({ length: layer.length }, (_, i) => layer.feature(i));
    expect(all.every((f) => f.type === 1)).toBe(true);
    const [{ n }] = (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM estates WHERE district_code = $1`, [NANKANG])) as [{ n: number }];
    const inDistrict = (await fetchTile(`/tiles/estates/${z}/${x}/${y}.mvt?district=${NANKANG}`)).tile!.layers.estates!;
    expect(inDistrict.length).toBe(n);
    // Nankang's plan is for 2024: filtering on another year leaves the tile empty (204).
    expect((await fetchTile(`/tiles/estates/${z}/${x}/${y}.mvt?district=${NANKANG}&year=2019`)).res.status).toBe(204);
    expect((await fetchTile(`/tiles/estates/${z}/${x}/${y}.mvt?district=${NANKANG}&year=2024`)).tile!.layers.estates!.length).toBe(n);
  });
});

describe('programme filter', () => {
  it('takes several districts at once (Wuhai 2021 spans three)', async () => {
    const rows = await t.db.query<{ id: number; lon: number; lat: number; district_code: string; year: number }>(`
      SELECT e.id, ST_X(ST_PointOnSurface(e.geom)) AS lon, ST_Y(ST_PointOnSurface(e.geom)) AS lat, e.district_code, p.year
      FROM estates e JOIN plans p ON p.id = e.plan_id WHERE e.district_code LIKE '1503%'`);
    const wanted = rows.filter((r) => r.year === 2021);
    expect(new Set(wanted.map((r) => r.district_code)).size).toBe(3);
    const seen = new Set<number>();
    const others = new Set<number>();
    for (const r of wanted) {
      const { z, x, y } = tileOf(r.lon, r.lat, 9);
      const { tile } = await fetchTile(`/tiles/estates/${z}/${x}/${y}.mvt?district=150302,150303,150304&year=2021`);
      const layer = tile!.layers.estates!;
      for (let i = 0; i < layer.length; i++) {
        const f = layer.feature(i);
        (wanted.some((w) => w.id === Number(f.id)) ? seen : others).add(Number(f.id));
      }
    }
    expect(seen.size).toBe(wanted.length);
    expect([...others]).toEqual([]);
  });
});

describe('other layers', () => {
  it('draw buildings only from zoom 14, each with its estate', async () => {
    const e = await someNankangEstate();
    const low = tileOf(e.lon, e.lat, 13);
    expect((await fetchTile(`/tiles/buildings/${low.z}/${low.x}/${low.y}.mvt`)).res.status).toBe(204);
    const { z, x, y } = tileOf(e.lon, e.lat, 16);
    const { tile } = await fetchTile(`/tiles/buildings/${z}/${x}/${y}.mvt`);
    const layer = tile!.layers.buildings!;
    const feats = Array.from({ length: layer.length }, (_, i) => layer.feature(i));
    const own = await t.db.query<{ id: number; floors: number }>(`SELECT id, floors FROM buildings WHERE estate_id = $1`, [e.id]);
    const mine = feats.filter((f) => f.properties.estateId === e.id);
    expect(mine.length).toBeGreaterThan(0);
    for (const f of mine) expect(f.properties.floors).toBe(own.find((b) => b.id === Number(f.id))!.floors);
    // Coloured like their estate: they carry its latest progress.
    const estate = (await fetchTile(`/tiles/estates/${z}/${x}/${y}.mvt`)).tile!.layers.estates!;
    const estateProgress = Array.from({ length: estate.length }, (_, i) => estate.feature(i)).find((f) => Number(f.id) === e.id)!.properties.progressPct;
    for (const f of mine) expect(f.properties.progressPct).toBe(estateProgress);
  });

  it('label regions by level as the zoom allows', async () => {
    const [d] = await t.db.query<{ lon: number; lat: number }>(
      `SELECT ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM regions WHERE code = $1`, [NANKANG]);
    const { z, x, y } = tileOf(d!.lon, d!.lat, 10);
    const layer = (await fetchTile(`/tiles/regions/${z}/${x}/${y}.mvt`)).tile!.layers.regions!;
    const feats = Array.from({ length: layer.length }, (_, i) => layer.feature(i).properties);
    expect(feats).toContainEqual(expect.objectContaining({ code: NANKANG, name: '南康区', level: 'district' }));
    expect(feats.some((p) => p.level === 'street')).toBe(true);
    expect(feats.some((p) => p.level === 'community')).toBe(false);
  });

  it('answer an empty tile with 204', async () => {
    // Mid-Pacific.
    const { z, x, y } = tileOf(-160, 0, 12);
    expect((await fetchTile(`/tiles/estates/${z}/${x}/${y}.mvt`)).res.status).toBe(204);
  });
});

describe('caching', () => {
  it('gives an ETag, answers 304 when it matches, and serves new data after a write', async () => {
    const e = await someNankangEstate();
    const { z, x, y } = tileOf(e.lon, e.lat, 15);
    const path = `/tiles/estates/${z}/${x}/${y}.mvt`;
    const first = await fetchTile(path);
    const etag = first.res.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    expect(first.res.headers.get('cache-control')).toContain('no-cache');
    expect((await t.request(path, { headers: { 'If-None-Match': etag } })).status).toBe(304);

    await t.db.query(
      `INSERT INTO progress_reports (estate_id, period, revision, phase, progress_pct, source)
       VALUES ($1, '2026-10', 1, 'construction', 77.5, 'tiles test')`, [e.id]);
    // The change arrives as a NOTIFY after commit; wait for it (bounded), then the tile is new.
    let progress: unknown;
    for (let i = 0; i < 100 && progress !== 77.5; i++) {
      const { tile } = await fetchTile(path);
      const layer = tile!.layers.estates!;
      progress = Array.from({ length: layer.length }, (_, k) => layer.feature(k)).find((f) => Number(f.id) === e.id)?.properties.progressPct;
      if (progress !== 77.5) await new Promise((r) => setTimeout(r, 20));
    }
    expect(progress).toBe(77.5);
    const after = await t.request(path, { headers: { 'If-None-Match': etag } });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
  });
});

describe('bad tile requests', () => {
  it.each([
    ['/tiles/roads/10/1/1.mvt', 404, 'unknown_layer'],
    ['/tiles/estates/23/0/0.mvt', 400, 'bad_tile'],
    ['/tiles/estates/3/8/0.mvt', 400, 'bad_tile'],
    ['/tiles/estates/3/1/x.mvt', 400, 'bad_tile'],
    ['/tiles/estates/3/1/1.png', 400, 'bad_tile'],
    ['/tiles/estates/3/1/1.mvt?year=abc', 400, 'bad_request'],
    ["/tiles/estates/3/1/1.mvt?district=1'; DROP TABLE estates;--", 400, 'bad_request'],
    ['/tiles/estates/3/1/1.mvt?district=360703,', 400, 'bad_request'],
    ['/tiles/estates/3/1/1.mvt?colour=red', 400, 'bad_request'],
  ])('%s → %i', async (path, status, code) => {
    const { status: s, body } = await t.json<{ error: { code: string; message: string } }>(path);
    expect(s).toBe(status);
    expect(body.error.code).toBe(code);
    expect(body.error.message.length).toBeGreaterThan(10);
  });
});
