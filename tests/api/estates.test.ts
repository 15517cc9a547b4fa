import type { Feature, FeatureCollection, MultiPolygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EstateProperties } from '../../shared/estates/contract.ts';
import type { HealthResponse } from '../../shared/health/contract.ts';
import type { RegionProperties } from '../../shared/regions/contract.ts';
import { testApp, type TestApp } from './support/test-app.ts';

type Estates = FeatureCollection<MultiPolygon, EstateProperties>;
type EstateDetail = Feature<MultiPolygon, EstateProperties> & { buildings: FeatureCollection };

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());

const byName = (fc: Estates, name: string) => {
  const f = fc.features.find((x) => x.properties.name === name);
  if (!f) throw new Error(`no estate ${name}`);
  return f;
};

describe('health', () => {
  it('names the engine and the PostGIS version', async () => {
    const { status, body } = await t.json<HealthResponse>('/api/health');
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.db).toBe(process.env.DATABASE_URL ? 'postgres' : 'pglite');
    expect(body.postgis).toMatch(process.env.DATABASE_URL ? /^3\.3\./ : /^3\.6\./);
  });
});

describe('regions', () => {
  it('lists the streets of Nankang with NBS codes, and 南水街道 with a generated code', async () => {
    const { status, body } = await t.json<FeatureCollection<MultiPolygon, RegionProperties>>('/api/regions?level=street&parent=360703');
    expect(status).toBe(200);
    const byCode = new Map(body.features.map((f) => [f.properties.code, f.properties]));
    expect(byCode.get('360703001')).toMatchObject({ name: '蓉江街道', level: 'street', parent: '360703', codeSource: 'nbs2023' });
    expect(byCode.get('360703002')?.name).toBe('东山街道');
    const nanshui = body.features.find((f) => f.properties.name === '南水街道')!;
    expect(nanshui.properties).toMatchObject({ codeSource: 'generated', synthetic: true });
    // Streets that hold estates get a (synthetic) outline.
    expect(nanshui.geometry?.type).toBe('MultiPolygon');
  });

  it('serves real province outlines, not flagged synthetic: all 34 provincial-level units', async () => {
    const { body } = await t.json<FeatureCollection<MultiPolygon, RegionProperties>>('/api/regions?level=province');
    expect(body.features).toHaveLength(34);
    expect(body.features.map((f) => f.properties.name)).toEqual(expect.arrayContaining(['内蒙古自治区', '江苏省', '江西省', '浙江省', '贵州省']));
    expect(body.features.every((f) => f.properties.synthetic === false && f.geometry.type === 'MultiPolygon')).toBe(true);
  });

  it('answers 404 for an unknown parent and 400 for an unknown level', async () => {
    const a = await t.json<{ error: { code: string; message: string } }>('/api/regions?parent=999999');
    expect(a.status).toBe(404);
    expect(a.body.error.message).toContain('999999');
    const b = await t.json<{ error: { details: { parameter: string }[] } }>('/api/regions?level=planet');
    expect(b.status).toBe(400);
    expect(b.body.error.details[0]!.parameter).toBe('level');
  });
});

