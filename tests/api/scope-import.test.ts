import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import type { FeatureCollection, Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportPreview } from '../../shared/scopes/contract.ts';
import { gdal, scratchDir, writeScratch } from './support/gdal.ts';
import { databaseFingerprint, testApp, type TestApp } from './support/test-app.ts';

// Estates drawn in metres in CGCS2000 / 3-degree Gauss–Krüger CM 114E (EPSG:4547) and stored in
// WGS 84. Surveyed files come back in other systems — zone 38 with its zone number in the easting
// (EPSG:4526: x + 38,000,000), plain WGS 84 — and must land on the metres the test intends.

let t: TestApp;
const GK = 4547;
const X0 = 510000;
const Y0 = 2850000;
const id = {} as Record<string, number> & Record<"jia" | "yi" | "bing" | "twinA" | "twinB", number>;
const dir = scratchDir('scope-import-');

const squareRing = (x: number, y: number, w: number): [number, number][] => [[x, y], [x + w, y], [x + w, y + w], [x, y + w], [x, y]];
const wktSquare = (x: number, y: number, w: number) => `MULTIPOLYGON(((${squareRing(x, y, w).map((p) => p.join(' ')).join(', ')})))`;

async function estate(key: string, name: string, plan: string, x: number) {
  const [row] = await t.db.query<{ id: number }>(
    `INSERT INTO estates (plan_id, name, district_code, street_code, source, geom, geom_synthetic)
     SELECT p.id, $1, '369997', '369997001', 'import fixture', ST_Transform(ST_SetSRID(ST_GeomFromText($2), ${GK}), 4326), true
     FROM plans p WHERE p.slug = $3 RETURNING id`,
    [name, wktSquare(x, Y0, 100), plan],
  );
  id[key] = row!.id;
}

beforeAll(async () => {
  t = await testApp();
  await t.db.query(`INSERT INTO regions (code, name, level, parent_code, code_source) VALUES ('369997', '导入测试区', 'district', '36', 'generated'), ('369997001', '导入测试街道', 'street', '369997', 'generated')`);
  await t.db.query(`INSERT INTO plans (slug, region_code, year, title, source) VALUES ('import-a', '369997', 2024, '导入测试计划A', 'import fixture'), ('import-b', '369997', 2025, '导入测试计划B', 'import fixture')`);
  await estate('jia', '红线甲', 'import-a', X0);
  await estate('yi', '红线乙', 'import-a', X0 + 200);
  await estate('bing', '红线丙', 'import-a', X0 + 400);
  await estate('twinA', '同名小区', 'import-a', X0 + 600);
  await estate('twinB', '同名小区', 'import-b', X0 + 800);
  await t.db.query(
    `INSERT INTO buildings (estate_id, number, floors, geom) VALUES ($1, 1, 6, ST_Transform(ST_SetSRID(ST_GeomFromText($2), ${GK}), 4326))`,
    [id.jia, wktSquare(X0 + 10, Y0 + 10, 20)],
  );
});
afterAll(async () => t?.close());

async function send(name: string, body: Uint8Array | string, fields: Record<string, string> = {}) {
  const form = new FormData();
  form.set('file', new File([typeof body === 'string' ? body : new Uint8Array(body)], name));
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return t.json<ImportPreview & { error?: { code: string; message: string; details?: unknown } }>('/api/import/scope', { method: 'POST', body: form });
}

/** Vertices of an estate's red line in EPSG:4547 metres. */
async function gkVertices(estateId: number): Promise<[number, number][]> {
  const rows = await t.db.query<{ x: number; y: number }>(
    `SELECT ST_X(d.geom) AS x, ST_Y(d.geom) AS y FROM estates e, ST_DumpPoints(ST_Transform(e.geom, ${GK})) d WHERE e.id = $1`,
    [estateId],
  );
  return rows.map((r) => [r.x, r.y]);
}

const near = (got: [number, number][], want: [number, number][], metres: number) => {
  for (const w of want) expect(got.some((g) => Math.hypot(g[0] - w[0], g[1] - w[1]) < metres), `vertex ${w} within ${metres} m`).toBe(true);
};

