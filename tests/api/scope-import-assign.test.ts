import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportPreview } from '../../shared/scopes/contract.ts';
import { databaseFingerprint, testApp, type TestApp } from './support/test-app.ts';

// The import preview drawn and settled by hand (issue 17): each feature with its shape, status,
// candidates and how far it moves; `assign` gives an unmatched or ambiguous feature to an estate,
// also to one with no red line yet; the overlap rule holds on confirm. Shapes are rectangles in
// EPSG:4547 metres (the Gauss–Krüger zone the product measures in), sent as WGS 84 GeoJSON.

let t: TestApp;
const GK = 4547;
const X0 = 550000;
const Y0 = 2890000;
const id = {} as Record<'moved' | 'blank' | 'twinA' | 'twinB' | 'wall' | 'elsewhere', number>;
let planA = 0;

type Reply = ImportPreview & { error?: { code: string; message: string; details?: unknown } };
type Rect = [x: number, y: number, w: number, h: number];
const wkt = ([x, y, w, h]: Rect) => `POLYGON((${x} ${y}, ${x + w} ${y}, ${x + w} ${y + h}, ${x} ${y + h}, ${x} ${y}))`;
async function polygon(r: Rect): Promise<GeoJSON.Polygon> {
  const [row] = await t.db.query<{ g: string }>(`SELECT ST_AsGeoJSON(ST_Transform(ST_SetSRID(ST_GeomFromText($1), ${GK}), 4326), 9) AS g`, [wkt(r)]);
  return JSON.parse(row!.g) as GeoJSON.Polygon;
}
async function insertEstate(name: string, plan: string, r: Rect | null): Promise<number> {
  const [row] = await t.db.query<{ id: number }>(
    `INSERT INTO estates (plan_id, name, district_code, street_code, source, geom) SELECT id, $1, '369993', '369993001', 'assign fixture',
       CASE WHEN $2::text IS NULL THEN NULL ELSE ST_Multi(ST_Transform(ST_SetSRID(ST_GeomFromText($2), ${GK}), 4326)) END FROM plans WHERE slug = $3 RETURNING id`,
    [name, r ? wkt(r) : null, plan],
  );
  return row!.id;
}
async function file(features: { name?: string; r: Rect }[]): Promise<string> {
  return JSON.stringify({
    type: 'FeatureCollection',
    features: await Promise.all(features.map(async (f) => ({ type: 'Feature', properties: f.name ? { name: f.name } : {}, geometry: await polygon(f.r) }))),
  });
}
async function send(body: string, fields: Record<string, string> = {}) {
  const form = new FormData();
  form.set('file', new File([body], 'assign.geojson'));
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return t.json<Reply>('/api/import/scope', { method: 'POST', body: form });
}
const stored = async (estateId: number) =>
  (await t.db.query<{ x: number | null; area: number | null; version: number }>(
    `SELECT ST_XMin(ST_Transform(geom, ${GK})) AS x, ST_Area(ST_Transform(geom, ${GK})) AS area, version FROM estates WHERE id = $1`,
    [estateId],
  ))[0]!;

beforeAll(async () => {
  t = await testApp();
  await t.db.query(`INSERT INTO regions (code, name, level, parent_code, code_source) VALUES ('369993', '指定测试区', 'district', '36', 'generated'), ('369993001', '指定测试街道', 'street', '369993', 'generated')`);
  await t.db.query(`INSERT INTO plans (slug, region_code, year, title, source) VALUES ('assign-a', '369993', 2024, '指定测试计划A', 'assign fixture'), ('assign-b', '369993', 2025, '指定测试计划B', 'assign fixture')`);
  planA = (await t.db.query<{ id: number }>(`SELECT id FROM plans WHERE slug = 'assign-a'`))[0]!.id;
  id.moved = await insertEstate('测绘小区', 'assign-a', [X0, Y0, 100, 100]);
  id.blank = await insertEstate('待落图小区', 'assign-a', null);
  id.twinA = await insertEstate('同名花园', 'assign-a', [X0 + 1000, Y0, 50, 50]);
  id.twinB = await insertEstate('同名花园', 'assign-b', [X0 + 2000, Y0, 50, 50]);
  id.wall = await insertEstate('围墙小区', 'assign-a', [X0 + 500, Y0, 100, 100]);
  id.elsewhere = await insertEstate('另一计划小区', 'assign-b', [X0 + 3000, Y0, 50, 50]);
});
afterAll(async () => t?.close());