describe('estates', () => {
  it("draws Nankang's 28 estates with the plan's totals", async () => {
    const res = await t.request('/api/estates?district=360703&year=2024');
    expect(res.headers.get('content-type')).toContain('application/geo+json');
    const fc = (await res.json()) as Estates;
    expect(fc.features).toHaveLength(28);
    const sum = (k: 'households' | 'buildingCount' | 'floorAreaM2') => fc.features.reduce((s, f) => s + (f.properties[k] ?? 0), 0);
    expect(sum('households')).toBe(3433);
    expect(sum('buildingCount')).toBe(190);
    expect(Math.round(sum('floorAreaM2'))).toBe(377674);
    expect(new Set(fc.features.map((f) => f.properties.communityName)).size).toBe(11);
    for (const f of fc.features) {
      expect(f.id).toBe(f.properties.id);
      expect(f.geometry.type).toBe('MultiPolygon');
      expect(f.properties.synthetic).toBe(true);
      expect(f.properties.planYear).toBe(2024);
    }
  });

  it('gives every seed field of an estate', async () => {
    const fc = (await (await t.request('/api/estates?district=360703')).json()) as Estates;
    const jg = byName(fc, '金赣小区').properties;
    expect(jg).toMatchObject({
      districtCode: '360703', districtName: '南康区', streetCode: '360703001', streetName: '蓉江街道',
      // The plan writes 金赣南路社区; the NBS list names it 金赣南路社区居委会 (360703001013).
      communityName: '金赣南路社区居委会', projectName: '金赣小区老旧小区改造工程', households: 644, buildingCount: 17,
      floorAreaM2: 68700, plannedInvestmentWan: null, seq: 21, synthetic: true,
    });
    // Nankang's plan has no money: no rate is invented.
    expect(jg.investmentRate).toBeNull();
    // Its progress comes from the (synthetic) monthly report history.
    expect(jg.progressPct).toBeGreaterThanOrEqual(0);
    expect(jg.progressPct).toBeLessThanOrEqual(100);
    expect(jg.reportPeriod).toMatch(/^2024-\d\d$/);
    // …and says so: Nankang's plan carries no progress of its own.
    expect(jg.reportSynthetic).toBe(true);
    // The second estate of a project inherits the project from the merged 备注 cell.
    expect(byName(fc, '老工商银行家属楼').properties.projectName).toBe('一建公司周边老旧小区改造工程');
  });

  it("keeps Wuhai's money at the district batch where it was reported", async () => {
    const fc = (await (await t.request('/api/estates?district=150302&year=2021')).json()) as Estates;
    expect(fc.features).toHaveLength(9);
    for (const f of fc.features) {
      expect(f.properties.plannedInvestmentWan).toBeNull();
      expect(f.properties.investmentLevel).toBe('project');
      expect(f.properties.investmentRate).toBeCloseTo(152.1 / 4949.834, 12);
      expect(f.properties.completed).toBe(false);
      expect(f.properties.reportPeriod).toBe('2021-04');
      expect(f.properties.reportSynthetic).toBe(false);
    }
    expect((152.1 / 4949.834) * 100).toBeCloseTo(3.07, 2);
    expect(byName(fc, '团结小区').properties).toMatchObject({ streetName: '海北街道', personInCharge: '尚海渊', leader: '曹慧贤' });
  });

  it('shows Wuhai 2020 completion flags as of 2021-04-25', async () => {
    const fc = (await (await t.request('/api/estates?district=150302&year=2020')).json()) as Estates;
    expect(fc.features).toHaveLength(18);
    expect(byName(fc, '组织部楼').properties).toMatchObject({ completed: true, progressPct: 100 });
    expect(byName(fc, '卫生局楼').properties).toMatchObject({ completed: false, progressPct: null });
    expect(byName(fc, '组织部楼').properties.investmentRate).toBeCloseTo(8072.1 / 15152, 12);
  });

  it('filters by bounding box', async () => {
    const all = (await (await t.request('/api/estates?district=360703')).json()) as Estates;
    const ring = byName(all, '金赣小区').geometry.coordinates[0]![0]!;
    const xs = ring.map((p) => p[0]!);
    const ys = ring.map((p) => p[1]!);
    const bbox = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)].join(',');
    const some = (await (await t.request(`/api/estates?bbox=${bbox}`)).json()) as Estates;
    expect(some.features.map((f) => f.properties.name)).toContain('金赣小区');
    expect(some.features.length).toBeLessThan(28);
  });

  it('returns one estate with its buildings', async () => {
    const all = (await (await t.request('/api/estates?district=360703')).json()) as Estates;
    const id = byName(all, '金赣小区').id;
    const { status, body } = await t.json<EstateDetail>(`/api/estates/${id}`);
    expect(status).toBe(200);
    expect(body.properties.name).toBe('金赣小区');
    expect(body.buildings.features).toHaveLength(17);
    const households = body.buildings.features.reduce((s, f) => s + ((f.properties as { households: number }).households ?? 0), 0);
    expect(households).toBe(644);
  });

  it.each([
    ['/api/estates?year=abc', 400, 'year'],
    ['/api/estates?year=1899', 400, 'year'],
    ['/api/estates?bbox=1,2,3', 400, 'bbox'],
    ['/api/estates?bbox=10,10,5,5', 400, 'bbox'],
    ['/api/estates?distrct=360703', 400, 'distrct'],
    ['/api/estates?district=abc', 400, 'district'],
    ['/api/estates?district=1503', 400, 'district'],
    ['/api/estates?district=999999', 404, 'district'],
    ['/api/estates/0', 400, 'id'],
    ['/api/estates/x1', 400, 'id'],
    ['/api/estates/999999', 404, 'id'],
  ])('%s → %i naming %s', async (path, status, parameter) => {
    const res = await t.json<{ error: { code: string; message: string; details: unknown } }>(path);
    expect(res.status).toBe(status);
    expect(res.body.error.message).toContain(parameter);
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('answers an unknown route with a JSON 404', async () => {
    const res = await t.json<{ error: { code: string } }>('/api/nowhere');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});

describe('programmes', () => {
  it('lists the seed programmes for the place picker with their extent', async () => {
    const { body } = await t.json<{ key: string; estateCount: number; districtCodes: string[]; bbox: number[] | null }[]>('/api/programmes');
    const byKey = new Map(body.map((p) => [p.key, p]));
    expect([...byKey.keys()].sort()).toEqual(['beilun-2019', 'haimen-2021', 'jiangkou-2023', 'nankang-2024', 'wuhai-2020', 'wuhai-2021']);
    expect(byKey.get('nankang-2024')).toMatchObject({ estateCount: 28, districtCodes: ['360703'] });
    expect(byKey.get('wuhai-2020')!.estateCount).toBe(38);
    expect(byKey.get('wuhai-2021')!.districtCodes.sort()).toEqual(['150302', '150303', '150304']);
    // What each plan's document states for the whole plan (seed 001 一(二): 4,006 households, 35.26 万㎡),
    // from reported_figures, as the ranking's total uses it where no estate lists the figure.
    const stated = (key: string) => (byKey.get(key) as unknown as { stated: { households: number | null; floorAreaM2: number | null } }).stated;
    expect(stated('wuhai-2021')).toEqual({ households: 4006, floorAreaM2: 352600 });
    expect(stated('haimen-2021').households).toBe((await t.db.query<{ v: number | null }>(
      `SELECT max(value)::int AS v FROM reported_figures r JOIN plans p ON p.id = r.plan_id WHERE p.slug = 'haimen-2021' AND r.metric = 'households'`))[0]!.v);
    const [minx, miny, maxx, maxy] = byKey.get('nankang-2024')!.bbox!;
    expect(minx).toBeGreaterThan(114.6);
    expect(maxx).toBeLessThan(114.9);
    expect(miny).toBeGreaterThan(25.5);
    expect(maxy).toBeLessThan(25.8);
  });

  it("gives the month each programme's reporting begins: its issue month (else January), or its first report if earlier", async () => {
    const { body } = await t.json<{ key: string; reportingFrom: string }[]>('/api/programmes');
    const rows = await t.db.query<{ slug: string; issued: string | null; year: number; first: string | null }>(
      `SELECT p.slug, to_char(p.issued_on, 'YYYY-MM') AS issued, p.year,
              (SELECT min(r.period) FROM progress_reports r JOIN estates e ON e.id = r.estate_id WHERE e.plan_id = p.id) AS first
       FROM plans p`);
    expect(rows.length).toBe(body.length);
    for (const r of rows) {
      const plan = r.issued ?? `${r.year}-01`;
      const expected = r.first !== null && r.first < plan ? r.first : plan;
      expect(body.find((p) => p.key === r.slug)?.reportingFrom, r.slug).toBe(expected);
    }
    // Wuhai 2020's plan was issued in April 2021, with its reports; Beilun 2019 has no issue date.
    expect(rows.find((r) => r.slug === 'beilun-2019')!.issued).toBeNull();
  });
});
