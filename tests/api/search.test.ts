import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEARCH_DEFAULT_LIMIT, SEARCH_MAX_LIMIT, SEARCH_TIERS, type SearchResponse, type SearchResult } from '../../shared/search/contract.ts';
import { testApp, type Client, type TestApp } from './support/test-app.ts';

/**
 * GET /api/search (README "Search"): names as written (partial), full pinyin and initials; the
 * ranking; the limit; what a reporter may find. The expected rows are read from the database.
 */
let t: TestApp;
let reporter: Client;
let leader: Client;
let jingan: { id: number; name: string; district_code: string; plan_id: number }; // 金赣小区, the example
let nankangYear: number;

beforeAll(async () => {
  t = await testApp();
  reporter = await t.as('reporter');
  leader = await t.as('leader');
  jingan = (await t.db.query<typeof jingan>(`SELECT id, name, district_code, plan_id FROM estates WHERE name = '金赣小区'`))[0]!;
  nankangYear = (await t.db.query<{ year: number }>('SELECT year FROM plans WHERE id = $1', [jingan.plan_id]))[0]!.year;
  // Two saved zones of 金赣小区: one named 金赣 exactly, one with 金赣 inside its name.
  for (const name of ['金赣', '老金赣示范片区']) expect((await t.request('/api/zones', zoneBody(name))).status).toBe(201);
});
afterAll(async () => t?.close());

const zoneBody = (name: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ name, estateIds: [jingan.id] }),
});
const find = async (client: Client, query: string) => {
  const res = await client.json<SearchResponse & { error?: { code: string } }>(`/api/search?${query}`);
  return res;
};
const q = (text: string, more = '') => `q=${encodeURIComponent(text)}${more}`;
const estateIds = (results: SearchResult[]) => results.filter((r) => r.kind === 'estate').map((r) => r.id);
const tierIndex = (r: SearchResult) => SEARCH_TIERS.indexOf(r.match.tier);