/** A zipped Shapefile built by GDAL from a GeoJSON of the given features, in `srs`. */
function shapefileZip(name: string, fc: object, ogrOptions: string[], keep: (file: string) => boolean = () => true): Uint8Array {
  const sub = scratchDir('shp-');
  const src = writeScratch(sub, 'in.geojson', JSON.stringify(fc));
  const r = gdal('ogr2ogr', ['-f', 'ESRI Shapefile', join(sub, `${name}.shp`), src, ...ogrOptions]);
  expect(r.stderr).toBe('');
  const files = Object.fromEntries(readdirSync(sub).filter((f) => f.startsWith(`${name}.`) && keep(f)).map((f) => [f, new Uint8Array(readFileSync(join(sub, f)))]));
  return zipSync(files);
}

function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

const zone38 = (ring: [number, number][]) => ring.map(([x, y]) => [x + 38_000_000, y]);

describe('POST /api/import/scope: a Shapefile in CGCS2000 Gauss–Krüger zone 38', () => {
  // 红线甲 surveyed 10 m east of where the generator put it; the attribute table is GBK.
  const surveyed = squareRing(X0 + 10, Y0, 100);
  // Built once: GDAL stamps the .dbf with the day and the zip its entries with the time, and a
  // confirmation must send the very bytes that were previewed.
  const zip = once(() =>
    shapefileZip(
      'survey',
      { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { 小区名称: '红线甲' }, geometry: { type: 'Polygon', coordinates: [zone38(surveyed)] } }] },
      ['-a_srs', 'EPSG:4526', '-lco', 'ENCODING=CP936'],
    ),
  );

  it('previews the match, area and shift from the .prj, writing nothing', async () => {
    const before = await databaseFingerprint(t.db);
    const { status, body } = await send('survey.zip', zip());
    expect(status).toBe(200);
    expect(body).toMatchObject({ mode: 'preview', format: 'shapefile', sourceCrs: 'CGCS2000_3_Degree_GK_Zone_38', counts: { matched: 1, new: 0, unmatched: 0, ambiguous: 0 } });
    expect(body.features[0]).toMatchObject({ index: 0, layer: 'estate', status: 'matched', matchedBy: 'name', estateId: id.jia, estateName: '红线甲', repairs: [] });
    expect(body.features[0]!.areaM2).toBeCloseTo(10000, 0);
    expect(body.features[0]!.shiftMeters).toBeCloseTo(10, 1);
    expect(body.token).toMatch(/^[0-9a-f]{64}$/);
    expect(await databaseFingerprint(t.db)).toEqual(before);
  });

  it('confirms into the right place (within 1 m), keeps the old red line in history, bumps the version and tells the tile caches', async () => {
    const before = await gkVertices(id.jia);
    const [{ version } = { version: 0 }] = await t.db.query<{ version: number }>(`SELECT version FROM estates WHERE id = $1`, [id.jia]);
    const preview = (await send('survey.zip', zip())).body;
    const notified: string[] = [];
    const stop = await t.db.listen('data_changed', (table) => notified.push(table));
    const { status, body } = await send('survey.zip', zip(), { mode: 'confirm', token: preview.token });
    expect(status).toBe(200);
    expect(body.written).toEqual({ estates: 1, buildings: 0, history: 1 });
    near(await gkVertices(id.jia), surveyed, 1);
    near(await gkVertices(id.jia), surveyed, 0.01); // in fact to the centimetre
    const [row] = await t.db.query<{ version: number; synthetic: boolean }>(`SELECT version, geom_synthetic AS synthetic FROM estates WHERE id = $1`, [id.jia]);
    expect(row).toEqual({ version: version + 1, synthetic: false });
    const history = await t.db.query<{ layer: string; version: number; by: string; same: boolean }>(
      `SELECT layer, version, replaced_by AS by, ST_HausdorffDistance(ST_Transform(geom, ${GK}), ST_SetSRID(ST_GeomFromText($2), ${GK})) < 0.01 AS same
       FROM geometry_history WHERE estate_id = $1`,
      [id.jia, wktSquare(X0, Y0, 100)],
    );
    expect(history).toHaveLength(1);
    expect(history[0]).toEqual({ layer: 'estate', version, by: 'import: survey.zip', same: true });
    near(before, squareRing(X0, Y0, 100), 0.01);
    // NOTIFY is delivered after commit; the embedded engine delivers it as the statement ends.
    for (let i = 0; i < 50 && !notified.includes('estates'); i++) await new Promise((r) => setTimeout(r, 20));
    await stop();
    expect(notified).toContain('estates');
    // The same token again: the estate has moved on, so the preview is stale.
    const again = await send('survey.zip', zip(), { mode: 'confirm', token: preview.token });
    expect(again.status).toBe(409);
    expect(again.body.error!.code).toBe('preview_stale');
  });

  it('reads a UTF-8 table without .cpg, and a file without .prj only when srid says the CRS', async () => {
    const noPrj = shapefileZip(
      'plain',
      { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: '红线乙' }, geometry: { type: 'Polygon', coordinates: [squareRing(X0 + 200, Y0, 100)] } }] },
      ['-lco', 'ENCODING=UTF-8'],
      (f) => !f.endsWith('.prj') && !f.endsWith('.cpg'),
    );
    const before = await databaseFingerprint(t.db);
    const refused = await send('plain.zip', noPrj);
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'no_crs' });
    expect(refused.body.error!.message).toContain('plain.shp has no .prj');
    expect(await databaseFingerprint(t.db)).toEqual(before);
    const { status, body } = await send('plain.zip', noPrj, { srid: '4547' });
    expect(status).toBe(200);
    expect(body.sourceCrs).toBe('EPSG:4547 (from the form)');
    expect(body.features[0]).toMatchObject({ status: 'matched', estateId: id.yi, estateName: '红线乙' });
    expect(body.features[0]!.shiftMeters).toBeLessThan(0.01);
  });
});

