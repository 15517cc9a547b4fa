import type { Feature, FeatureCollection, MultiPolygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZoneCheck, ZoneFigures, ZoneProperties } from '../../shared/zones/contract.ts';
import { databaseFingerprint, testApp, type TestApp } from './support/test-app.ts';

// Fixtures are drawn in metres in the CGCS2000 Gauss-Krüger zone with central meridian 114°E
// (EPSG:4547, the zone the app picks there) and stored in WGS 84, so every gap below is exact by
// construction and the answers can be worked out by hand.

let t: TestApp;
const id: Record<string, number> = {};
const GK = 4547;
const X0 = 500000; // the central meridian

const square = (x: number, y: number, w = 50, h = 50) => `((${x} ${y}, ${x + w} ${y}, ${x + w} ${y + h}, ${x} ${y + h}, ${x} ${y}))`;

async function estate(name: string, wkt: string, figures: { households?: number; buildings?: number; floor?: number; money?: number } = {}) {
  const [row] = await t.db.query<{ id: number }>(
    `INSERT INTO estates (plan_id, name, district_code, street_code, households, building_count, floor_area_m2, planned_investment_wan, source, geom, geom_synthetic)
     SELECT p.id, $1, '369999', '369999001', $3, $4, $5, $6, 'zones fixture', ST_Multi(ST_Transform(ST_SetSRID(ST_GeomFromText($2), ${GK}), 4326)), true
     FROM plans p WHERE p.slug = 'zones-fixture' RETURNING id`,
    [name, wkt, figures.households ?? null, figures.buildings ?? null, figures.floor ?? null, figures.money ?? null],
  );
  id[name] = row!.id;
}

beforeAll(async () => {
  t = await testApp();
  await t.db.query(`INSERT INTO regions (code, name, level, parent_code, code_source) VALUES ('369999', '测试区', 'district', '36', 'generated'), ('369999001', '测试街道', 'street', '369999', 'generated')`);
  await t.db.query(`INSERT INTO plans (slug, region_code, year, title, source) VALUES ('zones-fixture', '369999', 2024, '片区测试计划', 'zones fixture')`);
  // Three in a row with 20 m streets, a fourth 120 m on.
  await estate('E1', `MULTIPOLYGON(${square(X0, 2840000)})`, { households: 100, buildings: 4, floor: 5000, money: 10 });
  await estate('E2', `MULTIPOLYGON(${square(X0 + 70, 2840000)})`, { households: 200, buildings: 6 });
  await estate('E3', `MULTIPOLYGON(${square(X0 + 140, 2840000)})`, { households: 300, buildings: 8, floor: 7000, money: 5 });
  await estate('E4', `MULTIPOLYGON(${square(X0 + 310, 2840000)})`, { households: 50 });
  // Two touching.
  await estate('T1', `MULTIPOLYGON(${square(X0, 2841000)})`);
  await estate('T2', `MULTIPOLYGON(${square(X0 + 50, 2841000)})`);
  // A two-part estate: its far part is 20 m from N1; N2 is 40 m from its near part.
  await estate('M', `MULTIPOLYGON(${square(X0, 2842000)}, ${square(X0 + 200, 2842000)})`);
  await estate('N1', `MULTIPOLYGON(${square(X0 + 270, 2842000)})`);
  await estate('N2', `MULTIPOLYGON(${square(X0 - 90, 2842000)})`);
  // A self-intersecting (bow-tie) red line whose right edge is 25 m from R.
  await estate('S', `MULTIPOLYGON(((${X0} 2843000, ${X0 + 50} 2843050, ${X0 + 50} 2843000, ${X0} 2843050, ${X0} 2843000)))`);
  await estate('R', `MULTIPOLYGON(${square(X0 + 75, 2843000)})`);
  // Exactly 30 m apart.
  await estate('P1', `MULTIPOLYGON(${square(X0, 2844000)})`);
  await estate('P2', `MULTIPOLYGON(${square(X0 + 80, 2844000)})`);
});
afterAll(async () => t?.close());

