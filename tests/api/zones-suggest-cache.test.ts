import type { FeatureCollection, MultiPolygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZoneFigures } from '../../shared/zones/contract.ts';
import { testApp, type TestApp } from './support/test-app.ts';

// Suggestions are cached per district and parameters and dropped by NOTIFY data_changed for
// estates, plans and projects. Fixtures in metres in the Gauss-Krüger zone of 114°E (EPSG:4547).

type Suggested = FeatureCollection<MultiPolygon, ZoneFigures & { gapMeters: number }>;

let t: TestApp;
const id: Record<string, number> = {};
const plan: Record<string, number> = {};
const GK = 4547;
const X0 = 500000;
const DISTRICT = '369997';
const URL = `/api/zones/suggest?district=${DISTRICT}&minEstates=1`;
const square = (x: number, y: number) => `MULTIPOLYGON(((${x} ${y}, ${x + 50} ${y}, ${x + 50} ${y + 50}, ${x} ${y + 50}, ${x} ${y})))`;

async function estate(name: string, planSlug: string, x: number, households: number, project: number | null = null) {
  const [row] = await t.db.query<{ id: number }>(
    `INSERT INTO estates (plan_id, project_id, name, district_code, street_code, households, source, geom, geom_synthetic)
     SELECT p.id, $4, $1, '${DISTRICT}', '${DISTRICT}001', $3, 'cache fixture', ST_Multi(ST_Transform(ST_SetSRID(ST_GeomFromText($2), ${GK}), 4326)), true
     FROM plans p WHERE p.slug = $5 RETURNING id`,
    [name, square(X0 + x, 2850000), households, project, planSlug],
  );
  id[name] = row!.id;
}

beforeAll(async () => {
  t = await testApp();
  await t.db.query(`INSERT INTO regions (code, name, level, parent_code, code_source) VALUES ('${DISTRICT}', '缓存区', 'district', '36', 'generated'), ('${DISTRICT}001', '缓存街道', 'street', '${DISTRICT}', 'generated')`);
  for (const [slug, year] of [['cache-a', 2024], ['cache-b', 2025]] as const) {
    const [p] = await t.db.query<{ id: number }>(`INSERT INTO plans (slug, region_code, year, title, source) VALUES ($1, '${DISTRICT}', $2, '缓存测试计划', 'cache fixture') RETURNING id`, [slug, year]);
    plan[slug] = p!.id;
  }
  const [pj] = await t.db.query<{ id: number }>(`INSERT INTO projects (plan_id, name, planned_investment_wan, source) VALUES ($1, '整体项目', 1000, 'cache fixture') RETURNING id`, [plan['cache-a']]);
  id.project = pj!.id;
  // A1–A2–A3 in a row with 20 m streets (A1 and A2 one project with money for the whole), A4 120 m on;
  // B1 (the other plan) 20 m past A4.
  await estate('A1', 'cache-a', 0, 100, id.project);
  await estate('A2', 'cache-a', 70, 200, id.project);
  await estate('A3', 'cache-a', 140, 300);
  await estate('A4', 'cache-a', 310, 50);
  await estate('B1', 'cache-b', 380, 10);
});
afterAll(async () => t?.close());

const ids = (...names: string[]) => names.map((n) => id[n]!);
const groups = (fc: Suggested) => fc.features.map((f) => f.properties.estateIds);

async function get(path = URL) {
  const res = await t.request(path);
  expect(res.status).toBe(200);
  const text = await res.text();
  return { cache: res.headers.get('x-cache'), text, body: JSON.parse(text) as Suggested };
}

/** The next answers until `ok` holds: the write is heard through NOTIFY after commit (bounded wait). */
async function until(ok: (fc: Suggested) => boolean, path = URL) {
  let last = await get(path);
  for (let i = 0; i < 100 && !ok(last.body); i++) {
    await new Promise((r) => setTimeout(r, 20));
    last = await get(path);
  }
  return last;
}

