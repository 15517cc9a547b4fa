/**
 * Plan tables as bureaus send them: merged blocks read by their ranges, batches per district or
 * street block, the ranking reproducing the table's figures from the database.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RankingResponse } from '../../shared/progress/contract.ts';
import { databaseFingerprint, testApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());

type Body = Record<string, unknown> & {
  error?: { code: string; message: string; details: { problems?: { row: number | null; column: string | null; reason: string }[] } };
};

function form(file: File, fields: Record<string, string>) {
  const fd = new FormData();
  fd.set('file', file);
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  return fd;
}
const post = (file: File, fields: Record<string, string>) => t.json<Body>('/api/import/plan', { method: 'POST', body: form(file, fields) });

const RANKING_HEADER = ['排名', '辖区', '街道办事处', '负责人', '责任领导', '小区名称', '是否完工', '预计投资额 (万元)', '累计完成投资额 (万元)', '完工率 (%)'];

/** A sheet in the circular's layout: blocks of estate rows, each cell merged over its block. */
async function rankingXlsx(
  title: string,
  blocks: { rank?: number; district: string; street: string; person: string; leader: string; estates: string[]; done: string; planned: number; completed: number; rate: number }[],
  total: [number, number, number] | null,
): Promise<File> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('排名表');
  ws.addRow([title]);
  ws.mergeCells(1, 1, 1, RANKING_HEADER.length);
  ws.addRow(['填报日期：2022.6.20']);
  ws.addRow(RANKING_HEADER);
  for (const b of blocks) {
    const first = ws.rowCount + 1;
    b.estates.forEach((name, i) =>
      ws.addRow(i === 0 ? [b.rank ?? null, b.district, b.street, b.person, b.leader, name, b.done, b.planned, b.completed, b.rate] : [null, null, null, null, null, name]),
    );
    const last = ws.rowCount;
    if (last > first) for (const col of [1, 2, 3, 4, 5, 7, 8, 9, 10]) ws.mergeCells(first, col, last, col);
  }
  if (total) {
    ws.addRow(['合计', null, null, null, null, null, null, ...total]);
    ws.mergeCells(ws.rowCount, 1, ws.rowCount, 7);
  }
  return new File([await wb.xlsx.writeBuffer()], 'ranking.xlsx');
}

const ranking = (q: string) => t.json<RankingResponse>(`/api/stats/ranking?${q}`);

