import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage } from '../../shared/audit/contract.ts';
import type { EstateGeometryCheck, EstateGeometryResponse } from '../../shared/scopes/contract.ts';
import { overlapsSql } from '../../server/scopes/edit/sql.ts';
import { databaseFingerprint, testApp, type Client, type TestApp } from './support/test-app.ts';

// The overlap rule (issue 17): a red line may not overlap another estate of the same plan by more
// than 1 m². The fixtures are rectangles in EPSG:4547 metres (CGCS2000 Gauss–Krüger CM 114E, the
// zone the product measures these in), sent as WGS 84: their overlaps are known by arithmetic
// (width × height), not by the product's SQL.

let t: TestApp;
let designer: Client;
const GK = 4547;
const X0 = 530000;
const Y0 = 2870000;
const id = {} as Record<'a' | 'b' | 'c' | 'd', number>;

type Reply = EstateGeometryResponse & { error?: { code: string; message: string; details?: unknown } };
type Rect = [x: number, y: number, w: number, h: number];
const ringOf = ([x, y, w, h]: Rect): [number, number][] => [[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]];
const wkt = (r: Rect) => `POLYGON((${ringOf(r).map((p) => p.join(' ')).join(', ')}))`;

/** A rectangle in metres as a GeoJSON Polygon in WGS 84 (9 decimals: 0.1 mm). */
async function polygon(r: Rect): Promise<GeoJSON.Polygon> {
  const [row] = await t.db.query<{ g: string }>(`SELECT ST_AsGeoJSON(ST_Transform(ST_SetSRID(ST_GeomFromText($1), ${GK}), 4326), 9) AS g`, [wkt(r)]);
  return JSON.parse(row!.g) as GeoJSON.Polygon;
}

async function estate(name: string, plan: string, r: Rect): Promise<number> {
  const [row] = await t.db.query<{ id: number }>(
    `INSERT INTO estates (plan_id, name, district_code, street_code, source, geom) SELECT id, $1, '369995', '369995001', 'overlap fixture',
       ST_Multi(ST_Transform(ST_SetSRID(ST_GeomFromText($2), ${GK}), 4326)) FROM plans WHERE slug = $3 RETURNING id`,
    [name, wkt(r), plan],
  );
  return row!.id;
}

const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const version = async (estateId: number) => (await t.db.query<{ v: number }>(`SELECT version AS v FROM estates WHERE id = $1`, [estateId]))[0]!.v;
const put = async (estateId: number, r: Rect, extra: object = {}) =>
  designer.json<Reply>(`/api/estates/${estateId}/geometry`, json('PUT', { version: await version(estateId), geometry: await polygon(r), ...extra }));
/** The area of an estate's stored red line in the fixture's metres. */
const storedX = async (estateId: number) => (await t.db.query<{ x: number }>(`SELECT ST_XMin(ST_Transform(geom, ${GK})) AS x FROM estates WHERE id = $1`, [estateId]))[0]!.x;

beforeAll(async () => {
  t = await testApp();
  designer = await t.as('designer');
  await t.db.query(`INSERT INTO regions (code, name, level, parent_code, code_source) VALUES ('369995', '重叠测试区', 'district', '36', 'generated'), ('369995001', '重叠测试街道', 'street', '369995', 'generated')`);
  await t.db.query(`INSERT INTO plans (slug, region_code, year, title, source) VALUES ('overlap-a', '369995', 2024, '重叠测试计划A', 'overlap fixture'), ('overlap-b', '369995', 2025, '重叠测试计划B', 'overlap fixture')`);
  id.a = await estate('重叠甲', 'overlap-a', [X0, Y0, 100, 100]);
  // 芙蓉花苑 east of 甲, same plan; 丁 further east, same plan; 丙 of another plan lies over both.
  id.b = await estate('芙蓉花苑', 'overlap-a', [X0 + 100, Y0, 100, 100]);
  id.d = await estate('重叠丁', 'overlap-a', [X0 + 250, Y0, 100, 100]);
  id.c = await estate('另一计划丙', 'overlap-b', [X0, Y0 + 50, 400, 100]);
});
afterAll(async () => t?.close());