describe('GET /api/zones/suggest, cached', () => {
  it('serves a repeated request from memory with the identical answer', async () => {
    // LISTEN is set up as the app starts; until then nothing is cached.
    const first = await get();
    expect(groups(first.body)).toEqual([ids('A1', 'A2', 'A3'), ids('A4', 'B1')]);
    let second = await get();
    for (let i = 0; i < 50 && second.cache !== 'hit'; i++) {
      await new Promise((r) => setTimeout(r, 20));
      second = await get();
    }
    expect(second.cache).toBe('hit');
    expect(second.text).toBe(first.text);
    // Other parameters are another entry.
    const tight = await get(`${URL}&gapMeters=10`);
    expect(tight.cache).toBe('miss');
    expect(groups(tight.body)).toHaveLength(5);
    expect((await get(`${URL}&gapMeters=10`)).cache).toBe('hit');
  });

  it('computes identical requests that arrive together once', async () => {
    const all = await Promise.all([1, 2, 3].map(() => get(`${URL}&gapMeters=25`)));
    expect(all.map((r) => r.cache).sort()).toEqual(['hit', 'hit', 'miss']);
    expect(new Set(all.map((r) => r.text)).size).toBe(1);
  });

  it('moving a red line changes the groups on the next answer', async () => {
    await get();
    // A4 moves 100 m nearer A3 (20 m gap): one group of four, B1 now 120 m away on its own.
    await t.db.query(`UPDATE estates SET geom = ST_Transform(ST_Translate(ST_Transform(geom, ${GK}), -100, 0), 4326) WHERE id = $1`, [id.A4]);
    const after = await until((fc) => fc.features.length === 2 && fc.features[0]!.properties.estateCount === 4);
    expect(groups(after.body)).toEqual([ids('A1', 'A2', 'A3', 'A4'), ids('B1')]);
    expect(after.body.features[0]!.properties.households).toBe(650);
  });

  it('an estate figure changes the totals on the next answer', async () => {
    await get();
    await t.db.query(`UPDATE estates SET households = 700 WHERE id = $1`, [id.A3]);
    const after = await until((fc) => fc.features[0]!.properties.households !== 650);
    expect(after.body.features[0]!.properties.households).toBe(1050);
  });

  it("a project's planned money changes the zone's money on the next answer", async () => {
    const before = await get();
    expect(before.body.features[0]!.properties.plannedInvestmentWan).toBe(1000);
    await t.db.query(`UPDATE projects SET planned_investment_wan = 1500 WHERE id = $1`, [id.project]);
    const after = await until((fc) => fc.features[0]!.properties.plannedInvestmentWan !== 1000);
    expect(after.body.features[0]!.properties.plannedInvestmentWan).toBe(1500);
  });

  it("a plan's year and a deleted plan change the next answer", async () => {
    const y2025 = `${URL}&year=2025`;
    expect(groups((await get(y2025)).body)).toEqual([ids('B1')]);
    await t.db.query(`UPDATE plans SET year = 2026 WHERE id = $1`, [plan['cache-b']]);
    expect((await until((fc) => fc.features.length === 0, y2025)).body.features).toEqual([]);
    expect(groups((await get(`${URL}&year=2026`)).body)).toEqual([ids('B1')]);

    expect(groups((await get()).body)).toEqual([ids('A1', 'A2', 'A3', 'A4'), ids('B1')]);
    const del = await t.request(`/api/plans/${plan['cache-b']}?confirm=cache-b`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    const after = await until((fc) => fc.features.length === 1);
    expect(groups(after.body)).toEqual([ids('A1', 'A2', 'A3', 'A4')]);
  });

  it('a rolled-back write drops nothing that was right', async () => {
    const before = await get();
    await t.db.transaction(async (tx) => {
      await tx.query(`UPDATE estates SET households = 1 WHERE id = $1`, [id.A1]);
      throw new Error('roll back');
    }).catch(() => {});
    await new Promise((r) => setTimeout(r, 50));
    const again = await get();
    expect(again.cache).toBe('hit');
    expect(again.text).toBe(before.text);
  });
});