describe('POST /api/import/scope: the preview to draw', () => {
  it('gives each feature its shape, status, candidates, centre shift and Hausdorff distance in metres', async () => {
    const body = await file([
      { name: '测绘小区', r: [X0 + 30, Y0, 100, 100] }, // 30 m east of its red line
      { name: '同名花园', r: [X0 + 1000, Y0, 50, 50] }, // two plans have one
      { name: '没有这个小区', r: [X0 + 4000, Y0, 40, 40] },
    ]);
    const res = await send(body);
    expect(res.status).toBe(200);
    const [moved, twin, unknown] = res.body.features;
    expect(moved).toMatchObject({ status: 'matched', estateId: id.moved, matchedBy: 'name', overlaps: [], reasonCode: null });
    expect(moved!.shiftMeters).toBeCloseTo(30, 1);
    // Every point of the new square is within 30 m of the old one and the other way round.
    expect(moved!.hausdorffMeters).toBeCloseTo(30, 1);
    expect(moved!.geometry!.type).toBe('MultiPolygon');
    expect(moved!.currentGeometry!.type).toBe('MultiPolygon');
    expect(twin).toMatchObject({ status: 'ambiguous', estateId: null, geometry: { type: 'MultiPolygon' }, reasonCode: { code: 'several_named', params: { name: '同名花园', count: 2 } } });
    expect(twin!.candidates.map((c) => c.id).sort()).toEqual([id.twinA, id.twinB].sort());
    expect(unknown).toMatchObject({ status: 'unmatched', shiftMeters: null, hausdorffMeters: null, currentGeometry: null, reasonCode: { code: 'no_estate_named' } });
    expect(unknown!.geometry!.type).toBe('MultiPolygon');
  });
});

describe('POST /api/import/scope: assign by hand', () => {
  it('confirms an unmatched feature onto an estate with no red line and an ambiguous one onto the estate picked', async () => {
    const body = await file([
      { name: '没有这个小区', r: [X0 + 200, Y0, 80, 60] },
      { name: '同名花园', r: [X0 + 1010, Y0, 50, 50] },
    ]);
    const assign = JSON.stringify({ 0: id.blank, 1: id.twinA });
    const preview = await send(body, { assign });
    expect(preview.status).toBe(200);
    expect(preview.body.features.map((f) => [f.status, f.matchedBy, f.estateId])).toEqual([
      ['matched', 'assign', id.blank],
      ['matched', 'assign', id.twinA],
    ]);
    expect(preview.body.features[0]).toMatchObject({ shiftMeters: null, currentGeometry: null });
    expect(preview.body.features[1]!.shiftMeters).toBeCloseTo(10, 1);

    const blankBefore = await stored(id.blank);
    const res = await send(body, { assign, mode: 'confirm', token: preview.body.token });
    expect(res.status).toBe(200);
    expect(res.body.written).toEqual({ estates: 2, buildings: 0, history: 2 });
    expect(await stored(id.blank)).toMatchObject({ x: expect.closeTo(X0 + 200, 2), area: expect.closeTo(4800, 0), version: blankBefore.version + 1 });
    expect(await stored(id.twinA)).toMatchObject({ x: expect.closeTo(X0 + 1010, 2) });
    expect(await stored(id.twinB)).toMatchObject({ x: expect.closeTo(X0 + 2000, 2) });
    const [kept] = await t.db.query<{ geom: string | null; replaced_by: string }>(`SELECT geom, replaced_by FROM geometry_history WHERE estate_id = $1`, [id.blank]);
    expect(kept).toEqual({ geom: null, replaced_by: 'import: assign.geojson' });
  });

  it('refuses an estate given twice, outside the plan, unknown, or a feature the file lacks, naming the features; writes nothing', async () => {
    const body = await file([
      { name: '甲', r: [X0 + 5000, Y0, 10, 10] },
      { name: '乙', r: [X0 + 5100, Y0, 10, 10] },
    ]);
    const before = await databaseFingerprint(t.db);
    const twice = await send(body, { assign: JSON.stringify({ 0: id.blank, 1: id.blank }) });
    expect(twice.status).toBe(422);
    expect(twice.body.error).toMatchObject({ code: 'assign_twice', details: [{ feature: 0, estateId: id.blank }, { feature: 1, estateId: id.blank }] });
    const outside = await send(body, { plan: String(planA), assign: JSON.stringify({ 1: id.elsewhere }) });
    expect(outside.status).toBe(422);
    expect(outside.body.error).toMatchObject({ code: 'assign_outside_plan', details: [{ feature: 1, estateId: id.elsewhere, planId: planA }] });
    const unknown = await send(body, { assign: JSON.stringify({ 0: 2_000_000_000 }) });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error).toMatchObject({ code: 'assign_unknown_estate', details: [{ feature: 0, estateId: 2_000_000_000 }] });
    const noFeature = await send(body, { assign: JSON.stringify({ 7: id.blank }) });
    expect(noFeature.status).toBe(422);
    expect(noFeature.body.error).toMatchObject({ code: 'assign_no_feature', details: [{ feature: 7, features: 2 }] });
    expect(await databaseFingerprint(t.db)).toEqual(before);
  });
});