describe('PUT /api/estates/:id/geometry: the overlap rule', () => {
  it('refuses a red line over a neighbour of the same plan with 422 overlap and the area in m², writing nothing', async () => {
    const before = await databaseFingerprint(t.db);
    // 甲 moved 30 m east: over 芙蓉花苑 by 30 m × 100 m; over 丙 (another plan) too, which does not count.
    const res = await put(id.a, [X0 + 30, Y0, 100, 100]);
    expect(res.status).toBe(422);
    expect(res.body.error!.code).toBe('overlap');
    const details = res.body.error!.details as { estateId: number; name: string; areaM2: number }[];
    expect(details).toHaveLength(1);
    expect(details[0]).toEqual({ estateId: id.b, name: '芙蓉花苑', areaM2: expect.any(Number) });
    expect(Math.abs(details[0]!.areaM2 - 30 * 100)).toBeLessThan(0.5);
    expect(await databaseFingerprint(t.db)).toEqual(before);
  });

  it('names every neighbour overlapped, largest first', async () => {
    // x 140–290: over 芙蓉花苑 (x 100–200) by 60 × 100 and over 丁 (x 250–350) by 40 × 100.
    const res = await put(id.a, [X0 + 140, Y0 + 0, 150, 100]);
    expect(res.status).toBe(422);
    const details = res.body.error!.details as { estateId: number; areaM2: number }[];
    expect(details.map((d) => d.estateId)).toEqual([id.b, id.d]);
    expect(details[0]!.areaM2).toBeCloseTo(60 * 100, 0);
    expect(details[1]!.areaM2).toBeCloseTo(40 * 100, 0);
  });

  it('allows a touch and an overlap of at most 1 m²', async () => {
    // Sharing 芙蓉花苑's west edge: no area in common.
    const touch = await put(id.a, [X0, Y0, 100, 100]);
    expect(touch.status).toBe(200);
    expect(touch.body.overlaps).toEqual([]);
    // 5 mm × 100 m = 0.5 m² over it: within the threshold.
    const sliver = await put(id.a, [X0 + 0.005, Y0, 100, 100]);
    expect(sliver.status).toBe(200);
    expect(await storedX(id.a)).toBeCloseTo(X0 + 0.005, 3);
    // 2 cm × 100 m = 2 m²: over it.
    const over = await put(id.a, [X0 + 0.02, Y0, 100, 100]);
    expect(over.status).toBe(422);
    expect((over.body.error!.details as { areaM2: number }[])[0]!.areaM2).toBeCloseTo(2, 1);
  });

  it('saves an overlap sent with allowOverlap and a reason, and the audit trail keeps who, why and how much', async () => {
    const noReason = await put(id.a, [X0 + 30, Y0, 100, 100], { allowOverlap: true });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error).toMatchObject({ code: 'bad_request', details: [{ parameter: 'reason' }] });
    const blank = await put(id.a, [X0 + 30, Y0, 100, 100], { allowOverlap: true, reason: '   ' });
    expect(blank.status).toBe(400);

    const v = await version(id.a);
    const reason = '两小区共用围墙，测绘红线以规划批复为准';
    const res = await put(id.a, [X0 + 30, Y0, 100, 100], { allowOverlap: true, reason });
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(v + 1);
    expect(res.body.overlaps).toEqual([{ estateId: id.b, name: '芙蓉花苑', areaM2: expect.any(Number) }]);
    expect(res.body.overlaps[0]!.areaM2).toBeCloseTo(3000, 0);
    expect(await storedX(id.a)).toBeCloseTo(X0 + 30, 3);

    // As jsonb text: the engines hand jsonb back differently; an array, not a JSON string in jsonb.
    const [row] = await t.db.query<{ id: number; version: number; reason: string; overlapped: string; source: string; kind: string }>(
      `SELECT id, version, reason, overlapped::text AS overlapped, jsonb_typeof(overlapped) AS kind, source FROM overlap_overrides WHERE estate_id = $1`,
      [id.a],
    );
    expect(row).toMatchObject({ version: v + 1, reason, source: 'drawn', kind: 'array' });
    expect(JSON.parse(row!.overlapped)).toEqual([{ estateId: id.b, name: '芙蓉花苑', areaM2: res.body.overlaps[0]!.areaM2 }]);
    const audit = await t.json<AuditPage>(`/api/audit?table=overlap_overrides&rowId=${row!.id}`);
    expect(audit.body.entries).toHaveLength(1);
    expect(audit.body.entries[0]).toMatchObject({
      actor: 'designer',
      request: `PUT /api/estates/${id.a}/geometry`,
      action: 'insert',
      after: { estate_id: id.a, version: v + 1, reason, overlapped: [{ estateId: id.b, name: '芙蓉花苑' }] },
    });
  });
});

