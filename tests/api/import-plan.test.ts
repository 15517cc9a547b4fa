import ExcelJS from 'exceljs';
import type { FeatureCollection } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EstateProperties } from '../../shared/estates/contract.ts';
import { databaseFingerprint, testApp, UPLOAD_LIMIT_BYTES, type TestApp } from './support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());

const NANKANG_HEADER = '序号,所在街道,所在社区,小区名称,户数,栋数,总建筑面积（万平方米）,备注';

function form(file: File | null, fields: Record<string, string>) {
  const fd = new FormData();
  if (file) fd.set('file', file);
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  return fd;
}
const csv = (name: string, text: string) => new File([text], name, { type: 'text/csv' });
const post = (fd: FormData) =>
  t.json<{ error?: { code: string; message: string; details: { problems?: { row: number | null; column: string | null; reason: string }[] } } } & Record<string, unknown>>(
    '/api/import/plan',
    { method: 'POST', body: fd },
  );

/** Sends a bad upload and proves the database is exactly as it was. */
async function rejects(fd: FormData, status: number) {
  const before = await databaseFingerprint(t.db);
  const res = await post(fd);
  expect(res.status).toBe(status);
  expect(res.body.error?.message).toBeTruthy();
  expect(await databaseFingerprint(t.db)).toEqual(before);
  return res.body.error!;
}

