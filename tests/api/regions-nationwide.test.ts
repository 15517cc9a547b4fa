import type { FeatureCollection, MultiPolygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgrammeItem } from '../../shared/programmes/contract.ts';
import type { RegionProperties, RegionSearchResponse } from '../../shared/regions/contract.ts';
import { ensureCommunities, villagesOf } from '../../server/regions/communities.ts';
import { databaseFingerprint, testApp, type TestApp } from './support/test-app.ts';

/**
 * Every district of China (issue 13 §1): after migration the NBS 2023 provinces, cities,
 * counties/districts and streets/towns are in regions, with outlines for the 34 provincial-level
 * units and the country; regions are found by name as bureaus write them; a plan for a district
 * the demo does not cover imports with real community codes.
 */
let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());

const one = async <T>(sql: string, params: unknown[] = []) => (await t.db.query<T>(sql, params))[0]!;
const search = (q: string) => t.json<RegionSearchResponse & { error?: { code: string; details: { parameter: string }[] } }>(`/api/regions/search?${q}`);

describe('regions after migration', () => {
  it('holds every province, city, county/district and street/town of the NBS 2023 list, recorded as a migration step', async () => {
    const rows = await t.db.query<{ level: string; n: number }>(
      `SELECT level, count(*)::int AS n FROM regions WHERE code_source = 'nbs2023' GROUP BY level ORDER BY level`,
    );
    const counts = Object.fromEntries(rows.map((r) => [r.level, r.n]));
    expect(counts).toMatchObject({ province: 31, city: 342, district: 2978, street: 41352 });
    const steps = await t.db.query<{ name: string }>(`SELECT name FROM schema_migrations WHERE name LIKE '0013%' ORDER BY name`);
    expect(steps.map((s) => s.name)).toEqual(['0013_regions_nationwide.sql', '0013_regions_nbs2023']);
  });

  it('has 西湖区 330106 under 杭州市 3301 under 浙江省 33', async () => {
    const chain = await t.db.query<{ code: string; name: string; level: string }>(
      `WITH RECURSIVE up AS (SELECT code, name, level, parent_code FROM regions WHERE code = '330106'
         UNION ALL SELECT r.code, r.name, r.level, r.parent_code FROM regions r JOIN up ON r.code = up.parent_code)
       SELECT code, name, level FROM up`,
    );
    expect(chain).toEqual([
      { code: '330106', name: '西湖区', level: 'district' },
      { code: '3301', name: '杭州市', level: 'city' },
      { code: '33', name: '浙江省', level: 'province' },
    ]);
    const streets = await t.db.query<{ name: string }>(`SELECT name FROM regions WHERE parent_code = '330106' ORDER BY code`);
    expect(streets.map((s) => s.name)).toEqual(expect.arrayContaining(['北山街道', '西溪街道', '三墩镇']));
  });

  it('outlines all 34 provincial-level units (Taiwan, Hong Kong, Macao with their GB/T 2260 codes), Hainan with the Paracels', async () => {
    const { body } = await t.json<FeatureCollection<MultiPolygon, RegionProperties>>('/api/regions?level=province');
    expect(body.features).toHaveLength(34);
    expect(body.features.every((f) => f.geometry?.type === 'MultiPolygon' && f.properties.synthetic === false)).toBe(true);
    const byCode = new Map(body.features.map((f) => [f.properties.code, f.properties]));
    expect(byCode.get('71')).toMatchObject({ name: '台湾省', codeSource: 'gbt2260' });
    expect(byCode.get('81')).toMatchObject({ name: '香港特别行政区', codeSource: 'gbt2260' });
    expect(byCode.get('82')).toMatchObject({ name: '澳门特别行政区', codeSource: 'gbt2260' });
    expect(byCode.get('46')).toMatchObject({ name: '海南省', codeSource: 'nbs2023' });
    // Hainan's main island ends at about 18.2°N; the Paracel Islands (西沙群岛) lie near 16.5°N.
    const hainan = await one<{ south: number }>(`SELECT ST_YMin(geom) AS south FROM regions WHERE code = '46'`);
    expect(hainan.south).toBeLessThan(17);
  });

  it('serves the country outline, which holds every province and Taiwan, Hong Kong, Macao', async () => {
    const { status, body } = await t.json<FeatureCollection<MultiPolygon, RegionProperties>>('/api/regions?level=country');
    expect(status).toBe(200);
    expect(body.features).toHaveLength(1);
    expect(body.features[0]!.properties).toMatchObject({ code: 'CN', level: 'country', synthetic: false });
    expect(body.features[0]!.geometry.type).toBe('MultiPolygon');
    const inside = await t.db.query<{ name: string; inside: boolean }>(
      `SELECT p.name, ST_DWithin(c.geom, ST_PointOnSurface(p.geom), 0.05) AS inside
       FROM regions p, countries c WHERE p.level = 'province' ORDER BY p.code`,
    );
    expect(inside.filter((r) => !r.inside)).toEqual([]);
  });

  it('lists only regions with an outline when asked (the map skips the 3,000 counties without one)', async () => {
    const { body } = await t.json<FeatureCollection<MultiPolygon | null, RegionProperties>>('/api/regions?level=district&outlined=true');
    expect(body.features.length).toBeGreaterThanOrEqual(7);
    expect(body.features.length).toBeLessThan(100);
    expect(body.features.every((f) => f.geometry !== null)).toBe(true);
    expect((await t.json('/api/regions?level=district&outlined=yes')).status).toBe(400);
  });
});

