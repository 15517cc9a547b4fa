import type { Feature, FeatureCollection, LineString, MultiPolygon, Position } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScopeMetadata } from '../../shared/scopes/contract.ts';
import { ogrSummary, readWithGdal, scratchDir, writeScratch } from './support/gdal.ts';
import { testApp, type TestApp } from './support/test-app.ts';

// The fixture is drawn in metres in CGCS2000 / 3-degree Gauss–Krüger CM 114E (EPSG:4547, the zone
// the app picks at 114°E) and stored in WGS 84, so every expected coordinate is known exactly.
//
//   A (100 × 100, a 20 × 20 courtyard hole, stored clockwise: the wrong way for RFC 7946)
//   B (100 × 100), 20 m east of A across a street. A and B form project P; C is 300 m east.
//   Works: w1 inside A; w2 along the street between A and B; w3 enters A from the west;
//   w4 100 m west of A (outside); w5 far away but linked to B; w6 at C (outside).

let t: TestApp;
const GK = 4547;
const X0 = 500000;
const Y0 = 2840000;
const id: Record<string, number> = {};
let projectId = 0;

const ring = (pts: [number, number][]) => `(${pts.map(([x, y]) => `${x} ${y}`).join(', ')})`;
const square = (x: number, y: number, w: number) => ring([[x, y], [x + w, y], [x + w, y + w], [x, y + w], [x, y]]);
const clockwiseSquare = (x: number, y: number, w: number) => ring([[x, y], [x, y + w], [x + w, y + w], [x + w, y], [x, y]]);

async function estate(name: string, wkt: string, project: number | null) {
  const [row] = await t.db.query<{ id: number }>(
    `INSERT INTO estates (plan_id, project_id, name, district_code, street_code, households, source, geom, geom_synthetic)
     SELECT p.id, $3, $1, '369998', '369998001', 120, 'export fixture', ST_Multi(ST_Transform(ST_SetSRID(ST_GeomFromText($2), ${GK}), 4326)), true
     FROM plans p WHERE p.slug = 'scope-fixture' RETURNING id`,
    [name, wkt, project],
  );
  id[name] = row!.id;
}

async function building(estateName: string, number: number, x: number, y: number) {
  await t.db.query(
    `INSERT INTO buildings (estate_id, number, floors, households, geom, synthetic)
     VALUES ($1, $2, 6, 24, ST_Multi(ST_Transform(ST_SetSRID(ST_GeomFromText($3), ${GK}), 4326)), true)`,
    [id[estateName], number, `POLYGON(${square(x, y, 10)})`],
  );
}

async function work(name: string, from: [number, number], to: [number, number], estateName?: string) {
  const [row] = await t.db.query<{ id: number }>(
    `INSERT INTO pipeline_works (utility, owner, district_code, estate_id, start_date, end_date, geom, synthetic)
     VALUES ('water', '测试水务', '369998', $1, '2025-03-01', '2025-05-31', ST_Transform(ST_SetSRID(ST_GeomFromText($2), ${GK}), 4326), true) RETURNING id`,
    [estateName ? id[estateName] : null, `LINESTRING(${from.join(' ')}, ${to.join(' ')})`],
  );
  id[name] = row!.id;
}

beforeAll(async () => {
  t = await testApp();
  await t.db.query(`INSERT INTO regions (code, name, level, parent_code, code_source) VALUES ('369998', '导出测试区', 'district', '36', 'generated'), ('369998001', '导出测试街道', 'street', '369998', 'generated')`);
  await t.db.query(`INSERT INTO plans (slug, region_code, year, title, document, source) VALUES ('scope-fixture', '369998', 2025, '导出测试计划', '测〔2025〕1号', 'export fixture')`);
  const [p] = await t.db.query<{ id: number }>(`INSERT INTO projects (plan_id, name, source) SELECT id, '测试片区改造工程', 'export fixture' FROM plans WHERE slug = 'scope-fixture' RETURNING id`);
  projectId = p!.id;
  await estate('A', `MULTIPOLYGON((${clockwiseSquare(X0, Y0, 100)}, ${square(X0 + 40, Y0 + 40, 20)}))`, projectId);
  await estate('B', `MULTIPOLYGON((${square(X0 + 120, Y0, 100)}))`, projectId);
  await estate('C', `MULTIPOLYGON((${square(X0 + 400, Y0, 100)}))`, null);
  await building('A', 1, X0 + 10, Y0 + 60);
  await building('A', 2, X0 + 70, Y0 + 10);
  await building('B', 1, X0 + 130, Y0 + 10);
  await building('C', 1, X0 + 410, Y0 + 10);
  await work('w1', [X0 + 10, Y0 + 20], [X0 + 30, Y0 + 20]);
  await work('w2', [X0 + 110, Y0 + 10], [X0 + 110, Y0 + 90]);
  await work('w3', [X0 - 50, Y0 + 50], [X0 + 5, Y0 + 50]);
  await work('w4', [X0 - 200, Y0], [X0 - 100, Y0]);
  await work('w5', [X0 + 2000, Y0], [X0 + 2100, Y0], 'B');
  await work('w6', [X0 + 420, Y0 + 50], [X0 + 480, Y0 + 50]);
});
afterAll(async () => t?.close());

