import fc from 'fast-check';
import type { FeatureCollection, MultiPolygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZoneFeature, ZoneFigures } from '../../shared/zones/contract.ts';
import { testApp, type TestApp } from './support/test-app.ts';

/**
 * Neighbouring estates surveyed apart rarely share an edge exactly: one red line's corner lies a
 * millimetre inside or outside the other's. On PGlite's GEOS the outline's closing (a buffer out
 * and back in) of such a group failed about one time in five, and PGlite answers a failed GEOS
 * call with no rows instead of an error: the zone was saved without an outline and the group
 * dropped out of the suggestions, silently. Here each run draws a row of 2–4 estates, each
 * sharing its left edge with its neighbour's right edge up to a random mismatch of 10⁻⁸ to 0.1 m,
 * and both the suggestion and the saved zone must have an outline that covers every red line.
 * Drawn in metres in CGCS2000 Gauss-Krüger (EPSG:4547, the zone the app picks there), stored in
 * WGS 84.
 */
let t: TestApp;
const GK = 4547;
const RUNS = Number(process.env.PROPERTY_RUNS ?? 20);

beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());

type Quad = [number, number][];

/** A row of quadrilaterals, each one's left edge its left neighbour's right edge moved by the mismatches. */
function row(widths: number[], mismatches: number[], tilt: number[]): Quad[] {
  const quads: Quad[] = [];
  let right: [number, number][] = [[500000, 2843000], [500000, 2843050]];
  widths.forEach((w, k) => {
    const e = (j: number) => mismatches[(4 * k + j) % mismatches.length]!;
    const a: [number, number] = [right[0]![0] + e(0), right[0]![1] + e(1)];
    const b: [number, number] = [right[1]![0] + e(2), right[1]![1] + e(3)];
    const d: [number, number] = [a[0] + w, a[1] + tilt[k % tilt.length]!];
    const c: [number, number] = [b[0] + w + tilt[(k + 1) % tilt.length]!, b[1] - tilt[k % tilt.length]!];
    quads.push([a, d, c, b, a]);
    right = [d, c];
  });
  return quads;
}

const wkt = (q: Quad) => `MULTIPOLYGON(((${q.map((p) => p.join(' ')).join(', ')})))`;

let district = 0;
/** A district of its own per run (suggestions are cached per district and parameters). */
async function place(quads: Quad[]): Promise<{ code: string; ids: number[] }> {
  const code = `3698${String(district++).padStart(2, '0')}`;
  await t.db.query(`INSERT INTO regions (code, name, level, parent_code, code_source) VALUES ($1, '轮廓测试区' || $1, 'district', '36', 'generated'), ($1 || '001', '轮廓测试街道', 'street', $1, 'generated')`, [code]);
  await t.db.query(`INSERT INTO plans (slug, region_code, year, title, source) VALUES ('outline-' || $1, $1, 2024, '轮廓测试计划', 'outline fixture')`, [code]);
  const ids: number[] = [];
  for (const [k, q] of quads.entries()) {
    const [r] = await t.db.query<{ id: number }>(
      `INSERT INTO estates (plan_id, name, district_code, street_code, source, geom, geom_synthetic)
       SELECT p.id, $2, $3, $3 || '001', 'outline fixture', ST_Multi(ST_Transform(ST_SetSRID(ST_GeomFromText($1), ${GK}), 4326)), true
       FROM plans p WHERE p.slug = 'outline-' || $3 RETURNING id`,
      [wkt(q), `轮廓小区${k + 1}`, code],
    );
    ids.push(r!.id);
  }
  return { code, ids };
}

/**
 * The outline's area, whether it covers every red line (1 cm of slack for the 1 mm grid), and the
 * red lines' area. Each red line is checked on its own: a union of these near-matching shapes is
 * exactly what GEOS fails on, and PGlite would answer the check itself with no row.
 */
async function covers(outline: MultiPolygon, ids: number[]): Promise<{ covers: boolean; area: number; redLines: number }> {
  const [r] = await t.db.query<{ covers: boolean; area: number; red_lines: number }>(
    `WITH o AS (SELECT ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326), ${GK}) AS g)
     SELECT bool_and(ST_Covers(ST_Buffer(o.g, 0.01), ST_Transform(e.geom, ${GK}))) AS covers, min(ST_Area(o.g))::float8 AS area,
            sum(ST_Area(ST_Transform(e.geom, ${GK})))::float8 AS red_lines
     FROM o CROSS JOIN estates e WHERE e.id = ANY($2::int[])`,
    [JSON.stringify(outline), ids],
  );
  if (!r || r.covers === null) throw new Error('the check itself got no answer from the database');
  return { covers: r.covers, area: r.area, redLines: r.red_lines };
}

describe('zone outlines of estates whose shared edges do not quite match', () => {
  /** One run's checks: the group is suggested with an outline, and saved with one, covering every red line. */
  async function check(quads: Quad[]) {
    const { code, ids } = await place(quads);
    const suggested = await t.json<FeatureCollection<MultiPolygon | null, ZoneFigures>>(`/api/zones/suggest?district=${code}&minEstates=2&gapMeters=30`);
    expect(suggested.status).toBe(200);
    expect(suggested.body.features.map((f) => f.properties.estateIds)).toEqual([ids]);
    const group = suggested.body.features[0]!;
    expect(group.geometry, 'the suggestion has an outline').not.toBeNull();
    expect(await covers(group.geometry!, ids)).toMatchObject({ covers: true });

    const saved = await t.json<ZoneFeature>('/api/zones', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: `轮廓片区${code}`, estateIds: ids }) });
    expect(saved.status).toBe(201);
    expect(saved.body.geometry, 'the saved zone has an outline').not.toBeNull();
    const fit = await covers(saved.body.geometry as MultiPolygon, ids);
    expect(fit.covers).toBe(true);
    // The closing fills at most the seams between the estates, not the land around them.
    expect(fit.area).toBeLessThan(fit.redLines * 1.01);
  }

  it('two estates sharing an edge exactly in metres (the shape that failed on PGlite)', async () => {
    await check(row([28.368913670739857, 20], [0, 0, 0, 0], [3.4986702960450207]));
  });

  it('are always there and cover every red line, in the suggestions and in a saved zone', async () => {
    const mismatch = fc.tuple(fc.double({ min: -0.5, max: 0.5, noNaN: true }), fc.integer({ min: 1, max: 8 })).map(([m, exp]) => m * 10 ** -exp);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.double({ min: 20, max: 60, noNaN: true }), { minLength: 2, maxLength: 4 }),
        fc.array(mismatch, { minLength: 4, maxLength: 16 }),
        fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 1, maxLength: 4 }),
        async (widths, mismatches, tilt) => check(row(widths, mismatches, tilt)),
      ),
      { numRuns: RUNS, examples: [[[20, 20], [1.1641532182693484e-9, 0, 0, 0, -6.111804395914079e-10, 0, 0], [0]]] },
    );
  });
});