describe('GET /api/regions/search', () => {
  it('finds 西湖区 by its name, with its city and province, exact names first', async () => {
    const { status, body } = await search('q=西湖区');
    expect(status).toBe(200);
    expect(body.results[0]).toEqual({
      code: '330106', name: '西湖区', level: 'district',
      city: { code: '3301', name: '杭州市' }, province: { code: '33', name: '浙江省' }, district: null,
    });
    // Nanchang has a 西湖区 too: also an exact name, after it by code.
    expect(body.results[1]).toMatchObject({ code: '360103', name: '西湖区', city: { name: '南昌市' } });
  });

  it('finds a partial name, districts and cities before streets', async () => {
    const { body } = await search('q=西湖');
    const levels = body.results.map((r) => r.level);
    expect(body.results.slice(0, 2).map((r) => r.code)).toEqual(['330106', '360103']);
    expect(levels.indexOf('street')).toBeGreaterThan(levels.lastIndexOf('district'));
    const street = body.results.find((r) => r.code === '330106008')!;
    expect(street).toMatchObject({ name: '西湖街道', district: { code: '330106', name: '西湖区' }, city: { code: '3301' } });
  });

  it('finds a street written with 街道办事处 or without its suffix', async () => {
    for (const q of ['蓉江街道办事处', '蓉江']) {
      const { body } = await search(`q=${encodeURIComponent(q)}`);
      expect(body.results[0], q).toEqual({
        code: '360703001', name: '蓉江街道', level: 'street',
        district: { code: '360703', name: '南康区' }, city: { code: '3607', name: '赣州市' }, province: { code: '36', name: '江西省' },
      });
    }
  });

  it('finds a code and the regions under it', async () => {
    const { body } = await search('q=330106&limit=5');
    expect(body.results).toHaveLength(5);
    expect(body.results[0]).toMatchObject({ code: '330106', name: '西湖区' });
    expect(body.results.slice(1).every((r) => r.code.startsWith('330106') && r.level === 'street')).toBe(true);
  });

  it('shows a municipality as the city of its districts and never offers the 市辖区 placeholder', async () => {
    const { body } = await search('q=东城区');
    expect(body.results.find((r) => r.code === '110101')).toEqual({
      code: '110101', name: '东城区', level: 'district',
      city: { code: '11', name: '北京市' }, province: { code: '11', name: '北京市' }, district: null,
    });
    const placeholders = await search(`q=${encodeURIComponent('市辖区')}`);
    expect(placeholders.body.results.filter((r) => r.level === 'city')).toEqual([]);
    // A county-level city its province governs directly has no city.
    const jiyuan = await search(`q=${encodeURIComponent('济源市')}`);
    expect(jiyuan.body.results[0]).toMatchObject({ code: '419001', city: null, province: { code: '41', name: '河南省' } });
  });

  it('filters by level and limits the answer', async () => {
    const { body } = await search('q=西湖&level=street&limit=3');
    expect(body.results).toHaveLength(3);
    expect(body.results.every((r) => r.level === 'street')).toBe(true);
    expect((await search('q=zzzz不存在的地方')).body.results).toEqual([]);
    // LIKE wildcards are literal.
    expect((await search('q=%25')).body.results).toEqual([]);
  });

  it('answers 400 naming the parameter for bad input', async () => {
    for (const [q, parameter] of [
      ['', 'q'], ['q=', 'q'], ['q=%20%20', 'q'], ['q=西湖&limit=0', 'limit'], ['q=西湖&limit=101', 'limit'],
      ['q=西湖&limit=abc', 'limit'], ['q=西湖&level=planet', 'level'], ['q=西湖&foo=1', 'foo'], [`q=${'长'.repeat(51)}`, 'q'],
    ] as const) {
      const res = await search(q);
      expect(res.status, q).toBe(400);
      expect(res.body.error!.details.map((d) => d.parameter), q).toContain(parameter);
    }
  });

  it('is for staff: a reporter gets 403', async () => {
    expect((await (await t.as('reporter')).request('/api/regions/search?q=西湖')).status).toBe(403);
    expect((await (await t.as('leader')).request('/api/regions/search?q=西湖')).status).toBe(200);
  });
});