describe('POST /api/estates/:id/geometry/check', () => {
  it('shows the overlap before saving: its area and its shape, with the area and perimeter of the red line; writes nothing', async () => {
    const before = await databaseFingerprint(t.db);
    const res = await designer.json<EstateGeometryCheck>(`/api/estates/${id.d}/geometry/check`, json('POST', { geometry: await polygon([X0 + 180, Y0, 100, 50]) }));
    expect(res.status).toBe(200);
    expect(res.body.areaM2).toBeCloseTo(5000, 0);
    expect(res.body.perimeterM).toBeCloseTo(300, 1);
    expect(res.body.thresholdM2).toBe(1);
    // 芙蓉花苑 (x 100–200) by 20 × 50; 甲 now at x 30–130: no; 丙 is another plan.
    expect(res.body.overlaps).toHaveLength(1);
    expect(res.body.overlaps[0]).toMatchObject({ estateId: id.b, name: '芙蓉花苑' });
    expect(res.body.overlaps[0]!.areaM2).toBeCloseTo(1000, 0);
    const [shape] = await t.db.query<{ area: number; x: number; w: number }>(
      `SELECT ST_Area(g) AS area, ST_XMin(g) AS x, ST_XMax(g) - ST_XMin(g) AS w FROM (SELECT ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326), ${GK}) AS g) s`,
      [JSON.stringify(res.body.overlaps[0]!.geometry)],
    );
    expect(shape!.area).toBeCloseTo(1000, 0);
    expect(shape!.x).toBeCloseTo(X0 + 180, 2);
    expect(shape!.w).toBeCloseTo(20, 2);
    expect(await databaseFingerprint(t.db)).toEqual(before);
  });

  it('is for the roles that may save, and refuses what cannot be a red line with coded problems', async () => {
    const leader = await t.as('leader');
    expect((await leader.request(`/api/estates/${id.d}/geometry/check`, json('POST', { geometry: await polygon([X0, Y0, 10, 10]) }))).status).toBe(403);
    const r = (await polygon([X0 + 500, Y0, 10, 10])).coordinates[0]!;
    const open = await designer.json<{ error: { code: string; details: unknown } }>(
      `/api/estates/${id.d}/geometry/check`,
      json('POST', { geometry: { type: 'Polygon', coordinates: [r.slice(0, 4)] } }),
    );
    expect(open.status).toBe(422);
    expect(open.body.error).toMatchObject({ code: 'invalid_geometry', details: [{ field: 'geometry', code: 'ring_open', params: { polygon: 0, ring: 0 } }] });
  });
});

describe('the overlap search uses the GiST index', () => {
  it('EXPLAIN shows estates_geom_gix with && as the index condition', async () => {
    const [wkb] = await t.db.query<{ w: string }>(`SELECT encode(ST_AsBinary(geom), 'hex') AS w FROM estates WHERE id = $1`, [id.a]);
    const plan = await t.db.transaction(async (tx) => {
      const rows = await tx.query<Record<string, string>>(`EXPLAIN ${overlapsSql}`, [JSON.stringify([{ i: 0, wkb: wkb!.w, estate_id: id.a }]), false, 1]);
      return rows.map((r) => Object.values(r)[0]).join('\n');
    });
    expect(plan, plan).toMatch(/Index Scan using estates_geom_gix on estates e/);
    expect(plan, plan).toMatch(/Index Cond: \(\(?geom && x\.g\)/);
  });
});

describe('two neighbours saved at the same instant', () => {
  it('cannot both pass the overlap rule: one is saved, the other refused with 422 overlap naming it', async () => {
    // 戊 (x 1000–1100) and 己 (x 1300–1400), same plan. 戊 moved to x 1100–1250 and 己 to
    // x 1150–1300: neither overlaps the other's saved line, but the two new lines overlap by
    // 100 m × 100 m. Sent together, whichever commits second must see the first.
    const e = await estate('并发戊', 'overlap-a', [X0 + 1000, Y0, 100, 100]);
    const f = await estate('并发己', 'overlap-a', [X0 + 1300, Y0, 100, 100]);
    const reset = async () => {
      for (const [estateId, r] of [[e, [X0 + 1000, Y0, 100, 100]], [f, [X0 + 1300, Y0, 100, 100]]] as [number, Rect][]) {
        await t.db.query(`UPDATE estates SET geom = ST_Multi(ST_Transform(ST_SetSRID(ST_GeomFromText($2), ${GK}), 4326)) WHERE id = $1`, [estateId, wkt(r)]);
      }
    };
    // Several rounds: without a lock between the check and the commit, a round where both pass is
    // the common case on PostgreSQL (the embedded engine runs one statement at a time anyway).
    for (let round = 0; round < 6; round++) {
      await reset();
      const [ve, vf] = [await version(e), await version(f)];
      const [ge, gf] = [await polygon([X0 + 1100, Y0, 150, 100]), await polygon([X0 + 1150, Y0, 150, 100])];
      const [re, rf] = await Promise.all([
        designer.json<Reply>(`/api/estates/${e}/geometry`, json('PUT', { version: ve, geometry: ge })),
        designer.json<Reply>(`/api/estates/${f}/geometry`, json('PUT', { version: vf, geometry: gf })),
      ]);
      expect([re.status, rf.status].sort(), `round ${round}`).toEqual([200, 422]);
      const refused = re.status === 422 ? re : rf;
      expect(refused.body.error!.code).toBe('overlap');
      const [d] = refused.body.error!.details as { estateId: number; areaM2: number }[];
      expect(d!.estateId).toBe(re.status === 422 ? f : e);
      expect(d!.areaM2).toBeCloseTo(100 * 100, 0);
      // What is stored agrees: the two saved lines overlap by at most the threshold.
      const [o] = await t.db.query<{ a: number }>(
        `SELECT ST_Area(ST_Intersection(ST_Transform(a.geom, ${GK}), ST_Transform(b.geom, ${GK}))) AS a FROM estates a, estates b WHERE a.id = $1 AND b.id = $2`,
        [e, f],
      );
      expect(o!.a).toBeLessThanOrEqual(1);
    }
  });
});