describe('Wuhai-circular layout, 辖区 merged again for each street block', () => {
  // 海勃湾区 four times, once per street, each block with its own money; 乌达区 once.
  const blocks = [
    { rank: 1, district: '海勃湾区', street: '海北街道', person: '甲', leader: '乙', estates: ['街批甲一', '街批甲二', '街批甲三'], done: '否', planned: 1200.5, completed: 300, rate: 24.99 },
    { district: '海勃湾区', street: '新华西街道', person: '丙', leader: '乙', estates: ['街批乙一', '街批乙二'], done: '否', planned: 800, completed: 100.25, rate: 12.53 },
    { district: '海勃湾区', street: '凤凰岭街道', person: '丁', leader: '乙', estates: ['街批丙一'], done: '是', planned: 450.75, completed: 450.75, rate: 100 },
    { district: '海勃湾区', street: '新华街道', person: '戊', leader: '乙', estates: ['街批丁一', '街批丁二'], done: '否', planned: 999.999, completed: 0, rate: 0 },
    { rank: 2, district: '乌达区', street: '滨海街道', person: '己', leader: '庚', estates: ['街批戊一', '街批戊二'], done: '否', planned: 600, completed: 60, rate: 10 },
  ];
  const planned = 1200.5 + 800 + 450.75 + 999.999 + 600;

  it('imports each block as its own batch and ranks the money where it was planned', async () => {
    const file = await rankingXlsx('2022年乌海市老旧小区改造项目进展排名表', blocks, [4051.249, 911, 22.49]);
    const res = await post(file, { region: '1503', year: '2022' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ estates: 10, projects: 5 });

    const projects = await t.db.query<{ name: string; planned: string; completed: string; n: number }>(
      `SELECT pj.name, pj.planned_investment_wan::text AS planned, pj.completed_investment_wan::text AS completed,
              (SELECT count(*)::int FROM estates e WHERE e.project_id = pj.id) AS n
       FROM projects pj JOIN plans p ON p.id = pj.plan_id WHERE p.region_code = '1503' AND p.year = 2022 ORDER BY pj.seq`,
    );
    expect(projects.map((p) => [p.name, Number(p.planned), Number(p.completed), p.n])).toEqual([
      ['2022年海勃湾区海北街道老旧小区改造项目', 1200.5, 300, 3],
      ['2022年海勃湾区新华西街道老旧小区改造项目', 800, 100.25, 2],
      ['2022年海勃湾区凤凰岭街道老旧小区改造项目', 450.75, 450.75, 1],
      ['2022年海勃湾区新华街道老旧小区改造项目', 999.999, 0, 2],
      ['2022年乌达区老旧小区改造项目', 600, 60, 2],
    ]);
    // Every estate is in the batch of its own block.
    const orphans = await t.db.query(`SELECT e.name FROM estates e JOIN plans p ON p.id = e.plan_id WHERE p.year = 2022 AND p.region_code = '1503' AND e.project_id IS NULL`);
    expect(orphans).toEqual([]);

    const districts = await ranking('level=district&parent=1503&year=2022');
    const hbw = districts.body.rows.find((r) => r.name === '海勃湾区')!;
    expect(hbw.plannedInvestmentWan).toBeCloseTo(1200.5 + 800 + 450.75 + 999.999, 6);
    expect(hbw.completedInvestmentWan).toBeCloseTo(851, 6);
    expect(districts.body.total.plannedInvestmentWan).toBeCloseTo(planned, 6);
    expect(districts.body.unattributedPlannedInvestmentWan).toBeNull();

    const streets = await ranking('level=street&parent=150302&year=2022');
    expect(Object.fromEntries(streets.body.rows.map((r) => [r.name, r.plannedInvestmentWan]))).toEqual({
      海北街道: 1200.5, 新华西街道: 800, 凤凰岭街道: 450.75, 新华街道: 999.999,
    });
  });

  it('refuses a 辖区 merge that straddles two districts, naming its rows', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('s');
    ws.addRow(['填报日期：2022.6.20']);
    ws.addRow(RANKING_HEADER);
    ws.addRow([1, '海勃湾区', '海北街道', '甲', '乙', '跨区一', '否', 100, 10, 10]);
    ws.addRow([null, null, null, null, null, '跨区二']);
    ws.addRow([2, '乌达区', '滨海街道', '丙', '丁', '跨区三', '否', 50, 5, 10]);
    ws.mergeCells('H3:H5'); // the money spans both districts
    ws.mergeCells('B3:B4');
    ws.mergeCells('C3:C4');
    const before = await databaseFingerprint(t.db);
    const res = await post(new File([await wb.xlsx.writeBuffer()], 'bad.xlsx'), { region: '1503', year: '2023' });
    expect(res.status).toBe(422);
    expect(res.body.error!.details.problems).toContainEqual(expect.objectContaining({ row: 3, column: '预计投资额 (万元)' }));
    expect(res.body.error!.details.problems![0]!.reason).toContain('rows 3–5');
    expect(await databaseFingerprint(t.db)).toEqual(before);
  });
});