describe('matching', () => {
  it('finds 金赣小区 by its full pinyin, written together, apart or capitalised', async () => {
    for (const text of ['jinganxiaoqu', 'jingan', 'jin gan', 'JinGan', "jin'gan"]) {
      const res = await find(t, q(text));
      expect(res.status, text).toBe(200);
      const hit = res.body.results.find((r) => r.kind === 'estate' && r.id === jingan.id);
      expect(hit, text).toMatchObject({ name: '金赣小区', match: { by: 'pinyin', tier: text === 'jinganxiaoqu' ? 'exact' : 'prefix' } });
    }
  });

  it('finds 金赣小区 by its initials', async () => {
    const res = await find(t, q('jg'));
    expect(res.status).toBe(200);
    expect(res.body.query).toEqual({ written: 'jg', pinyin: 'jg' });
    expect(res.body.results.find((r) => r.id === jingan.id && r.kind === 'estate')).toMatchObject({ match: { by: 'initials', tier: 'prefix' } });
    expect((await find(t, q('jgxq'))).body.results[0]).toMatchObject({ kind: 'estate', id: jingan.id, match: { by: 'initials', tier: 'exact' } });
  });

  it('finds a name by a part of it as written, and by pinyin from the start of a syllable only', async () => {
    const partial = await find(t, q('赣小'));
    const expected = await t.db.query<{ id: number }>(`SELECT id FROM estates WHERE name LIKE '%赣小%' ORDER BY id`);
    expect(expected.map((r) => r.id)).toContain(jingan.id);
    expect(estateIds(partial.body.results).sort((a, b) => a! - b!)).toEqual(expected.map((r) => r.id));
    expect(partial.body.results.every((r) => r.match.by === 'name' && r.name.includes('赣小'))).toBe(true);
    expect((await find(t, q('金赣'))).body.results.find((r) => r.id === jingan.id)?.match).toEqual({ tier: 'prefix', by: 'name' });
    expect((await find(t, q('金赣小区'))).body.results[0]).toMatchObject({ id: jingan.id, match: { tier: 'exact', by: 'name' } });
    // 'ganxiao' begins at the syllable gan of jin-gan-xiao-qu; 'nganx' begins inside jin.
    expect((await find(t, q('ganxiao'))).body.results.find((r) => r.id === jingan.id)?.match).toEqual({ tier: 'partial', by: 'pinyin' });
    expect(estateIds((await find(t, q('nganx'))).body.results)).not.toContain(jingan.id);
  });

  it('reads a polyphonic character as its words do (银行 yinhang, 长江 changjiang)', async () => {
    const bank = await t.db.query<{ id: number }>(`SELECT id FROM estates WHERE name LIKE '%银行%' ORDER BY id`);
    const river = await t.db.query<{ id: number }>(`SELECT id FROM estates WHERE name LIKE '长江%' ORDER BY id`);
    expect(bank.length).toBeGreaterThan(0);
    expect(river.length).toBeGreaterThan(0);
    expect(estateIds((await find(t, q('yinhang', '&limit=50'))).body.results)).toEqual(expect.arrayContaining(bank.map((r) => r.id)));
    expect(estateIds((await find(t, q('changjiang', '&limit=50'))).body.results)).toEqual(expect.arrayContaining(river.map((r) => r.id)));
  });

  it('finds districts, streets and communities of the programmes, with where to fly', async () => {
    const [street] = await t.db.query<{ code: string; name: string; parent_code: string }>(
      `SELECT code, name, parent_code FROM regions WHERE code = $1`,
      [(await t.db.query<{ street_code: string }>('SELECT street_code FROM estates WHERE id = $1', [jingan.id]))[0]!.street_code],
    );
    const district = (await find(t, q('nankang'))).body.results.find((r) => r.kind === 'district');
    expect(district).toMatchObject({ code: jingan.district_code, name: '南康区', district: null, match: { by: 'pinyin' } });
    const [outline] = await t.db.query<{ b: number[] }>(
      `SELECT ARRAY[ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom)]::float8[] AS b FROM regions WHERE code = $1`,
      [jingan.district_code],
    );
    expect(district!.bbox).toEqual(outline!.b);
    const s = (await find(t, q(street!.name))).body.results[0]!;
    expect(s).toMatchObject({ kind: 'street', code: street!.code, match: { tier: 'exact', by: 'name' }, district: { code: street!.parent_code } });
    expect(s.bbox).not.toBeNull();
    // Every place found lies in a district that holds estates.
    const places = (await find(t, q('jie', `&limit=${SEARCH_MAX_LIMIT}`))).body.results.filter((r) => r.kind !== 'estate' && r.kind !== 'zone');
    const programmeDistricts = (await t.db.query<{ d: string }>('SELECT DISTINCT district_code AS d FROM estates')).map((r) => r.d);
    expect(places.length).toBeGreaterThan(0);
    for (const p of places) expect(programmeDistricts).toContain(p.kind === 'district' ? p.code : p.district!.code);
  });

  it("answers an estate's red line extent, its district, street and programme", async () => {
    const hit = (await find(t, q('金赣小区'))).body.results[0]!;
    const [row] = await t.db.query<{ b: number[]; district: string; street: string; slug: string }>(
      `SELECT ARRAY[ST_XMin(e.geom), ST_YMin(e.geom), ST_XMax(e.geom), ST_YMax(e.geom)]::float8[] AS b,
              d.name AS district, s.name AS street, p.slug
       FROM estates e JOIN regions d ON d.code = e.district_code JOIN regions s ON s.code = e.street_code JOIN plans p ON p.id = e.plan_id
       WHERE e.id = $1`,
      [jingan.id],
    );
    expect(hit).toMatchObject({ kind: 'estate', id: jingan.id, code: null, frame: 'outline', point: null, district: { name: row!.district }, street: { name: row!.street } });
    expect(hit.bbox).toEqual(row!.b);
    expect(hit.programme).toMatchObject({ key: row!.slug, year: nankangYear });
  });
});

