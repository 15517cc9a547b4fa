import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parsePlanTable, PlanTableError } from '../../server/plans/table/parse.ts';

const grid = (file: string) => parse(readFileSync(`geodata/seeds/${file}`, 'utf8'), { relax_column_count: true }) as string[][];
const rows = (...lines: string[]) => lines.map((l) => l.split(','));

function problemsOf(g: string[][]) {
  try {
    parsePlanTable(g);
  } catch (e) {
    if (e instanceof PlanTableError) return e.problems;
    throw e;
  }
  throw new Error('expected the table to be rejected');
}

describe('parsePlanTable on the seeds', () => {
  it("reads Nankang's plan: 28 estates in 11 projects, figures per estate", () => {
    const t = parsePlanTable(grid('nankang-2024-plan.csv'));
    expect(t.estates).toHaveLength(28);
    expect(t.groups.filter((g) => g.kind === 'project')).toHaveLength(11);
    const sc = t.groups.find((g) => g.name === '供销社家属楼周边老旧小区改造工程')!;
    expect(sc.rows).toEqual([4, 5, 6, 7, 8, 9, 10]);
    expect(t.estates.find((e) => e.name === '老物资局集资房')!.figures).toEqual({ households: 49, buildingCount: 2, floorAreaM2: 5504 });
    expect(t.planFigures).toEqual({});
  });

  it("reads Wuhai 2020: money per district batch, flags carried down, 合计 checked", () => {
    const t = parsePlanTable(grid('wuhai-2020-ranking.csv'));
    expect(t.estates).toHaveLength(38);
    expect(t.groups.map((g) => [g.kind, g.name, g.figures.plannedInvestmentWan, g.figures.completedInvestmentWan])).toEqual([
      ['district', '海勃湾区', 15152, 8072.1],
      ['district', '乌达区', 2623, 1386],
      ['district', '海南区', 1175, 880],
    ]);
    expect(t.totals).toEqual({ plannedInvestmentWan: 18950, completedInvestmentWan: 10338.1 });
    expect(t.estates.every((e) => e.figures.plannedInvestmentWan === undefined)).toBe(true);
    // 法院综合楼 sits under 组织部楼's merged 是; 卫生局楼 has its own 否.
    const flag = (n: string) => t.estates.find((e) => e.name === n)!.completed;
    expect([flag('法院综合楼'), flag('卫生局楼'), flag('粮食局小区')]).toEqual([true, false, true]);
    const hn = t.estates.find((e) => e.name === '世纪小区')!;
    expect(hn).toMatchObject({ district: '海南区', street: '拉僧仲街道', personInCharge: '张恒', leader: '刘文忠', completed: false });
  });

  it('reads Jiangkou: the 972 households were stated for the whole plan', () => {
    const t = parsePlanTable(grid('jiangkou-2023-projects.csv'));
    expect(t.estates).toHaveLength(3);
    expect(t.planFigures).toEqual({ households: 972 });
    expect(t.estates.every((e) => e.figures.households === undefined && e.dueOn === '2023-12-31')).toBe(true);
  });
});

describe('parsePlanTable rules', () => {
  const H = '所在街道,小区名称,户数,备注';

  it('finds the header below a title and reads 填报日期', () => {
    const t = parsePlanTable([['某某排名表'], ['填报日期：2021.4.25'], ...rows(H, '蓉江街道,甲,10,工程一')]);
    expect(t).toMatchObject({ title: '某某排名表', asOf: '2021-04-25' });
  });

  it('reads a blank figure as not reported when every other row has its own', () => {
    const t = parsePlanTable(rows(H, '蓉江街道,甲,,工程一', '蓉江街道,乙,5,工程二'));
    expect(t.estates.map((e) => e.figures.households)).toEqual([undefined, 5]);
  });

  it('rejects a group figure column whose first row is blank', () => {
    expect(problemsOf(rows(H, '蓉江街道,甲,,工程一', '蓉江街道,乙,5,工程二', '蓉江街道,丙,,'))[0]).toMatchObject({ row: 2, column: '户数' });
  });

  it('keeps unknown columns as attributes; rejects duplicate columns and a missing estate name', () => {
    const t = parsePlanTable(rows('所在街道,小区名称,联系电话,建成年代', 'a,b,c,1995', 'a,d,,1990'));
    expect(t.estates.map((e) => e.attributes)).toEqual([
      [{ name: '联系电话', value: 'c' }, { name: '建成年代', value: '1995' }],
      [{ name: '建成年代', value: '1990' }],
    ]);
    expect(t.warnings.filter((w) => w.code === 'column_kept_as_attribute').map((w) => w.column)).toEqual(['联系电话', '建成年代']);
    expect(problemsOf(rows('所在街道,小区名称,户数,改造户数', 'a,b,1,2'))[0]!.reason).toContain('duplicates');
    expect(problemsOf(rows(H, '蓉江街道,,10,工程一'))[0]).toMatchObject({ row: 2, column: '小区名称' });
  });

  it('rejects a table without 小区名称', () => {
    expect(problemsOf(rows('所在街道,户数', 'a,1'))[0]).toMatchObject({ column: '小区名称' });
  });

  it('rejects duplicate estates, bad dates and decimals with too many places', () => {
    expect(problemsOf(rows(H, '蓉江街道,甲,10,工程一', '蓉江街道,甲,5,工程二'))[0]!.reason).toContain('row 2');
    expect(problemsOf(rows('所在街道,小区名称,完成时限', 'a,b,2023-02-30'))[0]!.reason).toContain('calendar');
    expect(problemsOf(rows('所在街道,小区名称,总建筑面积（万平方米）', 'a,b,1.2345678'))[0]!.reason).toContain('decimal');
  });

  it('sums money exactly (no float drift) when checking 合计', () => {
    const t = parsePlanTable(rows('所在街道,小区名称,预计投资额(万元)', 'a,甲,0.1', 'a,乙,0.2', '合计,,0.3'));
    expect(t.totals).toEqual({ plannedInvestmentWan: 0.3 });
  });
});