describe('POST /api/import/scope: the overlap rule on confirm', () => {
  it('shows the overlap in the preview, refuses the confirm with 422 overlap, and writes it with a reason, audited', async () => {
    // 测绘小区 surveyed 20 m into 围墙小区 (x 500–600): 20 m × 100 m.
    const body = await file([{ name: '测绘小区', r: [X0 + 420, Y0, 100, 100] }]);
    const preview = await send(body);
    expect(preview.status).toBe(200);
    expect(preview.body.features[0]!.overlaps).toEqual([{ estateId: id.wall, name: '围墙小区', areaM2: expect.any(Number) }]);
    expect(Math.abs(preview.body.features[0]!.overlaps[0]!.areaM2 - 2000)).toBeLessThan(0.5);

    const before = await databaseFingerprint(t.db);
    const refused = await send(body, { mode: 'confirm', token: preview.body.token });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'overlap', details: [{ feature: 0, featureEstateId: id.moved, estateId: id.wall, name: '围墙小区' }] });
    expect(await databaseFingerprint(t.db)).toEqual(before);

    const ok = await send(body, { mode: 'confirm', token: preview.body.token, allowOverlap: 'true', reason: '围墙为两小区共有' });
    expect(ok.status).toBe(200);
    expect(ok.body.overlapsAllowed).toEqual([{ feature: 0, featureEstateId: id.moved, estateId: id.wall, name: '围墙小区', areaM2: expect.any(Number) }]);
    expect(await stored(id.moved)).toMatchObject({ x: expect.closeTo(X0 + 420, 2) });
    const [row] = await t.db.query<{ id: number; reason: string; source: string }>(`SELECT id, reason, source FROM overlap_overrides WHERE estate_id = $1`, [id.moved]);
    expect(row).toMatchObject({ reason: '围墙为两小区共有', source: 'import: assign.geojson' });
    const audit = await t.json<{ entries: { actor: string; request: string; after: { reason: string } }[] }>(`/api/audit?table=overlap_overrides&rowId=${row!.id}`);
    expect(audit.body.entries[0]).toMatchObject({ actor: 'admin', request: 'POST /api/import/scope', after: { reason: '围墙为两小区共有' } });
  });
});

describe('POST /api/import/scope: a neighbour drawn while the import is confirmed', () => {
  it('never leaves both red lines over each other: the import or the drawing is refused', async () => {
    // 并发甲 (x 7000–7100) is imported at x 7100–7250 while 并发乙 (x 7300–7400) is drawn at
    // x 7150–7300, both in plan A: each is clear of the other's saved line, the two new lines
    // overlap by 100 m × 100 m. Whichever is written second must see the first.
    const p = await insertEstate('并发甲', 'assign-a', [X0 + 7000, Y0, 100, 100]);
    const q = await insertEstate('并发乙', 'assign-a', [X0 + 7300, Y0, 100, 100]);
    const body = await file([{ name: '并发甲', r: [X0 + 7100, Y0, 150, 100] }]);
    const drawn = await polygon([X0 + 7150, Y0, 150, 100]);
    for (let round = 0; round < 6; round++) {
      await t.db.query(`UPDATE estates SET geom = ST_Multi(ST_Transform(ST_SetSRID(ST_GeomFromText($2), ${GK}), 4326)) WHERE id = $1`, [p, wkt([X0 + 7000, Y0, 100, 100])]);
      await t.db.query(`UPDATE estates SET geom = ST_Multi(ST_Transform(ST_SetSRID(ST_GeomFromText($2), ${GK}), 4326)) WHERE id = $1`, [q, wkt([X0 + 7300, Y0, 100, 100])]);
      const preview = await send(body);
      expect(preview.body.features[0]).toMatchObject({ status: 'matched', estateId: p, overlaps: [] });
      const { version } = await stored(q);
      const [imported, put] = await Promise.all([
        send(body, { mode: 'confirm', token: preview.body.token }),
        t.json<Reply>(`/api/estates/${q}/geometry`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ version, geometry: drawn }) }),
      ]);
      const outcome = `round ${round}: import ${imported.status} ${imported.body.error?.code ?? ''}, drawing ${put.status} ${put.body.error?.code ?? ''}`;
      if (imported.status === 200) {
        expect(put.status, outcome).toBe(422);
        expect(put.body.error!.code, outcome).toBe('overlap');
      } else {
        expect(put.status, outcome).toBe(200);
        expect([409, 422], outcome).toContain(imported.status);
        expect(['preview_stale', 'overlap'], outcome).toContain(imported.body.error!.code);
      }
      const [o] = await t.db.query<{ a: number }>(
        `SELECT ST_Area(ST_Intersection(ST_Transform(a.geom, ${GK}), ST_Transform(b.geom, ${GK}))) AS a FROM estates a, estates b WHERE a.id = $1 AND b.id = $2`,
        [p, q],
      );
      expect(o!.a, outcome).toBeLessThanOrEqual(1);
    }
  });
});