async function download(query: string) {
  const res = await t.request(`/api/export/scope?${query}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { res, bytes, text: () => new TextDecoder().decode(bytes), json: <T>() => JSON.parse(new TextDecoder().decode(bytes)) as T };
}

type ScopeCollection = FeatureCollection & { name: string; metadata: ScopeMetadata; crs?: unknown };

const byLayer = (fc: FeatureCollection, layer: string) => fc.features.filter((f) => f.properties!.layer === layer);
const ids = (fs: Feature[]) => fs.map((f) => f.properties!.id as number);

/** Twice the signed area of a ring (shoelace): positive counter-clockwise. */
const signedArea = (r: Position[]) => r.slice(1).reduce((s, p, i) => s + (r[i]![0]! * p[1]! - p[0]! * r[i]![1]!), 0);

/** GK metres of a 4326 position, by PostGIS: the test's yardstick for where a vertex landed. */
async function toGk(p: Position): Promise<[number, number]> {
  const [row] = await t.db.query<{ x: number; y: number }>(`SELECT ST_X(g) AS x, ST_Y(g) AS y FROM ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4326), ${GK}) g`, [p[0], p[1]]);
  return [row!.x, row!.y];
}

describe('GET /api/export/scope as GeoJSON', () => {
  it('holds the project’s estates, their buildings and the works inside or touching its ground, each with its layer', async () => {
    const { res, json } = await download(`project=${projectId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/geo+json; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="project-${projectId}_wgs84.geojson"; filename*=UTF-8''${encodeURIComponent('测试片区改造工程_wgs84.geojson')}`,
    );
    const fc = json<ScopeCollection>();
    expect(ids(byLayer(fc, 'estate'))).toEqual([id.A, id.B]);
    expect(byLayer(fc, 'building').map((f) => [f.properties!.estateId, f.properties!.number])).toEqual([
      [id.A, 1],
      [id.A, 2],
      [id.B, 1],
    ]);
    expect(ids(byLayer(fc, 'pipeline'))).toEqual([id.w1, id.w2, id.w3, id.w5]);
    expect(fc.features).toHaveLength(9);
    expect(fc.name).toBe('测试片区改造工程');
    expect(fc.crs).toBeUndefined(); // RFC 7946: WGS84 goes without a crs member
    expect(fc.metadata).toMatchObject({
      scope: { kind: 'project', id: projectId, name: '测试片区改造工程', estateIds: [id.A, id.B] },
      crs: { name: 'wgs84', projected: false, epsg: 4326 },
      synthetic: true,
      counts: { estate: 2, building: 3, pipeline: 4 },
    });
    expect(fc.metadata.source).toContain('导出测试计划 测〔2025〕1号');
    expect(Math.abs(Date.parse(fc.metadata.generatedAt) - Date.now())).toBeLessThan(60_000);
  });

  it('gives each estate every attribute of GET /api/estates, and each work those of GET /api/pipelines', async () => {
    const fc = (await download(`estateIds=${id.B},${id.A}`)).json<ScopeCollection>();
    const api = (await t.json<FeatureCollection>('/api/estates?district=369998')).body;
    for (const f of byLayer(fc, 'estate')) {
      const { layer, ...props } = f.properties!;
      expect(layer).toBe('estate');
      expect(props).toEqual(api.features.find((a) => a.properties!.id === props.id)!.properties);
    }
    const works = (await t.json<FeatureCollection>('/api/pipelines?district=369998')).body;
    for (const f of byLayer(fc, 'pipeline')) {
      const { layer, ...props } = f.properties!;
      expect(props).toEqual(works.features.find((w) => w.properties!.id === props.id)!.properties);
    }
    expect(fc.metadata.scope).toEqual({ kind: 'estates', id: null, name: 'A、B', estateIds: [id.A, id.B] });
  });

  it('follows RFC 7946: counter-clockwise shells, clockwise holes, closed rings without repeats, 1e-7° precision, vertices in place', async () => {
    const fc = (await download(`estateIds=${id.A}`)).json<ScopeCollection>();
    const a = byLayer(fc, 'estate')[0]!.geometry as MultiPolygon;
    expect(a.coordinates).toHaveLength(1);
    const [shell, hole] = a.coordinates[0]!;
    expect(a.coordinates[0]).toHaveLength(2);
    expect(signedArea(shell!)).toBeGreaterThan(0);
    expect(signedArea(hole!)).toBeLessThan(0);
    for (const f of fc.features) {
      const rings = f.geometry.type === 'MultiPolygon' ? (f.geometry as MultiPolygon).coordinates.flat() : [(f.geometry as LineString).coordinates];
      for (const r of rings) {
        if (f.geometry.type === 'MultiPolygon') expect(r[0]).toEqual(r[r.length - 1]);
        r.slice(1).forEach((p, i) => expect(p).not.toEqual(r[i]));
        for (const v of r.flat()) expect(Math.abs(v * 1e7 - Math.round(v * 1e7))).toBeLessThan(1e-6);
      }
    }
    // The shell's corners are where they were drawn, to the centimetre 1e-7° allows.
    const corners = await Promise.all(shell!.slice(0, 4).map(toGk));
    const expected = [[X0, Y0], [X0 + 100, Y0], [X0 + 100, Y0 + 100], [X0, Y0 + 100]];
    for (const e of expected) expect(corners.some(([x, y]) => Math.hypot(x - e[0]!, y - e[1]!) < 0.02)).toBe(true);
  });

  it('offsets every position by GCJ-02 when asked, and says so in the name and metadata', async () => {
    const wgs = (await download(`estateIds=${id.A}`)).json<ScopeCollection>();
    const { res, json } = await download(`estateIds=${id.A}&crs=gcj02`);
    expect(res.headers.get('content-disposition')).toContain(`filename="estates-${id.A}_gcj02.geojson"`);
    // Named after the estate for browsers that read the UTF-8 name.
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''A_gcj02.geojson`);
    const gcj = json<ScopeCollection>();
    expect(gcj.metadata.crs).toMatchObject({ name: 'gcj02', epsg: null });
    const w = (byLayer(wgs, 'estate')[0]!.geometry as MultiPolygon).coordinates[0]![0]!;
    const g = (byLayer(gcj, 'estate')[0]!.geometry as MultiPolygon).coordinates[0]![0]!;
    expect(g).toHaveLength(w.length);
    w.forEach((p, i) => {
      const [lon, lat] = referenceGcj02(p[0]!, p[1]!);
      expect(g[i]![0]).toBeCloseTo(lon, 6);
      expect(g[i]![1]).toBeCloseTo(lat, 6);
    });
    // The offset near 114.76°E 25.66°N is some 400–600 m, as the design notes warn.
    const shift = Math.hypot((g[0]![0]! - w[0]![0]!) * 111320 * Math.cos((w[0]![1]! * Math.PI) / 180), (g[0]![1]! - w[0]![1]!) * 110574);
    expect(shift).toBeGreaterThan(300);
    expect(shift).toBeLessThan(700);
  });

  it('says CGCS2000 with its EPSG code, geographic (4490) or in the Gauss–Krüger zone in metres', async () => {
    const geo = (await download(`estateIds=${id.A}&crs=cgcs2000`)).json<ScopeCollection>();
    expect(geo.crs).toEqual({ type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4490' } });
    const { res, json } = await download(`estateIds=${id.A}&crs=cgcs2000&projected=true`);
    expect(res.headers.get('content-disposition')).toContain(`_cgcs2000-gk-cm114e.geojson`);
    const gk = json<ScopeCollection>();
    expect(gk.crs).toEqual({ type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4547' } });
    expect(gk.metadata.crs).toMatchObject({ name: 'cgcs2000', projected: true, epsg: 4547 });
    const shell = (byLayer(gk, 'estate')[0]!.geometry as MultiPolygon).coordinates[0]![0]!;
    // Millimetres of the drawing survive the storage in WGS 84 and the way back.
    for (const e of [[X0, Y0], [X0 + 100, Y0], [X0 + 100, Y0 + 100], [X0, Y0 + 100]]) {
      expect(shell.some(([x, y]) => Math.hypot(x! - e[0]!, y! - e[1]!) < 0.002)).toBe(true);
    }
    expect(signedArea(shell)).toBeCloseTo(2 * 100 * 100, 0);
  });

  it('takes a saved zone: its outline covers the street, so the work along it comes too', async () => {
    const zone = await t.json<{ id: number }>('/api/zones', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: '导出测试片区', estateIds: [id.A, id.B], gapMeters: 30 }),
    });
    expect(zone.status).toBe(201);
    const { res, json } = await download(`zone=${zone.body.id}&format=geojson`);
    expect(res.headers.get('content-disposition')).toContain(`filename="zone-${zone.body.id}_wgs84.geojson"`);
    const fc = json<ScopeCollection>();
    expect(fc.metadata.scope).toMatchObject({ kind: 'zone', id: zone.body.id, name: '导出测试片区' });
    expect(ids(byLayer(fc, 'estate'))).toEqual([id.A, id.B]);
    expect(ids(byLayer(fc, 'pipeline'))).toEqual([id.w1, id.w2, id.w3, id.w5]);
  });

  it('refuses unclear requests with the parameter at fault', async () => {
    const cases: [string, number, string][] = [
      ['format=geojson', 400, 'scope: give one of zone, project or estateIds'],
      [`project=${projectId}&estateIds=${id.A}`, 400, 'give only one of zone, project or estateIds'],
      [`project=${projectId}&format=shp`, 400, 'format: must be one of geojson, gpkg, csv, dxf'],
      [`project=${projectId}&format=dxf`, 400, 'format: dxf is a CAD drawing in metres: use it with crs=cgcs2000&projected=true'],
      [`project=${projectId}&format=dxf&crs=gcj02`, 400, 'format: dxf is a CAD drawing in metres'],
      [`project=${projectId}&crs=bd09`, 400, 'crs: must be one of wgs84, cgcs2000, gcj02'],
      [`project=${projectId}&projected=true`, 400, 'projected: projected=true gives a CGCS2000 Gauss–Krüger zone'],
      // Answered by the id gate before the guard (server/http/ids.ts).
      ['estateIds=1,x', 400, 'estateIds: "1,x" is not an id'],
      ['project=999999', 404, 'project: no project with id 999999'],
      ['zone=999999', 404, 'zone: no zone with id 999999'],
      [`estateIds=${id.A},999998,999999`, 404, 'estateIds: no estate with id 999998, 999999'],
    ];
    for (const [q, status, message] of cases) {
      const { res, json } = await download(q);
      expect([q, res.status]).toEqual([q, status]);
      expect(json<{ error: { message: string } }>().error.message).toContain(message);
    }
    const [empty] = await t.db.query<{ id: number }>(`INSERT INTO projects (plan_id, name, source) SELECT id, '空项目', 'export fixture' FROM plans WHERE slug = 'scope-fixture' RETURNING id`);
    const { res, json } = await download(`project=${empty!.id}`);
    expect(res.status).toBe(422);
    expect(json<{ error: { code: string } }>().error.code).toBe('empty_scope');
  });
});