const HEADER = '序号,所在街道,所在社区,小区名称,户数,栋数,总建筑面积（万平方米）,备注';
const importPlan = (text: string, region: string, year: string) => {
  const fd = new FormData();
  fd.set('file', new File([text], 'plan.csv', { type: 'text/csv' }));
  fd.set('region', region);
  fd.set('year', year);
  return t.json<{ estates: number; communitiesCreated: { code: string; name: string; street: string }[]; plan: { id: number }; error?: { details: { problems: { row: number; column: string; reason: string }[] } } }>(
    '/api/import/plan',
    { method: 'POST', body: fd },
  );
};

describe('importing a plan for a district without demo data (西湖区 330106)', () => {
  it('resolves streets and communities written as bureaus write them to NBS codes; an unknown community is generated', async () => {
    const before = await one<{ n: number }>(`SELECT count(*)::int AS n FROM regions WHERE code LIKE '330106%' AND level = 'community'`);
    expect(before.n).toBe(0);
    const text = [
      HEADER,
      '1,北山,宝石,宝石新村,120,4,1.2,',
      '2,西溪街道办事处,文三社区,文三新村,200,6,2.1,',
      '3,三墩,绕城村,绕城小区,80,2,0.6,',
      '4,三墩镇,华联,华联小区,60,2,0.5,',
      '5,北山街道,新造社区,新造小区,40,1,0.3,',
    ].join('\n');
    const res = await importPlan(text, '330106', '2025');
    expect(res.status).toBe(201);
    expect(res.body.estates).toBe(5);
    expect(res.body.communitiesCreated).toEqual([{ code: '330106002901', name: '新造社区', street: '北山街道' }]);

    const rows = await t.db.query<{ estate: string; street: string; community: string; name: string; code_source: string; synthetic: boolean }>(
      `SELECT e.name AS estate, e.street_code AS street, e.community_code AS community, c.name, c.code_source, c.synthetic
       FROM estates e JOIN regions c ON c.code = e.community_code WHERE e.district_code = '330106' ORDER BY e.seq`,
    );
    expect(rows).toEqual([
      { estate: '宝石新村', street: '330106002', community: '330106002052', name: '宝石社区', code_source: 'nbs2023', synthetic: true },
      { estate: '文三新村', street: '330106004', community: '330106004066', name: '文三社区', code_source: 'nbs2023', synthetic: true },
      { estate: '绕城小区', street: '330106109', community: '330106109233', name: '绕城村委会', code_source: 'nbs2023', synthetic: true },
      { estate: '华联小区', street: '330106109', community: '330106109234', name: '华联村委会', code_source: 'nbs2023', synthetic: true },
      { estate: '新造小区', street: '330106002', community: '330106002901', name: '新造社区', code_source: 'generated', synthetic: true },
    ]);
    // The district's whole NBS community list came with it, and only that district's.
    const listed = (await villagesOf('330106')).length;
    expect(listed).toBeGreaterThan(100);
    const after = await one<{ n: number; other: number }>(
      `SELECT count(*) FILTER (WHERE code LIKE '330106%')::int AS n,
              count(*) FILTER (WHERE code LIKE '3301%' AND code NOT LIKE '330106%')::int AS other
       FROM regions WHERE level = 'community' AND code_source = 'nbs2023'`,
    );
    expect(after).toEqual({ n: listed, other: 0 });
  });

  it('adds a district\'s communities once (ensureCommunities is idempotent)', async () => {
    const n = await one<{ n: number }>(`SELECT count(*)::int AS n FROM regions`);
    expect(await t.db.transaction((tx) => ensureCommunities(tx, '330106'))).toBe(0);
    expect(await one<{ n: number }>(`SELECT count(*)::int AS n FROM regions`)).toEqual(n);
  });

  it('refuses an ambiguous community name with its row, and leaves the database as it was', async () => {
    // 萧山区 330109: make a second committee whose name differs from an NBS one only by kind.
    const rows = await villagesOf('330109');
    const village = rows.find((r) => r.name.endsWith('村委会') && !rows.some((o) => o.parent === r.parent && o.name.startsWith(r.name.replace(/村委会$/, '居'))));

    const core = village!.name.replace(/村委会$/, '');
    await t.db.transaction(async (tx) => {
      await ensureCommunities(tx, '330109');
      await tx.query(`INSERT INTO regions (code, name, level, parent_code, code_source) VALUES ($1, $2, 'community', $3, 'generated')`, [
        `${village!.parent}999`, `${core}居委会`, village!.parent,
      ]);
    });
    const [street] = await t.db.query<{ name: string }>(`SELECT name FROM regions WHERE code = $1`, [village!.parent]);
    const before = await databaseFingerprint(t.db);
    const res = await importPlan([HEADER, `1,${street!.name},${core},歧义小区,10,1,0.1,`].join('\n'), '330109', '2025');
    expect(res.status).toBe(422);
    expect(res.body.error!.details.problems).toEqual([
      expect.objectContaining({ row: 2, column: '所在社区', reason: expect.stringContaining(`${core}村委会`) }),
    ]);
    expect(await databaseFingerprint(t.db)).toEqual(before);
  });
});