describe('POST /api/import/scope: GeoJSON', () => {
  /** A WGS84 ring of a square drawn in EPSG:4547 metres. */
  async function wgsRing(x: number, y: number, w: number, clockwise = false): Promise<number[][]> {
    const ring = clockwise ? [...squareRing(x, y, w)].reverse() : squareRing(x, y, w);
    const [row] = await t.db.query<{ g: string }>(`SELECT ST_AsGeoJSON(ST_Transform(ST_SetSRID(ST_GeomFromText($1), ${GK}), 4326), 9) AS g`, [
      `LINESTRING(${ring.map((p) => p.join(' ')).join(', ')})`,
    ]);
    return (JSON.parse(row!.g) as { coordinates: number[][] }).coordinates;
  }

  it('matches by id and by name, reports wrong winding and self-intersections it repairs, and lists unmatched and ambiguous features', async () => {
    const before = await databaseFingerprint(t.db);
    const bowTie = await wgsRing(X0 + 400, Y0, 100);
    // 0-1-2-3 → 0-2-1-3: a bow-tie (figure of eight), its two triangles meeting at the centre.
    const crossed = [bowTie[0]!, bowTie[2]!, bowTie[1]!, bowTie[3]!, bowTie[0]!];
    const fc: FeatureCollection<Polygon> = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { id: id.yi }, geometry: { type: 'Polygon', coordinates: [await wgsRing(X0 + 205, Y0, 100, true)] } },
        { type: 'Feature', properties: { name: '红线丙' }, geometry: { type: 'Polygon', coordinates: [crossed] } },
        { type: 'Feature', properties: { name: '同名小区' }, geometry: { type: 'Polygon', coordinates: [await wgsRing(X0 + 600, Y0, 90)] } },
        { type: 'Feature', properties: { name: '不存在的小区' }, geometry: { type: 'Polygon', coordinates: [await wgsRing(X0 + 1000, Y0, 90)] } },
        { type: 'Feature', properties: { id: id.jia, name: '红线乙' }, geometry: { type: 'Polygon', coordinates: [await wgsRing(X0, Y0, 100)] } },
      ],
    };
    const { status, body } = await send('mixed.geojson', JSON.stringify(fc));
    expect(status).toBe(200);
    expect(body.counts).toEqual({ matched: 2, new: 0, unmatched: 1, ambiguous: 2 });
    const [byId, repaired, twin, unknown, contradiction] = body.features;
    expect(byId).toMatchObject({ status: 'matched', matchedBy: 'id', estateId: id.yi, repairs: ['rewound: outline counter-clockwise, holes clockwise (RFC 7946 right-hand rule)'] });
    expect(byId!.shiftMeters).toBeCloseTo(5, 1);
    expect(repaired).toMatchObject({ status: 'matched', matchedBy: 'name', estateId: id.bing });
    expect(repaired!.repairs.join()).toMatch(/^made valid \(Self-intersection\[.*\]\): 1 part\(s\) became 2$/);
    expect(repaired!.areaM2).toBeCloseTo(5000, 0); // two triangles, a quarter of the square each
    expect(twin).toMatchObject({ status: 'ambiguous', estateId: null, reason: '2 estates are named 同名小区: pick one (or send plan)' });
    expect(twin!.candidates.map((c) => [c.id, c.planYear])).toEqual([
      [id.twinA, 2024],
      [id.twinB, 2025],
    ]);
    expect(unknown).toMatchObject({ status: 'unmatched', reason: 'no estate named 不存在的小区' });
    expect(contradiction).toMatchObject({ status: 'ambiguous', reason: `id ${id.jia} is 红线甲, but the name says 红线乙` });
    expect(await databaseFingerprint(t.db)).toEqual(before);

    // The planner picks the 2025 estate for feature 2; plan narrows names the same way.
    const assigned = await send('mixed.geojson', JSON.stringify(fc), { assign: JSON.stringify({ 2: id.twinB }) });
    expect(assigned.body.features[2]).toMatchObject({ status: 'matched', matchedBy: 'assign', estateId: id.twinB });
    const planned = await send('mixed.geojson', JSON.stringify(fc), { plan: String((await t.db.query<{ id: number }>(`SELECT id FROM plans WHERE slug = 'import-a'`))[0]!.id) });
    expect(planned.body.features[2]).toMatchObject({ status: 'matched', matchedBy: 'name', estateId: id.twinA });

    const confirmed = await send('mixed.geojson', JSON.stringify(fc), { assign: JSON.stringify({ 2: id.twinB }), mode: 'confirm', token: assigned.body.token });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.written).toEqual({ estates: 3, buildings: 0, history: 3 });
    near(await gkVertices(id.yi), squareRing(X0 + 205, Y0, 100), 0.01);
    near(await gkVertices(id.twinB), squareRing(X0 + 600, Y0, 90), 0.01);
    const [valid] = await t.db.query<{ ok: boolean; ccw: boolean; parts: number }>(
      `SELECT ST_IsValid(geom) AS ok, ST_IsPolygonCCW(geom) AS ccw, ST_NumGeometries(geom) AS parts FROM estates WHERE id = $1`,
      [id.bing],
    );
    expect(valid).toEqual({ ok: true, ccw: true, parts: 2 });
  });

  it('refuses a confirmation without the preview’s token, and one whose choices changed', async () => {
    const fc = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: id.yi }, geometry: { type: 'Polygon', coordinates: [await wgsRing(X0 + 200, Y0, 100)] } }] };
    const before = await databaseFingerprint(t.db);
    const noToken = await send('a.geojson', JSON.stringify(fc), { mode: 'confirm' });
    expect(noToken.status).toBe(400);
    expect(noToken.body.error!.message).toContain('token: confirm needs the token of the preview you checked');
    const preview = await send('a.geojson', JSON.stringify(fc));
    const other = await send('a.geojson', JSON.stringify(fc), { mode: 'confirm', token: preview.body.token, assign: JSON.stringify({ 0: id.bing }) });
    expect(other.status).toBe(409);
    expect(await databaseFingerprint(t.db)).toEqual(before);
  });
});

