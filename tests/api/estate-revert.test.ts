import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage } from '../../shared/audit/contract.ts';
import type { EstateGeometryResponse, GeometryHistoryEntry } from '../../shared/scopes/contract.ts';
import { databaseFingerprint, testApp, type Client, type TestApp } from './support/test-app.ts';

// Restoring an earlier red line (issue 17): POST /api/estates/:id/geometry/revert { historyId,
// version } makes it a new version, through the same checks as drawing. Shapes are rectangles in
// EPSG:4547 metres so that each version is told apart by where it lies and its area.

let t: TestApp;
let designer: Client;
const GK = 4547;
const X0 = 540000;
const Y0 = 2880000;
let estate = 0;
let neighbour = 0;
let bare = 0;

type Reply = EstateGeometryResponse & { error?: { code: string; message: string; details?: unknown } };
type Rect = [x: number, y: number, w: number, h: number];
const wkt = ([x, y, w, h]: Rect) => `POLYGON((${x} ${y}, ${x + w} ${y}, ${x + w} ${y + h}, ${x} ${y + h}, ${x} ${y}))`;
async function polygon(r: Rect): Promise<GeoJSON.Polygon> {
  const [row] = await t.db.query<{ g: string }>(`SELECT ST_AsGeoJSON(ST_Transform(ST_SetSRID(ST_GeomFromText($1), ${GK}), 4326), 9) AS g`, [wkt(r)]);
  return JSON.parse(row!.g) as GeoJSON.Polygon;
}
/** Where a GeoJSON shape lies and how big it is, in the fixture's metres. */
async function measure(g: unknown): Promise<{ x: number; area: number }> {
  const [row] = await t.db.query<{ x: number; area: number }>(
    `SELECT ST_XMin(g) AS x, ST_Area(g) AS area FROM (SELECT ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326), ${GK}) AS g) s`,
    [JSON.stringify(g)],
  );
  return row!;
}
const stored = async (id: number) =>
  (await t.db.query<{ x: number; area: number; version: number }>(`SELECT ST_XMin(ST_Transform(geom, ${GK})) AS x, ST_Area(ST_Transform(geom, ${GK})) AS area, version FROM estates WHERE id = $1`, [id]))[0]!;
const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const history = async (id: number) => {
  const res = await designer.json<GeometryHistoryEntry[]>(`/api/estates/${id}/geometry-history`);
  expect(res.status).toBe(200);
  return res.body;
};
const revert = (id: number, body: object) => designer.json<Reply>(`/api/estates/${id}/geometry/revert`, json('POST', body));

async function insertEstate(name: string, r: Rect | null): Promise<number> {
  const [row] = await t.db.query<{ id: number }>(
    `INSERT INTO estates (plan_id, name, district_code, street_code, source, geom) SELECT id, $1, '369994', '369994001', 'revert fixture',
       CASE WHEN $2::text IS NULL THEN NULL ELSE ST_Multi(ST_Transform(ST_SetSRID(ST_GeomFromText($2), ${GK}), 4326)) END FROM plans WHERE slug = 'revert-a' RETURNING id`,
    [name, r ? wkt(r) : null],
  );
  return row!.id;
}

beforeAll(async () => {
  t = await testApp();
  designer = await t.as('designer');
  await t.db.query(`INSERT INTO regions (code, name, level, parent_code, code_source) VALUES ('369994', '恢复测试区', 'district', '36', 'generated'), ('369994001', '恢复测试街道', 'street', '369994', 'generated')`);
  await t.db.query(`INSERT INTO plans (slug, region_code, year, title, source) VALUES ('revert-a', '369994', 2024, '恢复测试计划', 'revert fixture')`);
  // Version 1: 100 × 100 at X0. Then drawn as 120 × 50 at X0 + 300 (version 2).
  estate = await insertEstate('恢复小区', [X0, Y0, 100, 100]);
  const v2 = await designer.json<Reply>(`/api/estates/${estate}/geometry`, json('PUT', { version: 1, geometry: await polygon([X0 + 300, Y0, 120, 50]) }));
  expect(v2.status).toBe(200);
  bare = await insertEstate('无红线小区', null);
  const drawn = await designer.json<Reply>(`/api/estates/${bare}/geometry`, json('PUT', { version: 1, geometry: await polygon([X0 + 1000, Y0, 50, 50]) }));
  expect(drawn.status).toBe(200);
});
afterAll(async () => t?.close());

describe('GET /api/estates/:id/geometry-history', () => {
  it('gives each version its shape and area, and the shape that replaced it', async () => {
    const [entry] = await history(estate);
    expect(entry).toMatchObject({ layer: 'estate', version: 1, replacedBy: 'drawn' });
    expect(entry!.areaM2).toBeCloseTo(10000, 0);
    expect(await measure(entry!.geometry)).toMatchObject({ x: expect.closeTo(X0, 2), area: expect.closeTo(10000, 0) });
    expect(await measure(entry!.replacedWith)).toMatchObject({ x: expect.closeTo(X0 + 300, 2), area: expect.closeTo(6000, 0) });
  });
});