describe('the files in GDAL (Debian ogrinfo / ogr2ogr)', () => {
  const dir = scratchDir();
  const FIELDS = {
    estate: ['id', 'name', 'districtCode', 'districtName', 'streetCode', 'streetName', 'communityName', 'projectId', 'projectName', 'planId', 'planYear', 'households', 'buildingCount', 'floorAreaM2', 'plannedInvestmentWan', 'completedInvestmentWan', 'investmentRate', 'investmentLevel', 'progressPct', 'phase', 'completed', 'reportPeriod', 'reportSynthetic', 'contentItems', 'personInCharge', 'leader', 'responsibleUnit', 'seq', 'attributes', 'note', 'source', 'version', 'synthetic', 'placement'],
    building: ['id', 'estateId', 'estateName', 'number', 'floors', 'households', 'synthetic'],
    pipeline: ['id', 'utility', 'owner', 'districtCode', 'estateId', 'projectId', 'startDate', 'endDate', 'status', 'lengthMeters', 'version', 'synthetic', 'road'],
  };

  /** Our GeoJSON export's features of a layer, without the layer tag: what every format must carry. */
  async function reference(crs: string, extra = '') {
    const fc = (await download(`project=${projectId}&crs=${crs}${extra}`)).json<ScopeCollection>();
    return (layer: string) => byLayer(fc, layer).map((f) => ({ type: f.type, geometry: f.geometry, properties: Object.fromEntries(Object.entries(f.properties!).filter(([k]) => k !== 'layer')) }));
  }

  it('GeoPackage: a table per layer and the metadata, EPSG:4326, field names, no warnings; the round trip gives the same features', async () => {
    const { res, bytes } = await download(`project=${projectId}&format=gpkg`);
    expect(res.headers.get('content-type')).toBe('application/geopackage+sqlite3');
    const path = writeScratch(dir, 'p.gpkg', bytes);
    const info = ogrSummary(path);
    expect(info.stderr).toBe('');
    expect(info.layers.map((l) => [l.name, l.count, l.geometry])).toEqual([
      ['estate', 2, 'Multi Polygon'],
      ['building', 3, 'Multi Polygon'],
      ['pipeline', 4, 'Line String'],
      ['scope_metadata', 11 + 3, 'None'],
    ]);
    for (const layer of ['estate', 'building', 'pipeline'] as const) {
      const l = info.layers.find((x) => x.name === layer)!;
      expect(l.fields).toEqual(FIELDS[layer]);
      expect(l.srs).toContain('ID["EPSG",4326]');
    }
    const ref = await reference('wgs84');
    for (const layer of ['estate', 'building', 'pipeline'] as const) {
      const { collection, stderr } = readWithGdal(path, layer);
      expect(stderr).toBe('');
      // A GeoPackage has no list type: the content items travel as JSON text, which GDAL's
      // GeoJSON writer turns back into the array.
      expect(collection.features.map((f) => ({ type: f.type, geometry: f.geometry, properties: f.properties }))).toEqual(ref(layer));
    }
    const meta = readWithGdal(path, 'scope_metadata').collection.features.map((f) => [f.properties!.key, f.properties!.value]);
    expect(Object.fromEntries(meta)).toMatchObject({ 'scope.kind': 'project', 'scope.name': '测试片区改造工程', crs: 'wgs84', 'crs.epsg': '4326', synthetic: 'true', 'counts.pipeline': '4' });
  });

  it('GeoPackage in CGCS2000: EPSG:4490, or EPSG:4547 with metres that GDAL reads back where they were drawn', async () => {
    const geo = writeScratch(dir, 'p4490.gpkg', (await download(`project=${projectId}&format=gpkg&crs=cgcs2000`)).bytes);
    const geoInfo = ogrSummary(geo);
    expect(geoInfo.stderr).toBe('');
    expect(geoInfo.layers[0]!.srs).toMatch(/^GEOGCRS\["China Geodetic Coordinate System 2000"/);
    expect(geoInfo.layers[0]!.srs).toContain('ID["EPSG",4490]');

    const gk = writeScratch(dir, 'p4547.gpkg', (await download(`project=${projectId}&format=gpkg&crs=cgcs2000&projected=true`)).bytes);
    const info = ogrSummary(gk);
    expect(info.stderr).toBe('');
    expect(info.layers[0]!.srs).toContain('CGCS2000 / 3-degree Gauss-Kruger CM 114E');
    expect(info.layers[0]!.srs).toContain('ID["EPSG",4547]');
    // GDAL reprojects our metres to WGS 84 itself: the same places as our own WGS 84 export.
    const back = readWithGdal(gk, 'estate', ['-t_srs', 'EPSG:4326']).collection;
    const ref = (await reference('wgs84'))('estate');
    back.features.forEach((f, i) => {
      const got = (f.geometry as MultiPolygon).coordinates.flat(2);
      const want = (ref[i]!.geometry as MultiPolygon).coordinates.flat(2);
      expect(got).toHaveLength(want.length);
      got.forEach((p, j) => {
        expect(Math.abs(p[0]! - want[j]![0]!)).toBeLessThan(2e-7);
        expect(Math.abs(p[1]! - want[j]![1]!)).toBeLessThan(2e-7);
      });
    });
    const { collection } = readWithGdal(gk, 'estate');
    const shell = (collection.features.find((f) => f.properties!.id === id.A)!.geometry as MultiPolygon).coordinates[0]![0]!;
    for (const e of [[X0, Y0], [X0 + 100, Y0], [X0 + 100, Y0 + 100], [X0, Y0 + 100]]) {
      expect(shell.some(([x, y]) => Math.hypot(x! - e[0]!, y! - e[1]!) < 0.002)).toBe(true);
    }
  });

  it('GeoPackage in GCJ-02: an SRS of its own that says what it is', async () => {
    const path = writeScratch(dir, 'pgcj.gpkg', (await download(`project=${projectId}&format=gpkg&crs=gcj02`)).bytes);
    const info = ogrSummary(path);
    expect(info.stderr).toBe('');
    expect(info.layers[0]!.srs).toMatch(/^GEOGCRS\["GCJ-02/);
    const ref = (await reference('gcj02'))('building');
    expect(readWithGdal(path, 'building').collection.features.map((f) => f.geometry)).toEqual(ref.map((f) => f.geometry));
  });

  it('GeoJSON: one layer, the layer column, field names, no warnings; through ogr2ogr to a GeoPackage and back, the same features', async () => {
    const path = writeScratch(dir, 'p.geojson', (await download(`project=${projectId}`)).bytes);
    const info = ogrSummary(path);
    expect(info.stderr).toBe('');
    expect(info.layers).toHaveLength(1);
    expect(info.layers[0]!.count).toBe(9);
    expect(info.layers[0]!.srs).toContain('ID["EPSG",4326]');
    expect(new Set(info.layers[0]!.fields)).toEqual(new Set(['layer', ...FIELDS.estate, ...FIELDS.building, ...FIELDS.pipeline]));
    const gpkg = `${dir}/via-ogr.gpkg`;
    const { gdal } = await import('./support/gdal.ts');
    const converted = gdal('ogr2ogr', ['-f', 'GPKG', gpkg, path, '-nln', 'scope']);
    expect(converted.stderr).toBe('');
    const back = readWithGdal(gpkg).collection;
    const original = (await download(`project=${projectId}`)).json<ScopeCollection>();
    expect(back.features.map((f) => f.geometry)).toEqual(original.features.map((f) => f.geometry));
    back.features.forEach((f, i) => {
      const want = original.features[i]!.properties!;
      for (const [k, v] of Object.entries(want)) if (v !== null) expect([k, f.properties![k]]).toEqual([k, v]);
    });
  });

  it('CSV: the WKT column is the geometry, one row per feature with its layer and CRS, every field named', async () => {
    const { res, bytes, text } = await download(`project=${projectId}&format=csv&crs=cgcs2000&projected=true`);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain(`filename="project-${projectId}_cgcs2000-gk-cm114e.csv"`);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 byte-order mark, for Excel
    expect(text().startsWith('layer,id,name,')).toBe(true);
    const path = writeScratch(dir, 'p.csv', bytes);
    const info = ogrSummary(path);
    expect(info.stderr).toBe('');
    expect(info.layers[0]!.count).toBe(9);
    expect(info.layers[0]!.fields).toEqual(['layer', ...new Set([...FIELDS.estate, ...FIELDS.building, ...FIELDS.pipeline]), 'crs', 'WKT']);
    // A CSV has no SRS of its own: GDAL is told it, and the rows say it too.
    const { collection, stderr } = readWithGdal(path, undefined, ['-a_srs', 'EPSG:4547', '-oo', 'AUTODETECT_TYPE=YES']);
    expect(stderr).toBe('');
    const ref = await reference('cgcs2000', '&projected=true');
    const expected = [...ref('estate'), ...ref('building'), ...ref('pipeline')];
    expect(collection.features.map((f) => f.geometry)).toEqual(expected.map((f) => f.geometry));
    collection.features.forEach((f, i) => {
      expect(f.properties!.crs).toBe('cgcs2000-gk-cm114e');
      expect(f.properties!.id).toBe(expected[i]!.properties!.id);
      // An empty cell is an empty string to GDAL: buildings and works have no name.
      expect(f.properties!.name || null).toBe((expected[i]!.properties!.name as string | undefined) ?? null);
    });
  });

  it('DXF for CAD: Gauss–Krüger metres, a closed polyline per ring, works on their utility’s layer, Chinese labels GDAL reads back, no warnings', async () => {
    const { res, bytes } = await download(`project=${projectId}&format=dxf&crs=cgcs2000&projected=true`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/vnd.dxf');
    expect(res.headers.get('content-disposition')).toContain(`filename="project-${projectId}_cgcs2000-gk-cm114e.dxf"`);
    // Plain ASCII: a CAD program reads it whatever code page it assumes.
    expect([...bytes].every((b) => b < 0x80)).toBe(true);
    const path = writeScratch(dir, 'p.dxf', bytes);
    expect(ogrSummary(path).stderr).toBe('');
    const { collection, stderr } = readWithGdal(path);
    expect(stderr).toBe('');
    const on = (layer: string) => collection.features.filter((f) => f.properties!.Layer === layer);
    type XY = [number, number];
    const xy = (ps: Position[]) => ps.map(([x, y]) => [x!, y!] as XY);
    // A CAD ring keeps the direction it was drawn in: compare rings as sets of corners (to 1 mm).
    const corners = (ring: XY[]) => ring.slice(0, -1).map(([x, y]) => `${x.toFixed(3)} ${y.toFixed(3)}`).sort().join('|');

    // A's shell and hole, B's shell; every ring closed and in metres where it was drawn.
    const ref = await reference('cgcs2000', '&projected=true');
    for (const layer of ['estate', 'building'] as const) {
      const got = on(layer.toUpperCase()).map((f) => xy((f.geometry as LineString).coordinates));
      const want = ref(layer).flatMap((f) => (f.geometry as MultiPolygon).coordinates.flat().map(xy));
      for (const ring of got) expect(ring[0]).toEqual(ring[ring.length - 1]);
      expect(got.map(corners).sort()).toEqual(want.map(corners).sort());
    }
    expect(on('ESTATE')[0]!.geometry.type).toBe('LineString');
    expect(on('PIPELINE-WATER')).toHaveLength(4);
    expect(on('PIPELINE-WATER').map((f) => xy((f.geometry as LineString).coordinates))).toEqual(
      ref('pipeline').map((f) => (f.geometry as LineString).coordinates),
    );
    expect(on('LABEL').map((f) => f.properties!.Text as string).sort()).toEqual(['1号楼 6层', '1号楼 6层', '2号楼 6层', 'A', 'B']);
    const note = on('SCOPE-NOTE').map((f) => f.properties!.Text as string);
    expect(note).toHaveLength(1);
    expect(note[0]).toContain('测试片区改造工程');
    expect(note[0]).toContain('CGCS2000 / 3-degree Gauss-Kruger CM 114E (EPSG:4547), metres');
    expect(note[0]).toContain('示意几何，非实测');
    expect(collection.features).toHaveLength(3 + 3 + 4 + 5 + 1);
  });
});

/**
 * GCJ-02 as published (the widely reproduced "eviltransform" formulas), written out here so that
 * the app's library is checked against an independent implementation.
 */
function referenceGcj02(lon: number, lat: number): [number, number] {
  const a = 6378245.0;
  const ee = 0.00669342162296594323;
  const x = lon - 105.0;
  const y = lat - 35.0;
  let dLat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  dLat += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  dLat += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  dLat += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  let dLon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  dLon += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  dLon += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  dLon += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  const radLat = (lat / 180.0) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - ee * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180.0) / (((a * (1 - ee)) / (magic * sqrtMagic)) * Math.PI);
  dLon = (dLon * 180.0) / ((a / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [lon + dLon, lat + dLat];
}