describe('POST /api/import/scope: GeoPackage', () => {
  it('takes back this app’s own export: estates and buildings by id, pipelines left alone; adds a building with a new number', async () => {
    const exported = await t.request(`/api/export/scope?estateIds=${id.jia}&format=gpkg`);
    const gpkg = new Uint8Array(await exported.arrayBuffer());
    const { status, body } = await send('back.gpkg', gpkg);
    expect(status).toBe(200);
    expect(body.format).toBe('gpkg');
    expect(body.sourceCrs).toBe('EPSG:4326');
    expect(body.features.map((f) => [f.layer, f.status, f.estateId, f.buildingNumber, f.matchedBy])).toEqual([
      ['estate', 'matched', id.jia, null, 'id'],
      ['building', 'matched', id.jia, 1, 'id'],
    ]);
    expect(body.features.every((f) => f.shiftMeters! < 0.01)).toBe(true);

    // A surveyor's GeoPackage of footprints, in EPSG:4547, named by estate and number.
    const sub = scratchDir('gpkg-');
    const src = writeScratch(
      sub,
      'b.geojson',
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: { 小区名称: '红线甲', 楼号: 1, 层数: 7 }, geometry: { type: 'Polygon', coordinates: [squareRing(X0 + 12, Y0 + 10, 20)] } },
          { type: 'Feature', properties: { 小区名称: '红线甲', 楼号: 2, 层数: 5 }, geometry: { type: 'Polygon', coordinates: [squareRing(X0 + 50, Y0 + 50, 15)] } },
        ],
      }),
    );
    const out = join(sub, 'footprints.gpkg');
    expect(gdal('ogr2ogr', ['-f', 'GPKG', out, src, '-a_srs', 'EPSG:4547', '-nln', 'footprints']).stderr).toBe('');
    const bytes = new Uint8Array(readFileSync(out));
    const preview = await send('footprints.gpkg', bytes, { layer: 'building' });
    expect(preview.status).toBe(200);
    expect(preview.body.sourceCrs).toBe('EPSG:4547');
    expect(preview.body.features.map((f) => [f.status, f.estateId, f.buildingNumber])).toEqual([
      ['matched', id.jia, 1],
      ['new', id.jia, 2],
    ]);
    expect(preview.body.features[1]!.areaM2).toBeCloseTo(225, 0);
    const confirmed = await send('footprints.gpkg', bytes, { layer: 'building', mode: 'confirm', token: preview.body.token });
    expect(confirmed.body.written).toEqual({ estates: 0, buildings: 2, history: 1 });
    const rows = await t.db.query<{ number: number; floors: number; synthetic: boolean; x: number; y: number }>(
      `SELECT number, floors, synthetic, ST_XMin(g) AS x, ST_YMin(g) AS y FROM buildings, ST_Transform(geom, ${GK}) g WHERE estate_id = $1 ORDER BY number`,
      [id.jia],
    );
    expect(rows.map((r) => [r.number, r.floors, r.synthetic])).toEqual([
      [1, 6, false],
      [2, 5, false],
    ]);
    expect(rows[0]!.x).toBeCloseTo(X0 + 12, 2);
    expect(rows[1]!.y).toBeCloseTo(Y0 + 50, 2);
  });
});