describe('POST /api/estates/:id/geometry/revert', () => {
  it('restores version 1 as version 3, keeps version 2 in the history, and is audited', async () => {
    const [v1] = await history(estate);
    const lastAudit = (await t.db.query<{ id: number }>(`SELECT coalesce(max(id), 0)::int AS id FROM audit_log`))[0]!.id;
    const res = await revert(estate, { historyId: v1!.id, version: 1, currentVersion: 2 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: estate, version: 3, repairs: [], overlaps: [], revertedFrom: { historyId: v1!.id, version: 1 } });
    expect(res.body.areaM2).toBeCloseTo(10000, 0);
    expect(res.body.perimeterM).toBeCloseTo(400, 1);
    expect(await stored(estate)).toMatchObject({ x: expect.closeTo(X0, 2), area: expect.closeTo(10000, 0), version: 3 });

    const entries = await history(estate);
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ version: 2, replacedBy: 'revert: version 1' });
    expect(await measure(entries[0]!.geometry)).toMatchObject({ x: expect.closeTo(X0 + 300, 2), area: expect.closeTo(6000, 0) });
    expect(await measure(entries[0]!.replacedWith)).toMatchObject({ x: expect.closeTo(X0, 2) });

    const audit = await t.json<AuditPage>(`/api/audit?table=estates&rowId=${estate}`);
    const row = audit.body.entries.find((e) => e.id > lastAudit);
    expect(row).toMatchObject({ actor: 'designer', request: `POST /api/estates/${estate}/geometry/revert`, action: 'update', before: { version: 2 }, after: { version: 3 } });
    expect((row!.after as { geom: { type: string } }).geom.type).toBe('MultiPolygon');
  });

  it('refuses a mismatched version, another estate’s entry, an unknown entry and a stale estate, writing nothing', async () => {
    const [newest] = await history(estate);
    const [other] = await history(bare);
    const before = await databaseFingerprint(t.db);
    const mismatch = await revert(estate, { historyId: newest!.id, version: 1 });
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.error).toMatchObject({ code: 'history_version_mismatch', details: { historyId: newest!.id, version: 1, entryVersion: 2 } });
    const foreign = await revert(estate, { historyId: other!.id, version: other!.version });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error).toMatchObject({ code: 'unknown_history', details: { historyId: other!.id } });
    const unknown = await revert(estate, { historyId: 2_000_000_000, version: 1 });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error!.code).toBe('unknown_history');
    const stale = await revert(estate, { historyId: newest!.id, version: 2, currentVersion: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'stale_version', details: { currentVersion: 3 } });
    const noEstate = await revert(2_000_000_000, { historyId: newest!.id, version: 2 });
    expect(noEstate.status).toBe(404);
    expect(noEstate.body.error!.code).toBe('not_found');
    expect(await databaseFingerprint(t.db)).toEqual(before);
  });

  it('says there is nothing to restore when that version had no red line', async () => {
    const [first] = await history(bare);
    expect(first).toMatchObject({ version: 1, geometry: null, areaM2: null });
    const before = await databaseFingerprint(t.db);
    const res = await revert(bare, { historyId: first!.id, version: 1 });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'empty_history', details: { historyId: first!.id, version: 1 } });
    expect(await databaseFingerprint(t.db)).toEqual(before);
  });

  it('applies the overlap rule: refused over a neighbour drawn since, restored with a reason', async () => {
    // The estate is back at version 1's place (X0). Its version 2 (x 300–420) is in the history;
    // a neighbour of the same plan now lies at x 400–500, 20 m × 50 m over version 2.
    neighbour = await insertEstate('后来的邻居', [X0 + 400, Y0, 100, 100]);
    const v2 = (await history(estate)).find((e) => e.version === 2)!;
    const before = await databaseFingerprint(t.db);
    const refused = await revert(estate, { historyId: v2.id, version: 2 });
    expect(refused.status).toBe(422);
    expect(refused.body.error!.code).toBe('overlap');
    const details = refused.body.error!.details as { estateId: number; name: string; areaM2: number }[];
    expect(details).toEqual([{ estateId: neighbour, name: '后来的邻居', areaM2: expect.any(Number) }]);
    expect(Math.abs(details[0]!.areaM2 - 20 * 50)).toBeLessThan(0.5);
    expect(await databaseFingerprint(t.db)).toEqual(before);

    const ok = await revert(estate, { historyId: v2.id, version: 2, allowOverlap: true, reason: '邻居红线待复核' });
    expect(ok.status).toBe(200);
    expect(ok.body.version).toBe(4);
    const [row] = await t.db.query<{ reason: string; source: string; version: number }>(`SELECT reason, source, version FROM overlap_overrides WHERE estate_id = $1`, [estate]);
    expect(row).toEqual({ reason: '邻居红线待复核', source: 'revert: version 2', version: 4 });
  });
});
