/**
 * The plan-table reader on layouts bureaus send: header words and units, merged ranges (XLSX) and
 * continued cells (CSV), 填报单位 / 单位 lines, 合计 rows, 序号 merged or missing.
 */
import { describe, expect, it } from 'vitest';
import { parseRangeRef, type TableGrid } from '../../server/plans/table/grid.ts';
import { parsePlanTable, PlanTableError, type PlanTable } from '../../server/plans/table/parse.ts';

const rows = (...lines: string[]) => lines.map((l) => l.split(','));
const withMerges = (cells: string[][], ...refs: string[]): TableGrid => ({ cells, merges: refs.map((r) => parseRangeRef(r)!) });

function problemsOf(g: string[][] | TableGrid) {
  try {
    parsePlanTable(g);
  } catch (e) {
    if (e instanceof PlanTableError) return e.problems;
    throw e;
  }
  throw new Error('expected the table to be rejected');
}
const byName = (t: PlanTable) => Object.fromEntries(t.estates.map((e) => [e.name, e]));

describe('headers and units', () => {
  it.each([
    ['街道'], ['街道（镇）'], ['所在街道'], ['所在街道（乡镇）'], ['所在街道(乡镇)'], ['街道办事处'],
  ])('reads %s as the street', (h) => {
    expect(parsePlanTable(rows(`${h},小区名称`, '蓉江街道,甲')).estates[0]!.street).toBe('蓉江街道');
  });

  it('reads 栋数 / 楼栋数（幢） and 户数 / 户数（户）', () => {
    const a = parsePlanTable(rows('街道,小区名称,楼栋数（幢）,户数（户）', 'x,甲,3,40'));
    const b = parsePlanTable(rows('街道,小区名称,栋数,户数', 'x,甲,3,40'));
    expect(a.estates[0]!.figures).toEqual({ buildingCount: 3, households: 40 });
    expect(b.estates[0]!.figures).toEqual(a.estates[0]!.figures);
  });

  it('converts 建筑面积 by the unit in the header: ㎡ as written, 万㎡ × 10000, exactly', () => {
    const t = parsePlanTable(rows('街道,小区名称,建筑面积（㎡）', 'x,甲,5504.37', 'x,乙,0.01'));
    expect(t.estates.map((e) => e.figures.floorAreaM2)).toEqual([5504.37, 0.01]);
    const w = parsePlanTable(rows('街道,小区名称,建筑面积（万㎡）', 'x,甲,0.550437', 'x,乙,17.3'));
    expect(w.estates.map((e) => e.figures.floorAreaM2)).toEqual([5504.37, 173000]);
    expect(w.warnings).toContainEqual(expect.objectContaining({ code: 'unit_converted', column: '建筑面积（万㎡）' }));
  });

  it('converts investment in 元 to 万元 exactly, to the fen', () => {
    const t = parsePlanTable(rows('街道,小区名称,计划投资（元）,完成投资（元）', 'x,甲,12345.67,100', 'x,乙,"1,000,000",0.01'.replace(/"/g, '')));
    expect(t.estates[0]!.figures).toEqual({ plannedInvestmentWan: 1.234567, completedInvestmentWan: 0.01 });
  });

  it('refuses what cannot be stored exactly instead of rounding', () => {
    expect(problemsOf(rows('街道,小区名称,计划投资（元）', 'x,甲,12345.678'))[0]).toMatchObject({ row: 2, column: '计划投资（元）' });
    expect(problemsOf(rows('街道,小区名称,计划投资（万元）', 'x,甲,1.2345678'))[0]!.reason).toContain('at most 6');
    expect(problemsOf(rows('街道,小区名称,建筑面积（㎡）', 'x,甲,1.234'))[0]!.reason).toContain('at most 2');
  });

  it('asks for the unit of area and money when the header names none', () => {
    const [p] = problemsOf(rows('街道,小区名称,建筑面积', 'x,甲,1.5'));
    expect(p).toMatchObject({ row: 1, column: '建筑面积' });
    expect(p!.reason).toContain('建筑面积（万平方米）');
    expect(problemsOf(rows('街道,小区名称,总投资', 'x,甲,10'))[0]).toMatchObject({ column: '总投资' });
    expect(problemsOf(rows('街道,小区名称,总投资（万㎡）', 'x,甲,10'))[0]!.reason).toContain('not one this column can be in');
  });

  it('takes the unit from a 单位 line above the table', () => {
    const t = parsePlanTable([['某区老旧小区改造计划表'], ['单位：万元、平方米'], ...rows('街道,小区名称,总投资,建筑面积', 'x,甲,10.5,300')]);
    expect(t.estates[0]!.figures).toEqual({ plannedInvestmentWan: 10.5, floorAreaM2: 300 });
    expect(t.title).toBe('某区老旧小区改造计划表');
  });

  it('reads 填报单位 and 填报日期 written on one line above the header', () => {
    const t = parsePlanTable([['2025年某区改造进度表'], ['填报单位：某区住建局    填报日期：2025年6月30日'], ...rows('街道,小区名称', 'x,甲')]);
    expect(t).toMatchObject({ title: '2025年某区改造进度表', reportingUnit: '某区住建局', asOf: '2025-06-30' });
  });
});

describe('merged blocks (XLSX) and continued cells (CSV)', () => {
  const H = '辖区,街道,小区名称,预计投资额（万元）';

  it('keeps the same district in two separate merged blocks as two batches', () => {
    const cells = rows(H, 'A区,一街,甲,100', ',,乙,', 'A区,二街,丙,50', ',,丁,');
    const t = parsePlanTable(withMerges(cells, 'A2:A3', 'B2:B3', 'D2:D3', 'A4:A5', 'B4:B5', 'D4:D5'));
    expect(t.groups.map((g) => [g.kind, g.name, g.streets, g.repeated, g.rows, g.figures.plannedInvestmentWan])).toEqual([
      ['district', 'A区', ['一街'], true, [2, 3], 100],
      ['district', 'A区', ['二街'], true, [4, 5], 50],
    ]);
    // The same table as a CSV export: the label written again starts a new block.
    const csv = parsePlanTable(cells);
    expect(csv.groups.map((g) => [g.rows, g.figures.plannedInvestmentWan])).toEqual([[[2, 3], 100], [[4, 5], 50]]);
  });

  it('gives a figure merged over one street block inside a district block to that street', () => {
    const cells = rows(H, 'A区,一街,甲,100', ',,乙,', ',二街,丙,50');
    const t = parsePlanTable(withMerges(cells, 'A2:A4', 'B2:B3', 'D2:D3'));
    expect(t.groups.map((g) => [g.kind, g.name, g.rows, g.figures.plannedInvestmentWan])).toEqual([
      ['street', '一街', [2, 3], 100],
      ['street', '二街', [4], 50],
    ]);
  });

  it('reads a blank cell outside any merge as empty in a column that has merges', () => {
    // B区 has no money; in a CSV its blank would continue A区's.
    const cells = rows(H, 'A区,一街,甲,100', 'B区,二街,乙,', 'C区,三街,丙,30', ',,丁,');
    const t = parsePlanTable(withMerges(cells, 'D4:D5', 'A4:A5', 'B4:B5'));
    expect(t.groups.map((g) => [g.name, g.rows, g.figures])).toEqual([
      ['A区', [2], { plannedInvestmentWan: 100 }],
      ['C区', [4, 5], { plannedInvestmentWan: 30 }],
    ]);
    expect(byName(t)['乙']!.groupKey).toBeNull();
    expect(problemsOf(cells)[0]).toMatchObject({ row: 2, column: '预计投资额（万元）' });
  });

  it('refuses a figure on one row of a block when the other figures of its column cover blocks', () => {
    const cells = rows(H, 'A区,一街,甲,100', 'A区,一街,乙,', 'B区,二街,丙,30', ',,丁,');
    const p = problemsOf(withMerges(cells, 'D4:D5', 'A4:A5', 'B4:B5'));
    expect(p[0]).toMatchObject({ row: 2, column: '预计投资额（万元）' });
    expect(p[0]!.reason).toContain('merged over its block');
  });

  it('carries a street down while the district is written again on every row of its block', () => {
    const t = parsePlanTable(rows(H, 'A区,一街,甲,1', 'A区,,乙,2', 'B区,,丙,3'.replace('B区,,', 'B区,二街,')));
    expect(t.estates.map((e) => [e.district, e.street])).toEqual([['A区', '一街'], ['A区', '一街'], ['B区', '二街']]);
    expect(problemsOf(rows(H, 'A区,一街,甲,1', 'B区,,乙,2'))[0]).toMatchObject({ row: 3, column: '街道' });
  });

  it('joins a label written on every row into one block', () => {
    const t = parsePlanTable(withMerges(rows(H, 'A区,一街,甲,100', 'A区,一街,乙,', 'A区,一街,丙,'), 'D2:D4'));
    expect(t.groups.map((g) => [g.kind, g.name, g.rows])).toEqual([['district', 'A区', [2, 3, 4]]]);
  });

  it('refuses a street merged across two districts and a figure over part of a block', () => {
    const straddle = problemsOf(withMerges(rows(H, 'A区,一街,甲,1', 'B区,,乙,2'), 'B2:B3'));
    expect(straddle[0]).toMatchObject({ row: 2, column: '街道' });
    expect(straddle[0]!.reason).toContain('straddles');
    const part = problemsOf(withMerges(rows(H, 'A区,一街,甲,100', ',,乙,', ',,丙,'), 'A2:A4', 'B2:B4', 'D2:D3'));
    expect(part[0]).toMatchObject({ row: 2, column: '预计投资额（万元）' });
    expect(part[0]!.reason).toContain('rows 2–3');
  });

  it('refuses cells merged across columns among estate rows, and merged estate names', () => {
    expect(problemsOf(withMerges(rows(H, 'A区,一街,甲,1', 'A区,一街,乙,2'), 'A2:B2'))[0]!.reason).toContain('across columns');
    expect(problemsOf(withMerges(rows(H, 'A区,一街,甲,1', 'A区,一街,,2'), 'C2:C3'))[0]!.reason).toContain('each row is one estate');
  });

  it('refuses two columns that would put an estate in two batches', () => {
    const cells = rows('辖区,街道,小区名称,预计投资额（万元）,累计完成投资额（万元）', 'A区,一街,甲,100,10', ',,乙,,5', ',二街,丙,,');
    const p = problemsOf(withMerges(cells, 'A2:A4', 'B2:B3', 'D2:D4', 'E3:E4'));
    expect(p.some((x) => x.column === '累计完成投资额（万元）')).toBe(true);
  });

  it('makes a whole-table figure without a district column the plan-wide batch', () => {
    const t = parsePlanTable(withMerges(rows('街道,小区名称,预计投资额（万元）', '一街,甲,300', '二街,乙,'), 'C2:C3'));
    expect(t.groups.map((g) => [g.kind, g.rows, g.figures])).toEqual([['plan', [2, 3], { plannedInvestmentWan: 300 }]]);
    expect(t.estates.every((e) => e.groupKey === t.groups[0]!.key)).toBe(true);
  });

  it('keeps a whole-table count over several projects as the plan figure, refuses money there', () => {
    const H2 = '项目名称,街道,小区名称,户数,预计投资额（万元）';
    const t = parsePlanTable(withMerges(rows(H2, 'P1,一街,甲,972,1', 'P2,一街,乙,,2'), 'D2:D3'));
    expect(t.planFigures).toEqual({ households: 972 });
    expect(t.warnings).toContainEqual(expect.objectContaining({ code: 'plan_figure_stated' }));
    expect(problemsOf(withMerges(rows(H2, 'P1,一街,甲,972,10', 'P2,一街,乙,,'), 'E2:E3'))[0]!.reason).toContain('no one project');
  });

  it('refuses completed money without planned money for the same rows', () => {
    const p = problemsOf(rows('街道,小区名称,预计投资额（万元）,累计完成投资额（万元）', 'x,甲,,1', 'x,乙,5,2'));
    expect(p).toEqual([expect.objectContaining({ row: 2, column: '累计完成投资额（万元）' })]);
  });
});

describe('rows: 合计, 序号, notes', () => {
  it('checks a 合计 row exactly, in the column unit', () => {
    const ok = parsePlanTable(rows('序号,街道,小区名称,计划投资（元）', '1,x,甲,0.01', '2,x,乙,0.02', '合计,,,0.03'));
    expect(ok.totals).toEqual({ plannedInvestmentWan: 0.000003 });
    const bad = problemsOf(rows('序号,街道,小区名称,计划投资（元）', '1,x,甲,0.01', '2,x,乙,0.02', '合计,,,0.04'));
    expect(bad[0]).toMatchObject({ row: 4, column: '计划投资（元）', reason: 'the 合计 says 0.04 but the rows above add up to 0.03' });
  });

  it('reads a merged 合计 label and a merged or missing 序号', () => {
    const cells = rows('序号,街道,小区名称,户数', '1,x,甲,10', ',x,乙,5', ',x,丙,1', '合计,,,16');
    const t = parsePlanTable(withMerges(cells, 'A2:A3', 'A5:C5'));
    expect(t.estates.map((e) => e.seq)).toEqual([1, null, null]);
    expect(t.totals).toEqual({ households: 16 });
    expect(parsePlanTable(rows('街道,小区名称,户数', 'x,甲,10')).estates[0]!.seq).toBeNull();
  });

  it('reads a 合计 row right under the header, and refuses subtotal rows', () => {
    const t = parsePlanTable(rows('序号,街道,小区名称,户数', '合计,,,15', '1,x,甲,10', '2,x,乙,5'));
    expect([t.estates.length, t.totals]).toEqual([2, { households: 15 }]);
    expect(problemsOf(rows('序号,街道,小区名称,户数', '1,x,甲,10', ',x,海北小计,10', '合计,,,10'))[0]).toMatchObject({ row: 3 });
  });

  it('skips notes below the table', () => {
    const t = parsePlanTable([...rows('街道,小区名称,户数', 'x,甲,10'), ['注：户数以实际入户调查为准']]);
    expect(t.estates).toHaveLength(1);
    expect(t.warnings).toContainEqual(expect.objectContaining({ code: 'notes_skipped' }));
  });

  it('keeps rates printed per estate as attributes', () => {
    const t = parsePlanTable(rows('街道,小区名称,完工率（%）', 'x,甲,50', 'x,乙,75.5'));
    expect(t.estates.map((e) => e.attributes)).toEqual([[{ name: '完工率（%）', value: '50' }], [{ name: '完工率（%）', value: '75.5' }]]);
  });

  it('applies a merged unknown column to every row it covers', () => {
    const t = parsePlanTable(withMerges(rows('街道,小区名称,建成年代', 'x,甲,1990', 'x,乙,', 'x,丙,'), 'C2:C3'));
    expect(t.estates.map((e) => e.attributes)).toEqual([[{ name: '建成年代', value: '1990' }], [{ name: '建成年代', value: '1990' }], []]);
  });
});