describe('POST /api/import/plan', () => {
  it('imports a CSV plan in the Nankang layout, merged 备注 carried down, new community created', async () => {
    const text = [
      NANKANG_HEADER,
      '1,蓉江街道,东街社区,测试小区甲,120,3,1.2345,测试周边老旧小区改造工程',
      '2,蓉江街道,新建社区,测试小区乙,80,2,0.8,',
      '3,东山街道,东山社区,测试小区丙,50,1,0.4,测试丙改造工程',
    ].join('\n');
    const res = await post(form(csv('nankang-2025.csv', text), { region: '360703', year: '2025' }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ estates: 3, projects: 2 });
    expect(res.body.communitiesCreated).toEqual([expect.objectContaining({ name: '新建社区', street: '蓉江街道' })]);

    const fc = (await (await t.request('/api/estates?district=360703&year=2025')).json()) as FeatureCollection<null, EstateProperties>;
    const byName = Object.fromEntries(fc.features.map((f) => [f.properties.name, f.properties]));
    expect(byName['测试小区甲']).toMatchObject({ households: 120, buildingCount: 3, floorAreaM2: 12345, projectName: '测试周边老旧小区改造工程' });
    expect(byName['测试小区乙']).toMatchObject({ projectName: '测试周边老旧小区改造工程', communityName: '新建社区' });
    expect(byName['测试小区丙']).toMatchObject({ streetName: '东山街道', projectName: '测试丙改造工程' });
    const [community] = await t.db.query<{ code: string; code_source: string }>(
      `SELECT code, code_source FROM regions WHERE name = '新建社区'`,
    );
    expect(community).toMatchObject({ code_source: 'generated' });
    expect(community!.code).toMatch(/^360703001\d{3}$/);
  });

  it('imports an XLSX ranking table whose merged investment cells belong to the district batch', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('排名表');
    ws.addRow(['2022年乌海市老旧小区改造项目进展排名表']);
    ws.addRow(['填报日期：2022.6.20']);
    ws.addRow(['排名', '辖区', '街道办事处', '负责人', '责任领导', '小区名称', '是否完工', '预计投资额 (万元)', '累计完成投资额 (万元)', '投资完成率 (%)']);
    ws.addRow([1, '海勃湾区', '海北街道', '甲', '乙', '测试一区', '否', 1000, 250, 25]);
    ws.addRow([null, null, null, null, null, '测试二区', null, null, null, null]);
    ws.addRow([2, '乌达区', '滨海街道', '丙', '丁', '测试三区', '是', 400, 40, 10]);
    ws.addRow(['合计', null, null, null, null, null, null, 1400, 290, 20.71]);
    // Merge the way the documents do: district, rank, money and rates over the district's rows.
    for (const col of ['A', 'B', 'C', 'D', 'E', 'G', 'H', 'I', 'J']) ws.mergeCells(`${col}4:${col}5`);
    const bytes = await wb.xlsx.writeBuffer();
    const file = new File([bytes], 'wuhai-2022.xlsx');
    const res = await post(form(file, { region: '1503', year: '2022' }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ estates: 3, projects: 2, reports: 3 });

    const fc = (await (await t.request('/api/estates?district=150302&year=2022')).json()) as FeatureCollection<null, EstateProperties>;
    expect(fc.features).toHaveLength(2);
    for (const f of fc.features) {
      expect(f.properties).toMatchObject({
        plannedInvestmentWan: null, investmentLevel: 'project', investmentRate: 0.25, completed: false,
        reportPeriod: '2022-06', personInCharge: '甲', leader: '乙',
      });
    }
    const [project] = await t.db.query<{ planned: number; completed: number; rate: number }>(
      `SELECT planned_investment_wan::float8 AS planned, completed_investment_wan::float8 AS completed,
              reported_investment_rate_pct::float8 AS rate
       FROM projects WHERE name = '2022年海勃湾区老旧小区改造项目'`,
    );
    expect(project).toEqual({ planned: 1000, completed: 250, rate: 25 });
  });

  it('rejects a plan table without a street column, naming the column', async () => {
    const err = await rejects(form(csv('p.csv', '序号,小区名称,户数\n1,某小区,10\n'), { region: '360703', year: '2026' }), 422);
    expect(err.details.problems![0]).toMatchObject({ column: '所在街道' });
  });

  it('rejects a non-numeric household count with its row and column', async () => {
    const text = [NANKANG_HEADER, '1,蓉江街道,东街社区,甲小区,10,1,0.1,甲工程', '2,蓉江街道,东街社区,乙小区,十二,1,0.1,'].join('\n');
    const err = await rejects(form(csv('p.csv', text), { region: '360703', year: '2026' }), 422);
    expect(err.details.problems).toContainEqual({ row: 3, column: '户数', reason: 'must be a whole number, got "十二"' });
    expect(err.message).toContain('row 3');
  });

  it('rejects an unknown street and lists the known ones', async () => {
    const text = [NANKANG_HEADER, '1,不存在街道,东街社区,甲小区,10,1,0.1,甲工程'].join('\n');
    const err = await rejects(form(csv('p.csv', text), { region: '360703', year: '2026' }), 422);
    expect(err.details.problems![0]).toMatchObject({ row: 2, column: '所在街道' });
    expect(err.details.problems![0]!.reason).toContain('蓉江街道');
  });

  it('rejects a 合计 row that does not add up', async () => {
    const text = [NANKANG_HEADER, '1,蓉江街道,东街社区,甲小区,10,1,0.1,甲工程', '合计,,,,11,1,0.1,'].join('\n');
    const err = await rejects(form(csv('p.csv', text), { region: '360703', year: '2026' }), 422);
    expect(err.details.problems![0]).toMatchObject({ row: 3, column: '户数' });
  });

  it('rejects a group figure that spans no project or district', async () => {
    const text = [
      NANKANG_HEADER,
      '1,蓉江街道,东街社区,甲小区,10,1,0.1,甲工程',
      '2,蓉江街道,东街社区,乙小区,,1,0.1,乙工程',
      '3,蓉江街道,东街社区,丙小区,5,1,0.1,',
    ].join('\n');
    const err = await rejects(form(csv('p.csv', text), { region: '360703', year: '2026' }), 422);
    expect(err.details.problems![0]).toMatchObject({ row: 2, column: '户数' });
  });

  it('rejects an .xlsx that is not a spreadsheet', async () => {
    const file = new File([new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])], 'plan.xlsx');
    const err = await rejects(form(file, { region: '360703', year: '2026' }), 422);
    expect(err.message).toContain('plan.xlsx');
  });

  it('rejects a file over the size limit', async () => {
    const big = NANKANG_HEADER + '\n' + 'x'.repeat(UPLOAD_LIMIT_BYTES + 1);
    const err = await rejects(form(csv('big.csv', big), { region: '360703', year: '2026' }), 413);
    expect(err.code).toBe('payload_too_large');
  });

  it('rejects a second plan for the same region and year', async () => {
    const text = [NANKANG_HEADER, '1,蓉江街道,东街社区,甲小区,10,1,0.1,甲工程'].join('\n');
    const err = await rejects(form(csv('p.csv', text), { region: '360703', year: '2024' }), 409);
    expect(err.code).toBe('plan_exists');
  });

  it.each([
    [{ region: '360703', year: 'next' }, 'year'],
    [{ region: '36070x', year: '2026' }, 'region'],
    [{ year: '2026' }, 'region'],
  ])('rejects bad form fields %o naming %s', async (fields, parameter) => {
    const text = [NANKANG_HEADER, '1,蓉江街道,东街社区,甲小区,10,1,0.1,甲工程'].join('\n');
    const err = await rejects(form(csv('p.csv', text), fields as Record<string, string>), 400);
    expect(err.message).toContain(parameter);
  });

  it('rejects a request without a file and an unknown region', async () => {
    expect((await rejects(form(null, { region: '360703', year: '2026' }), 400)).message).toContain('file');
    const text = [NANKANG_HEADER, '1,蓉江街道,东街社区,甲小区,10,1,0.1,甲工程'].join('\n');
    expect((await rejects(form(csv('p.csv', text), { region: '999999', year: '2026' }), 404)).message).toContain('999999');
  });
});