describe('Wuhai layout with a single district', () => {
  it('keeps the money on the district batch (5191.55 planned, 4103.07 completed over four estates)', async () => {
    const file = await rankingXlsx('2023年海勃湾区老旧小区改造项目进展排名表', [
      { rank: 1, district: '海勃湾区', street: '海北街道', person: '甲', leader: '乙', estates: ['单区一', '单区二', '单区三', '单区四'], done: '否', planned: 5191.55, completed: 4103.07, rate: 79.03 },
    ], [5191.55, 4103.07, 79.03]);
    // The street column is merged over all four estates here; spread them over two streets instead.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await file.arrayBuffer()) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    for (const m of ['C4:C7', 'D4:D7', 'E4:E7']) ws.unMergeCells(m);
    ws.getCell('C6').value = '新华街道';
    ws.getCell('D6').value = '丙';
    ws.getCell('E6').value = '乙';
    ws.mergeCells('C4:C5');
    ws.mergeCells('C6:C7');
    const res = await post(new File([await wb.xlsx.writeBuffer()], 'single.xlsx'), { region: '150302', year: '2023' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ estates: 4, projects: 1 });
    const [project] = await t.db.query<{ name: string; planned: string; completed: string; n: number }>(
      `SELECT pj.name, pj.planned_investment_wan::text AS planned, pj.completed_investment_wan::text AS completed,
              (SELECT count(*)::int FROM estates e WHERE e.project_id = pj.id) AS n
       FROM projects pj JOIN plans p ON p.id = pj.plan_id WHERE p.region_code = '150302' AND p.year = 2023`,
    );
    expect([project!.name, Number(project!.planned), Number(project!.completed), project!.n]).toEqual(['2023年海勃湾区老旧小区改造项目', 5191.55, 4103.07, 4]);

    const district = await ranking('level=district&parent=1503&year=2023');
    expect(district.body.rows).toHaveLength(1);
    expect(district.body.rows[0]).toMatchObject({ name: '海勃湾区', plannedInvestmentWan: 5191.55, completedInvestmentWan: 4103.07 });
    // Two streets share the batch: its money is in the street ranking's total, in no street's row.
    const streets = await ranking('level=street&parent=150302&year=2023');
    expect(streets.body.rows.map((r) => r.plannedInvestmentWan)).toEqual([null, null]);
    expect(streets.body.total.plannedInvestmentWan).toBe(5191.55);
    expect(streets.body.unattributedPlannedInvestmentWan).toBe(5191.55);
  });
});

describe('ranking title', () => {
  it('is not doubled when the plan title is already the ranking table title', async () => {
    const file = await rankingXlsx('2024年乌海市老旧小区改造项目进展排名表', [
      { rank: 1, district: '海南区', street: '拉僧仲街道', person: '甲', leader: '乙', estates: ['标题一'], done: '否', planned: 10, completed: 1, rate: 10 },
    ], null);
    expect((await post(file, { region: '1503', year: '2024' })).status).toBe(201);
    const { body } = await ranking('level=district&parent=1503&year=2024');
    expect(body.title).toBe('2024年乌海市老旧小区改造项目进展排名表');
    const xlsx = await t.request('/api/stats/ranking.xlsx?level=district&parent=1503&year=2024');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getCell('A1').value).toBe('2024年乌海市老旧小区改造项目进展排名表');
  });
});