const post = <T>(path: string, body: unknown, method = 'POST') =>
  t.json<T & { error?: { code: string; message: string; details?: unknown } }>(path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const check = (names: string[], gapMeters?: number) => post<ZoneCheck>('/api/zones/check', { estateIds: names.map((n) => id[n]), ...(gapMeters === undefined ? {} : { gapMeters }) });
const ids = (...names: string[]) => names.map((n) => id[n]!);

describe('POST /api/zones/check', () => {
  it('three estates with 20 m streets are one zone; a fourth 120 m away is not, and the bridge says so', async () => {
    const { status, body } = await check(['E4', 'E2', 'E1', 'E3']);
    expect(status).toBe(200);
    expect(body.contiguous).toBe(false);
    expect(body.components).toEqual([ids('E1', 'E2', 'E3'), ids('E4')]);
    expect(body.links).toEqual([
      { a: id.E1, b: id.E2, gapMeters: 20 },
      { a: id.E2, b: id.E3, gapMeters: 20 },
    ]);
    expect(body.bridges).toMatchObject([{ a: id.E3, b: id.E4, gapMeters: 120 }]);
    // The gap drawn on the map: the shortest line between the two red lines, 120 m long.
    const [len] = await t.db.query<{ m: number }>(`SELECT ST_Length(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326), ${GK})) AS m`, [
      JSON.stringify(body.bridges[0]!.line),
    ]);
    expect(len!.m).toBeCloseTo(120, 1); // coordinates are sent to 1e-7° (about 1 cm)
    expect((await check(['E1', 'E2', 'E3'])).body).toMatchObject({ contiguous: true, components: [ids('E1', 'E2', 'E3')], bridges: [] });
  });

  it('touching estates are 0 m apart', async () => {
    expect((await check(['T1', 'T2'])).body).toMatchObject({ contiguous: true, links: [{ a: id.T1, b: id.T2, gapMeters: 0 }] });
  });

  it('measures a multi-part estate from its nearest part', async () => {
    expect((await check(['M', 'N1'])).body).toMatchObject({ contiguous: true, links: [{ a: id.M, b: id.N1, gapMeters: 20 }] });
    const apart = (await check(['M', 'N2'])).body;
    expect(apart.contiguous).toBe(false);
    expect(apart.bridges).toMatchObject([{ a: id.M, b: id.N2, gapMeters: 40 }]);
    expect((await check(['M', 'N2'], 40)).body.contiguous).toBe(true);
  });

  it('makes a self-intersecting red line valid before measuring', async () => {
    expect((await check(['S', 'R'])).body).toMatchObject({ contiguous: true, links: [{ a: id.S, b: id.R, gapMeters: 25 }] });
  });

  it('counts a pair exactly at the gap as adjacent, and not below it', async () => {
    expect((await check(['P1', 'P2'], 30)).body).toMatchObject({ contiguous: true, links: [{ gapMeters: 30 }] });
    expect((await check(['P1', 'P2'], 29.99)).body).toMatchObject({ contiguous: false, bridges: [{ gapMeters: 30 }] });
  });

  it.each([
    [{ estateIds: [] }, 400, 'estateIds'],
    [{ estateIds: [1, 2, 1] }, 400, 'more than once'],
    [{ estateIds: [1, 2], gapMeters: -1 }, 400, 'gapMeters'],
    [{ estateIds: [1, 2], gapMeters: 501 }, 400, 'at most 500'],
    [{ estateIds: Array.from({ length: 501 }, (_, i) => i + 1) }, 400, 'at most 500 estates'],
    [{ estateIds: ['a'] }, 400, 'estateIds'],
    [{ estateIds: [1], colour: 'red' }, 400, 'colour'],
    [{ estateIds: [999999, 999998] }, 422, '999999'],
  ])('rejects %j with %i naming the problem', async (payload, status, words) => {
    const res = await post<unknown>('/api/zones/check', payload);
    expect(res.status).toBe(status);
    expect(res.body.error!.message).toContain(words);
  });

  it('rejects a body that is not JSON', async () => {
    const res = await t.json<{ error: { code: string } }>('/api/zones/check', { method: 'POST', body: 'estateIds=1' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_json');
  });
});

describe('GET /api/zones/suggest', () => {
  type Suggested = FeatureCollection<MultiPolygon, ZoneFigures & { gapMeters: number }>;

  it('groups the district into contiguous zones meeting the minimums, with their totals', async () => {
    const { status, body } = await t.json<Suggested>('/api/zones/suggest?district=369999&gapMeters=30&minEstates=2');
    expect(status).toBe(200);
    expect(body.features.map((f) => f.properties.estateIds)).toEqual([ids('E1', 'E2', 'E3'), ids('T1', 'T2'), ids('M', 'N1'), ids('S', 'R'), ids('P1', 'P2')]);
    expect(body.features[0]!.properties).toMatchObject({
      estateCount: 3,
      households: 600,
      buildingCount: 18,
      floorAreaM2: 12000,
      plannedInvestmentWan: 15,
      reported: { households: 3, buildingCount: 3, floorAreaM2: 2, plannedInvestmentWan: 2 },
    });
    const one = await t.json<Suggested>('/api/zones/suggest?district=369999&minEstates=1');
    expect(one.body.features.map((f) => f.properties.estateIds).flat().sort((a, b) => a - b)).toEqual(Object.values(id).sort((a, b) => a - b));
    const big = await t.json<Suggested>('/api/zones/suggest?district=369999&minEstates=2&minHouseholds=500');
    expect(big.body.features.map((f) => f.properties.estateIds)).toEqual([ids('E1', 'E2', 'E3')]);
    // Suggest and check agree on the boundary case.
    const tight = await t.json<Suggested>('/api/zones/suggest?district=369999&minEstates=2&gapMeters=29.99');
    expect(tight.body.features.some((f) => f.properties.estateIds.includes(id.P1!))).toBe(false);
  });

  it('counts money planned for a whole project only in the zone that holds all of its estates', async () => {
    // Wuhai style: the money is the project's, its estates carry none. T1+T2 are one zone; P1 and
    // N2 are in different zones, so their project's money belongs to neither.
    const [a] = await t.db.query<{ id: number }>(
      `INSERT INTO projects (plan_id, name, planned_investment_wan, source) SELECT id, '整体项目', 40, 'zones fixture' FROM plans WHERE slug = 'zones-fixture' RETURNING id`,
    );
    const [b] = await t.db.query<{ id: number }>(
      `INSERT INTO projects (plan_id, name, planned_investment_wan, source) SELECT id, '跨片项目', 70, 'zones fixture' FROM plans WHERE slug = 'zones-fixture' RETURNING id`,
    );
    await t.db.query(`UPDATE estates SET project_id = $1 WHERE id = ANY($2::int[])`, [a!.id, ids('T1', 'T2')]);
    await t.db.query(`UPDATE estates SET project_id = $1 WHERE id = ANY($2::int[])`, [b!.id, ids('P1', 'N2')]);
    try {
      const { body } = await t.json<Suggested>('/api/zones/suggest?district=369999&minEstates=1');
      const zoneOf = (name: string) => body.features.find((f) => f.properties.estateIds.includes(id[name]!))!.properties;
      expect(zoneOf('T1')).toMatchObject({ plannedInvestmentWan: 40, reported: { plannedInvestmentWan: 2 } });
      expect(zoneOf('P1')).toMatchObject({ plannedInvestmentWan: null, reported: { plannedInvestmentWan: 0 } });
      expect(zoneOf('N2')).toMatchObject({ plannedInvestmentWan: null });
      // The same rule as a check-and-save of the zone: one definition of the money.
      const saved = await post<{ properties: ZoneFigures }>('/api/zones', { name: '整体', estateIds: ids('T1', 'T2') });
      expect(saved.body.properties.plannedInvestmentWan).toBe(40);
      await t.db.query(`DELETE FROM zones`);
    } finally {
      await t.db.query(`UPDATE estates SET project_id = NULL WHERE project_id IN ($1, $2)`, [a!.id, b!.id]);
      await t.db.query(`DELETE FROM projects WHERE id IN ($1, $2)`, [a!.id, b!.id]);
    }
  });

  it('outlines a zone over its estates and the streets between them, not the empty land around', async () => {
    const { body } = await t.json<Suggested>('/api/zones/suggest?district=369999&minEstates=3');
    const outline = JSON.stringify(body.features[0]!.geometry);
    const [r] = await t.db.query<{ covers: boolean; street: boolean; beside: boolean; area: number }>(
      `WITH o AS (SELECT ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326), ${GK}) AS g)
       SELECT bool_and(ST_Covers(ST_Buffer(o.g, 0.01), ST_Transform(e.geom, ${GK}))) AS covers,
         ST_Covers(o.g, ST_SetSRID(ST_Point(${X0 + 60}, 2840025), ${GK})) AS street,
         ST_Intersects(o.g, ST_SetSRID(ST_Point(${X0 + 60}, 2840070), ${GK})) AS beside,
         ST_Area(o.g) AS area
       FROM o, estates e WHERE e.id = ANY($2::int[]) GROUP BY o.g`,
      [outline, ids('E1', 'E2', 'E3')],
    );
    expect(r).toMatchObject({ covers: true, street: true, beside: false });
    // 190 m × 50 m: three 50 m squares and the two 20 m streets between them.
    expect(r!.area).toBeCloseTo(9500, -1);
  });

  it('answers the list without outlines (outlines=none) and one group with its outline by rank, the same as in the full answer', async () => {
    const full = await t.json<Suggested>('/api/zones/suggest?district=369999&gapMeters=30&minEstates=2');
    const bare = await t.json<FeatureCollection<MultiPolygon | null, ZoneFigures & { rank: number }>>(
      '/api/zones/suggest?district=369999&gapMeters=30&minEstates=2&outlines=none',
    );
    expect(bare.status).toBe(200);
    expect(bare.body.features.map((f) => f.geometry)).toEqual(full.body.features.map(() => null));
    // Everything but the outline is the full answer's.
    expect(bare.body.features.map((f) => [f.id, f.properties])).toEqual(full.body.features.map((f) => [f.id, f.properties]));
    for (const f of full.body.features) {
      const rank = (f.properties as unknown as { rank: number }).rank;
      const one = await t.json<Suggested>(`/api/zones/suggest?district=369999&gapMeters=30&minEstates=2&rank=${rank}`);
      expect(one.status).toBe(200);
      expect(one.body.features).toEqual([f]);
    }
    // A rank past the last group names the parameter.
    const past = await t.json<{ error: { details: { parameter: string } } }>(`/api/zones/suggest?district=369999&gapMeters=30&minEstates=2&rank=${full.body.features.length + 1}`);
    expect(past.status).toBe(404);
    expect(JSON.stringify(past.body)).toContain('rank');
  });

  it('rejects bad parameters and unknown districts', async () => {
    expect((await t.json('/api/zones/suggest?district=369999&outlines=some')).status).toBe(400);
    expect((await t.json('/api/zones/suggest?district=369999&rank=0')).status).toBe(400);
    expect((await t.json('/api/zones/suggest?district=369999&rank=x')).status).toBe(400);
    expect((await t.json('/api/zones/suggest')).status).toBe(400);
    expect((await t.json('/api/zones/suggest?district=369999&gapMeters=abc')).status).toBe(400);
    expect((await t.json('/api/zones/suggest?district=369999&minEstates=0')).status).toBe(400);
    expect((await t.json('/api/zones/suggest?district=369998')).status).toBe(404);
  });
});

describe('Nankang 2024 (seed 004): the plan table groups neighbouring estates into projects', () => {
  async function projects() {
    const rows = await t.db.query<{ project_id: number; ids: number[] }>(
      `SELECT e.project_id, array_agg(e.id ORDER BY e.id) AS ids FROM estates e JOIN plans p ON p.id = e.plan_id
       WHERE p.slug = 'nankang-2024' GROUP BY e.project_id ORDER BY min(e.id)`,
    );
    return rows;
  }

  it('every project of the plan table is contiguous', async () => {
    const rows = await projects();
    expect(rows).toHaveLength(11);
    for (const p of rows) expect((await post<ZoneCheck>('/api/zones/check', { estateIds: p.ids })).body.contiguous, `project ${p.project_id}`).toBe(true);
  });

  it('at the default gap with minEstates=1 the suggested zones are exactly the 11 projects', async () => {
    const { body } = await t.json<FeatureCollection<MultiPolygon, ZoneFigures>>('/api/zones/suggest?district=360703&year=2024&minEstates=1');
    const suggested = body.features.map((f) => f.properties.estateIds.join(',')).sort();
    expect(suggested).toEqual((await projects()).map((p) => p.ids.join(',')).sort());
    expect(body.features.reduce((n, f) => n + (f.properties.households ?? 0), 0)).toBe(3433);
    // Each outline covers its estates (to the centimetre).
    for (const f of body.features) {
      const [r] = await t.db.query<{ covers: boolean }>(
        `SELECT bool_and(ST_Covers(ST_Buffer(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326), 4547), 0.01), ST_Transform(e.geom, 4547))) AS covers
         FROM estates e WHERE e.id = ANY($2::int[])`,
        [JSON.stringify(f.geometry), f.properties.estateIds],
      );
      expect(r!.covers).toBe(true);
    }
  });
});

describe('saved zones', () => {
  type ZoneFeature = Feature<MultiPolygon, ZoneProperties>;

  it('saves a contiguous zone with its outline and totals, lists, renames, and deletes it', async () => {
    const created = await post<ZoneFeature>('/api/zones', { name: '示范片区一', estateIds: ids('E3', 'E1', 'E2') });
    expect(created.status).toBe(201);
    const z = created.body.properties;
    expect(z).toMatchObject({ name: '示范片区一', estateIds: ids('E1', 'E2', 'E3'), households: 600, districtCode: '369999', gapMeters: 30, version: 1, synthetic: true });
    expect(created.body.geometry.type).toBe('MultiPolygon');
    const [row] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM zone_estates WHERE zone_id = $1`, [z.id]);
    expect(row!.n).toBe(3);

    const list = await t.json<FeatureCollection<MultiPolygon, ZoneProperties>>('/api/zones?district=369999');
    expect(list.body.features.map((f) => f.properties.name)).toContain('示范片区一');

    const renamed = await post<ZoneFeature>(`/api/zones/${z.id}`, { version: 1, name: '金赣示范片区' }, 'PATCH');
    expect(renamed.status).toBe(200);
    expect(renamed.body.properties).toMatchObject({ name: '金赣示范片区', version: 2 });

    // A stale version is refused with the current zone, and changes nothing.
    const before = await databaseFingerprint(t.db);
    const stale = await post<unknown>(`/api/zones/${z.id}`, { version: 1, name: '旧名' }, 'PATCH');
    expect(stale.status).toBe(409);
    expect((stale.body.error!.details as { current: ZoneFeature }).current.properties.name).toBe('金赣示范片区');
    expect(await databaseFingerprint(t.db)).toEqual(before);

    // Adding the far estate would break the zone: 422 with the components, nothing changed.
    const broken = await post<unknown>(`/api/zones/${z.id}`, { version: 2, estateIds: ids('E1', 'E2', 'E3', 'E4') }, 'PATCH');
    expect(broken.status).toBe(422);
    expect(broken.body.error!.details).toMatchObject({ components: [ids('E1', 'E2', 'E3'), ids('E4')] });
    expect(await databaseFingerprint(t.db)).toEqual(before);

    expect((await t.request(`/api/zones/${z.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await t.json(`/api/zones/${z.id}`)).status).toBe(404);
    expect((await t.db.query(`SELECT 1 FROM zone_estates WHERE zone_id = $1`, [z.id])).length).toBe(0);
  });

  it('refuses a zone that is not contiguous, or names nothing, and saves nothing', async () => {
    const before = await databaseFingerprint(t.db);
    const apart = await post<unknown>('/api/zones', { name: '断开的片区', estateIds: ids('E1', 'E4') });
    expect(apart.status).toBe(422);
    expect(apart.body.error!.code).toBe('not_contiguous');
    expect(apart.body.error!.details).toMatchObject({ components: [ids('E1'), ids('E4')], bridges: [{ gapMeters: 260 }] });
    expect((await post<unknown>('/api/zones', { name: ' ', estateIds: ids('E1') })).status).toBe(400);
    expect((await post<unknown>('/api/zones', { name: '未知', estateIds: [999999] })).status).toBe(422);
    expect(await databaseFingerprint(t.db)).toEqual(before);
  });

  it('turns a zone into a project of its plan', async () => {
    const created = await post<ZoneFeature>('/api/zones', { name: '触碰片区', estateIds: ids('T1', 'T2') });
    const res = await post<ZoneFeature>(`/api/zones/${created.body.properties.id}/project`, { version: 1 });
    expect(res.status).toBe(200);
    const projectId = res.body.properties.projectId!;
    expect(projectId).toBeGreaterThan(0);
    const rows = await t.db.query<{ id: number; project_id: number; name: string }>(
      `SELECT e.id, e.project_id, pj.name FROM estates e JOIN projects pj ON pj.id = e.project_id WHERE e.id = ANY($1::int[]) ORDER BY e.id`,
      [ids('T1', 'T2')],
    );
    expect(rows).toEqual([
      { id: id.T1, project_id: projectId, name: '触碰片区' },
      { id: id.T2, project_id: projectId, name: '触碰片区' },
    ]);
    expect((await post<unknown>(`/api/zones/${created.body.properties.id}/project`, { version: 2 })).status).toBe(409);
  });
});