describe('POST /api/import/scope: what is refused, with nothing written', () => {
  const square4326 = [
    [114.9, 25.7],
    [114.901, 25.7],
    [114.901, 25.701],
    [114.9, 25.701],
    [114.9, 25.7],
  ];
  const one = (coordinates: unknown, properties: object = { name: '红线乙' }) => JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties, geometry: { type: 'Polygon', coordinates } }] });
  const cases: [string, () => { name: string; body: Uint8Array | string; fields?: Record<string, string> }, number, string, RegExp][] = [
    ['an open ring', () => ({ name: 'open.geojson', body: one([square4326.slice(0, 4)]) }), 422, 'invalid_geometry', /feature 0 ring 0 \(the outline\) is not closed/],
    ['a ring of three positions', () => ({ name: 'short.geojson', body: one([[square4326[0], square4326[1], square4326[0]]]) }), 422, 'invalid_geometry', /has 3 positions; a closed ring needs at least 4/],
    ['a ring with no area', () => ({ name: 'flat.geojson', body: one([[[114.9, 25.7], [114.901, 25.7], [114.902, 25.7], [114.9, 25.7]]]) }), 422, 'invalid_geometry', /has no area left once made valid/],
    ['a 3D coordinate', () => ({ name: 'z.geojson', body: one([square4326.map((p) => [...p, 12.5])]) }), 422, 'invalid_geometry', /feature 0 has a 3D coordinate \(a Z value\)/],
    ['a line where a polygon belongs', () => ({ name: 'line.geojson', body: JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: square4326 } }] }) }), 422, 'invalid_geometry', /is a LineString; red lines and building footprints are polygons/],
    ['metres read as degrees', () => ({ name: 'metres.geojson', body: one([squareRing(X0, Y0, 100)]) }), 422, 'invalid_geometry', /which is no place on Earth/],
    ['an empty feature collection', () => ({ name: 'empty.geojson', body: JSON.stringify({ type: 'FeatureCollection', features: [] }) }), 422, 'empty_file', /holds no features/],
    ['a zip without .shp', () => ({ name: 'docs.zip', body: zipSync({ 'readme.txt': new TextEncoder().encode('红线'), 'red.dbf': new Uint8Array(40) }) }), 422, 'no_shapefile', /docs\.zip: the zip holds no \.shp file \(it has: readme\.txt, red\.dbf\)/],
    ['a Shapefile with Z', () => ({ name: 'z.zip', body: shapefileZip('z', JSON.parse(one([square4326])), ['-a_srs', 'EPSG:4326', '-dim', 'XYZ', '-lco', 'ENCODING=UTF-8']) }), 422, 'invalid_geometry', /3D coordinate/],
    ['a spreadsheet', () => ({ name: 'plan.xlsx', body: new Uint8Array([1, 2, 3, 4]) }), 415, 'unsupported_file', /send GeoJSON/],
    ['a bad assign', () => ({ name: 'a.geojson', body: one([square4326]), fields: { assign: '[1]' } }), 400, 'bad_request', /assign: must be a JSON object/],
  ];
  for (const [what, make, status, code, message] of cases) {
    it(`${what}: ${status} ${code}`, async () => {
      const before = await databaseFingerprint(t.db);
      const f = make();
      for (const mode of ['preview', 'confirm']) {
        const res = await send(f.name, f.body, { ...f.fields, mode, token: 'a'.repeat(64) });
        expect([what, mode, res.status, res.body.error?.code]).toEqual([what, mode, status, code]);
        expect(res.body.error!.message).toMatch(message);
      }
      expect(await databaseFingerprint(t.db)).toEqual(before);
    });
  }

  it('names every bad feature, not just the first', async () => {
    const fc = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [square4326] } },
        { type: 'Feature', properties: {}, geometry: null },
        { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [square4326.slice(0, 4)] } },
      ],
    });
    const res = await send('two.geojson', fc);
    expect(res.status).toBe(422);
    expect(res.body.error!.details).toEqual([
      // Each with a code and params the client words in the UI's language (issue 17 item 5).
      { feature: 1, code: 'no_geometry', params: {}, reason: 'has no geometry' },
      { feature: 2, code: 'ring_open', params: { polygon: 0, ring: 0 }, reason: expect.stringMatching(/is not closed/) },
    ]);
  });

  it('takes files above the plan-table limit, and refuses one over 50 MB', async () => {
    // 2 MB of attributes: over the 1 MB the test app allows plan tables, within the scope limit.
    const big = one([square4326], { name: '红线乙', note: 'x'.repeat(2 * 2 ** 20) });
    expect((await send('big.geojson', big)).status).toBe(200);
    const before = await databaseFingerprint(t.db);
    const huge = new Uint8Array(50 * 2 ** 20 + 1);
    const res = await send('huge.zip', huge);
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'payload_too_large', details: { limitBytes: 50 * 2 ** 20 } });
    expect(await databaseFingerprint(t.db)).toEqual(before);
  });
});