describe('preview, warnings, units and attributes', () => {
  const table = [
    '2019年南康区老旧小区改造计划',
    '填报单位：南康区住建局  填报日期：2027.3.31',
    '序号,所在街道,所在社区,小区名称,户数（户）,楼栋数（幢）,建筑面积（㎡）,计划投资（元）,建成年代,改造内容',
    '1,蓉江街道,东街社区,预览甲,120,3,12345.67,1234567.89,1995,外墙出新、管网改造',
    '2,蓉江街道,东街社区,预览乙,80,2,8000,100000.01,1992,管网改造',
    '合计,,,,200,5,20345.67,1334567.90,,',
  ].join('\n');
  const file = () => new File([table], 'nankang-2027.csv', { type: 'text/csv' });

  it('previews with preview=true: the same body, plan id null, nothing written', async () => {
    const before = await databaseFingerprint(t.db);
    const res = await post(file(), { region: '360703', year: '2027', preview: 'true' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ preview: true, estates: 2, projects: 0, plan: { id: null, year: 2027, regionCode: '360703', version: 1 } });
    expect(await databaseFingerprint(t.db)).toEqual(before);
  });

  it('warns that the title names another year, and stores money in 元 to the fen, area in m², attributes kept', async () => {
    const res = await post(file(), { region: '360703', year: '2027' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const warnings = res.body.warnings as { code: string; column?: string; message: string }[];
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'title_year_differs' }));
    expect(warnings.find((w) => w.code === 'title_year_differs')!.message).toContain('2019');
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'unit_converted', column: '计划投资（元）' }));
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'column_kept_as_attribute', column: '建成年代' }));

    const rows = await t.db.query<{ name: string; planned: string; area: string; attributes: unknown; content: string[] }>(
      `SELECT e.name, e.planned_investment_wan::text AS planned, e.floor_area_m2::text AS area, e.attributes, e.content_items AS content
       FROM estates e JOIN plans p ON p.id = e.plan_id WHERE p.year = 2027 AND p.region_code = '360703' ORDER BY e.seq`,
    );
    expect(rows).toEqual([
      { name: '预览甲', planned: '123.456789', area: '12345.67', attributes: [{ name: '建成年代', value: '1995' }], content: ['外墙出新', '管网改造'] },
      { name: '预览乙', planned: '10.000001', area: '8000.00', attributes: [{ name: '建成年代', value: '1992' }], content: ['管网改造'] },
    ]);
    const [stated] = await t.db.query<{ value: string }>(
      `SELECT f.value::text FROM reported_figures f JOIN plans p ON p.id = f.plan_id WHERE p.year = 2027 AND p.region_code = '360703' AND f.metric = 'planned_investment_wan'`,
    );
    expect(stated!.value).toBe('133.456790');
    const fc = await t.json<{ features: { properties: { name: string; attributes: unknown; plannedInvestmentWan: number } }[] }>('/api/estates?district=360703&year=2027');
    expect(fc.body.features.map((f) => [f.properties.name, f.properties.attributes, f.properties.plannedInvestmentWan])).toEqual([
      ['预览甲', [{ name: '建成年代', value: '1995' }], 123.456789],
      ['预览乙', [{ name: '建成年代', value: '1992' }], 10.000001],
    ]);
  });

  it('refuses 元 with more than two decimals rather than rounding, naming row and column', async () => {
    const before = await databaseFingerprint(t.db);
    const bad = table.replace('1234567.89', '1234567.891');
    const res = await post(new File([bad], 'x.csv'), { region: '360703', year: '2028' });
    expect(res.status).toBe(422);
    expect(res.body.error!.details.problems).toContainEqual(expect.objectContaining({ row: 4, column: '计划投资（元）' }));
    expect(await databaseFingerprint(t.db)).toEqual(before);
  });
});

describe("a bureau's own words for households", () => {
  it('reads 住户（户） as households, not as an attribute', async () => {
    const csv = '序号,街道,社区,小区名称,住户(户),楼栋数,建筑面积(㎡),计划投资(万元)\n1,蓉江街道,东街社区,住户甲,320,8,25000,450\n2,蓉江街道,东街社区,住户乙,210,6,18000,300\n';
    const res = await post(new File([csv], 'bureau.csv'), { region: '360703', year: '2041' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.warnings).not.toContainEqual(expect.objectContaining({ code: 'column_kept_as_attribute' }));
    const rows = await t.db.query<{ name: string; households: number; attributes: unknown }>(
      `SELECT e.name, e.households, e.attributes FROM estates e JOIN plans p ON p.id = e.plan_id WHERE p.year = 2041 AND p.region_code = '360703' ORDER BY e.seq`,
    );
    expect(rows).toEqual([
      { name: '住户甲', households: 320, attributes: [] },
      { name: '住户乙', households: 210, attributes: [] },
    ]);
  });
});