describe('ranking', () => {
  it('puts exact before prefix before partial matches', async () => {
    for (const text of ['jg', '小区', 'q', 'hua', '金赣']) {
      const { results } = (await find(t, q(text, `&limit=${SEARCH_MAX_LIMIT}`))).body;
      expect(results.length, text).toBeGreaterThan(0);
      const tiers = results.map(tierIndex);
      expect(tiers, text).toEqual([...tiers].sort((a, b) => a - b));
    }
  });

  it('puts a saved zone named exactly so before estates that begin with it and names that contain it', async () => {
    const { results } = (await find(t, q('金赣', `&limit=${SEARCH_MAX_LIMIT}`))).body;
    const exact = results.findIndex((r) => r.kind === 'zone' && r.name === '金赣');
    const prefix = results.findIndex((r) => r.kind === 'estate' && r.id === jingan.id);
    const partial = results.findIndex((r) => r.kind === 'zone' && r.name === '老金赣示范片区');
    expect(exact).toBe(0);
    expect(results[exact]!.match.tier).toBe('exact');
    expect(prefix).toBeGreaterThan(exact);
    expect(partial).toBeGreaterThan(prefix);
    expect(results[partial]!.match.tier).toBe('partial');
    // The zone's own outline to fly to.
    expect(results[exact]!.bbox).not.toBeNull();
  });

  it("puts the context programme's estates first within a tier", async () => {
    const ctx = `&district=${jingan.district_code}&year=${nankangYear}&limit=${SEARCH_MAX_LIMIT}`;
    const { results } = (await find(t, q('jg', ctx))).body;
    // The zone named 金赣 is an exact match of jg (its initials); of the prefix matches, 金赣小区 leads.
    expect(results[0]).toMatchObject({ kind: 'zone', name: '金赣', match: { tier: 'exact' } });
    expect(results.find((r) => r.match.tier === 'prefix')).toMatchObject({ kind: 'estate', id: jingan.id, inContext: true });
    // Within each tier: the programme's estates, then its places and zones, then the rest.
    const rank = (r: SearchResult) => (!r.inContext ? 2 : r.kind === 'estate' ? 0 : 1);
    for (const tier of SEARCH_TIERS) {
      const ranks = results.filter((r) => r.match.tier === tier).map(rank);
      expect(ranks, tier).toEqual([...ranks].sort((a, b) => a - b));
    }
    const [other] = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM estates e JOIN plans p ON p.id = e.plan_id WHERE NOT (e.district_code = $1 AND p.year = $2)`,
      [jingan.district_code, nankangYear],
    );
    expect(other!.n).toBeGreaterThan(0);
    const inContext = results.filter((r) => r.kind === 'estate' && r.inContext);
    for (const r of inContext) expect(r.programme?.year).toBe(nankangYear);
    // Without a context, nothing is in it.
    expect((await find(t, q('jg'))).body.results.every((r) => !r.inContext)).toBe(true);
  });
});

describe('limit', () => {
  it(`answers ${SEARCH_DEFAULT_LIMIT} by default, the first n with limit=n, at most ${SEARCH_MAX_LIMIT}`, async () => {
    const all = (await find(t, q('q', `&limit=${SEARCH_MAX_LIMIT}`))).body.results;
    expect(all.length).toBe(SEARCH_MAX_LIMIT); // 区, 渠, 桥 …: more than the maximum
    const byDefault = (await find(t, q('q'))).body.results;
    expect(byDefault).toEqual(all.slice(0, SEARCH_DEFAULT_LIMIT));
    expect((await find(t, q('q', '&limit=3'))).body.results).toEqual(all.slice(0, 3));
    for (const bad of ['0', String(SEARCH_MAX_LIMIT + 1), 'x', '2.5', '-1']) {
      const res = await find(t, q('q', `&limit=${bad}`));
      expect(res.status, bad).toBe(400);
    }
  });
});

describe('bad queries', () => {
  it('answers 400 for an empty, blank, missing or too long q', async () => {
    for (const query of ['q=', 'q=%20%20', '', `q=${'金'.repeat(51)}`, 'q=jg&district=abc', 'q=jg&year=24', 'q=jg&what=1']) {
      const res = await find(t, query);
      expect(res.status, query).toBe(400);
      expect(res.body.error?.code, query).toBeTruthy();
    }
    expect((await find(t, `q=${'金'.repeat(50)}`)).status).toBe(200);
  });

  it('treats LIKE wildcards as the characters they are', async () => {
    expect((await find(t, q('%'))).body.results).toEqual([]);
    expect((await find(t, q('_'))).body.results).toEqual([]);
  });
});

describe('who finds what', () => {
  it("lets a reporter find only their region's estates and places, and no zone", async () => {
    const region = reporter.me!.region!.code;
    const own = new Set((await t.db.query<{ id: number }>(
      'SELECT id FROM estates WHERE district_code = $1 OR street_code = $1 OR community_code = $1', [region],
    )).map((r) => r.id));
    for (const text of ['小区', 'jg', 'q', 'hua', '金赣']) {
      const mine = (await find(reporter, q(text, `&limit=${SEARCH_MAX_LIMIT}`))).body.results;
      const staff = (await find(leader, q(text, `&limit=${SEARCH_MAX_LIMIT}`))).body.results;
      expect(mine.length, text).toBeGreaterThan(0);
      for (const r of mine) {
        expect(r.kind, text).not.toBe('zone');
        if (r.kind === 'estate') expect(own.has(r.id!), `${text}: ${r.name}`).toBe(true);
        else expect(r.code === region || r.district?.code === region || r.street?.code === region, `${text}: ${r.name}`).toBe(true);
      }
      // The leader's answer holds what the reporter may not see (other districts, zones).
      expect(staff.some((r) => (r.kind === 'estate' && !own.has(r.id!)) || r.kind === 'zone' || (r.kind !== 'estate' && r.district?.code !== region && r.code !== region)), text).toBe(true);
    }
    // The limit counts what the reporter may see: a full page of their own.
    expect((await find(reporter, q('q', '&limit=5'))).body.results).toHaveLength(5);
  });

  it("refuses a reporter's context outside their district (403)", async () => {
    const res = await find(reporter, q('jg', '&district=150302'));
    expect(res.status).toBe(403);
    expect(res.body.error?.code).toBe('outside_region');
    expect((await find(reporter, q('jg', `&district=${reporter.me!.region!.districtCode}`))).status).toBe(200);
  });

  it('lets staff find zones by pinyin; anyone signed in may search, nobody else', async () => {
    const zone = (await find(leader, q('jinganshifan'))).body.results.find((r) => r.kind === 'zone');
    expect(zone).toMatchObject({ name: '老金赣示范片区', match: { tier: 'partial', by: 'pinyin' } });
    expect((await find(reporter, q('jinganshifan'))).body.results.filter((r) => r.kind === 'zone')).toEqual([]);
    expect((await t.anonymous.request('/api/search?q=jg')).status).toBe(401);
  });

  it('finds a new name by its pinyin once the change is heard (NOTIFY data_changed)', async () => {
    const name = '搜索测试片区';
    expect((await t.request('/api/zones', zoneBody(name))).status).toBe(201);
    // As written at once; by pinyin as soon as the notification has arrived (a moment after commit).
    expect((await find(t, q(name))).body.results[0]).toMatchObject({ kind: 'zone', name });
    let found: SearchResult | undefined;
    for (let i = 0; i < 50 && !found; i++) {
      found = (await find(t, q('sousuoceshi'))).body.results.find((r) => r.name === name);
      if (!found) await new Promise((r) => setTimeout(r, 100));
    }
    expect(found).toMatchObject({ kind: 'zone', match: { by: 'pinyin', tier: 'prefix' } });
    expect((await find(t, q('ssc'))).body.results.find((r) => r.name === name)?.match).toEqual({ tier: 'prefix', by: 'initials' });
  });
});