describe('GET /api/programmes: placed counts and a frame for every programme', () => {
  const programmes = async () => (await t.json<ProgrammeItem[]>('/api/programmes')).body;

  it('frames a programme by its placed estates', async () => {
    const nankang = (await programmes()).find((p) => p.key === 'nankang-2024')!;
    expect(nankang).toMatchObject({ estateCount: 28, placedCount: 28, unplacedCount: 0, frame: { source: 'estates' } });
    expect(typeof nankang.id).toBe('number');
    expect(nankang.frame.bbox).toEqual(nankang.bbox);
  });

  it('frames a programme with nothing placed by its province, and says bbox null', async () => {
    const xihu = (await programmes()).find((p) => p.regionCode === '330106')!;
    expect(xihu).toMatchObject({ estateCount: 5, placedCount: 0, unplacedCount: 5, bbox: null, frame: { source: 'province' } });
    const zj = await one<{ b: number[] }>(
      `SELECT ARRAY[ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom)]::float8[] AS b FROM regions WHERE code = '33'`,
    );
    xihu.frame.bbox.forEach((v, i) => expect(v).toBeCloseTo(zj.b[i]!, 5));
  });

  it('counts a provisional point as placed and frames by it', async () => {
    const [e] = await t.db.query<{ id: number }>(`SELECT id FROM estates WHERE district_code = '330106' ORDER BY seq LIMIT 1`);
    await t.db.query(`UPDATE estates SET location = ST_SetSRID(ST_MakePoint(120.13, 30.27), 4326) WHERE id = $1`, [e!.id]);
    const xihu = (await programmes()).find((p) => p.regionCode === '330106')!;
    expect(xihu).toMatchObject({ placedCount: 1, unplacedCount: 4, bbox: [120.13, 30.27, 120.13, 30.27], frame: { source: 'estates' } });
  });

  it('falls back to the country when the province has no outline', async () => {
    await t.db.query(`UPDATE estates SET location = NULL WHERE district_code = '330106'`);
    await t.db.query(`UPDATE regions SET geom = NULL WHERE code = '33'`);
    const xihu = (await programmes()).find((p) => p.regionCode === '330106')!;
    expect(xihu.frame.source).toBe('country');
    const cn = await one<{ b: number[] }>(
      `SELECT ARRAY[ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom)]::float8[] AS b FROM countries WHERE code = 'CN'`,
    );
    xihu.frame.bbox.forEach((v, i) => expect(v).toBeCloseTo(cn.b[i]!, 5));
  });
});
