/**
 * The plan-table layout: the Chinese headers bureaus use, mapped to fields, with the unit a figure
 * column is written in. Headers are compared after removing spaces and unifying full/half-width
 * brackets and area signs, so "预计投资额 (万元)" and "预计投资额（万元）", "建筑面积（㎡）" and
 * "建筑面积（平方米）" are the same column.
 */
export type ColumnKey =
  | 'seq' | 'rank' | 'district' | 'street' | 'community' | 'estate' | 'project'
  | FigureKey
  | 'personInCharge' | 'leader' | 'completed' | 'contentItems' | 'dueOn' | 'category'
  | 'designQuarter' | 'startQuarter' | 'completeQuarter';

export type FigureKey =
  | 'households' | 'buildingCount' | 'floorAreaM2' | 'plannedInvestmentWan'
  | 'completedInvestmentWan' | 'completionRatePct' | 'investmentRatePct';

/**
 * How a column's cells are read. row: the row's own cell (an estate's name, its quarters);
 * label: a merged or continued cell covers the rows below it (district, street, project …);
 * figure: a number that belongs to exactly the rows its cell covers (an estate, or a block).
 */
export type ColumnRole = 'row' | 'label' | 'figure';

export interface ColumnSpec {
  key: ColumnKey;
  /** Whole headers (labels) or header words before the unit (figures), as bureaus write them. */
  headers: string[];
  role: ColumnRole;
  /** A label carried down stops where the block of this column changes (a new street starts a new person in charge). */
  resetBy?: ColumnKey;
  /** A merged cell of this column may not straddle two blocks of resetBy (a street lies in one district). */
  nested?: boolean;
}

export const COLUMNS: ColumnSpec[] = [
  { key: 'seq', headers: ['序号', '编号'], role: 'row' },
  { key: 'rank', headers: ['排名'], role: 'label' },
  {
    key: 'district', role: 'label',
    headers: ['辖区', '所在区县', '区县', '所在区', '区（县）', '所在区（县）', '县（市、区）', '所在县（市、区）', '县（区）', '行政区'],
  },
  {
    key: 'street', role: 'label', resetBy: 'district', nested: true,
    headers: [
      '所在街道', '街道办事处', '街道', '所在街道（乡镇）', '所在街道（镇）', '街道（镇）', '街道（乡镇）', '乡镇（街道）',
      '所在乡镇（街道）', '所属街道', '镇（街道）', '所在镇（街道）',
    ],
  },
  { key: 'community', role: 'label', resetBy: 'street', nested: true, headers: ['所在社区', '社区', '社区居委会', '所属社区', '社区（村）', '所在社区（村）'] },
  { key: 'estate', role: 'row', headers: ['小区名称', '小区', '小区名', '老旧小区名称'] },
  { key: 'project', role: 'label', resetBy: 'district', nested: true, headers: ['备注', '项目名称', '改造工程'] },
  { key: 'households', role: 'figure', headers: ['户数', '计划改造户数', '改造户数', '涉及户数', '居民户数', '住户数', '住户'] },
  { key: 'buildingCount', role: 'figure', headers: ['栋数', '楼栋数', '改造栋数', '幢数', '楼栋数量'] },
  { key: 'floorAreaM2', role: 'figure', headers: ['总建筑面积', '建筑面积', '改造面积', '改造建筑面积', '总面积'] },
  {
    key: 'plannedInvestmentWan', role: 'figure',
    headers: ['预计投资额', '预计投资', '计划投资', '计划投资额', '总投资', '投资额', '计划总投资', '估算投资', '概算投资', '项目总投资'],
  },
  { key: 'completedInvestmentWan', role: 'figure', headers: ['累计完成投资额', '累计完成投资', '完成投资', '完成投资额', '已完成投资'] },
  { key: 'completionRatePct', role: 'figure', headers: ['完工率'] },
  { key: 'investmentRatePct', role: 'figure', headers: ['投资完成率'] },
  { key: 'personInCharge', role: 'label', resetBy: 'street', headers: ['负责人'] },
  { key: 'leader', role: 'label', resetBy: 'street', headers: ['责任领导'] },
  { key: 'completed', role: 'label', resetBy: 'district', headers: ['是否完工'] },
  { key: 'contentItems', role: 'label', headers: ['改造内容', '主要改造内容'] },
  { key: 'dueOn', role: 'label', headers: ['完成时限'] },
  { key: 'category', role: 'label', headers: ['项目类别'] },
  { key: 'designQuarter', role: 'row', headers: ['方案设计完成季度'] },
  { key: 'startQuarter', role: 'row', headers: ['开工季度'] },
  { key: 'completeQuarter', role: 'row', headers: ['完工季度'] },
];

/**
 * Units a figure column may be written in, as a shift of the decimal point into the stored unit
 * (m², 万元, %, whole counts). `required`: a header without a unit is refused unless a 单位 line
 * above the table names it, because 1.5 could be 万㎡ or ㎡, 万元 or 元.
 */
export interface UnitRule {
  stored: string;
  units: Record<string, number>;
  required: boolean;
  /** Which word of a "单位：万元、平方米" line applies: money or area. */
  statedAs?: 'money' | 'area';
}

export const UNITS: Record<FigureKey, UnitRule> = {
  households: { stored: '户', units: { 户: 0 }, required: false },
  buildingCount: { stored: '栋', units: { 栋: 0, 幢: 0, 座: 0, 个: 0 }, required: false },
  floorAreaM2: { stored: 'm²', units: { 平方米: 0, 万平方米: 4 }, required: true, statedAs: 'area' },
  plannedInvestmentWan: { stored: '万元', units: { 万元: 0, 元: -4 }, required: true, statedAs: 'money' },
  completedInvestmentWan: { stored: '万元', units: { 万元: 0, 元: -4 }, required: true, statedAs: 'money' },
  completionRatePct: { stored: '%', units: { '%': 0 }, required: true },
  investmentRatePct: { stored: '%', units: { '%': 0 }, required: true },
};

export function normaliseHeader(h: string): string {
  return h
    .replace(/\s+/g, '')
    .replace(/\(/g, '（')
    .replace(/\)/g, '）')
    .replace(/[:]/g, '：')
    .replace(/％/g, '%')
    .replace(/㎡|m²|m2|M2|平米/g, '平方米')
    .trim();
}

const labelByHeader = new Map(
  COLUMNS.filter((c) => c.role !== 'figure').flatMap((c) => c.headers.map((h) => [normaliseHeader(h), c] as const)),
);
const figureByWord = new Map(
  COLUMNS.filter((c) => c.role === 'figure').flatMap((c) => c.headers.map((h) => [normaliseHeader(h), c] as const)),
);

export type HeaderMatch =
  | { kind: 'column'; spec: ColumnSpec; unit: string | null }
  | { kind: 'figure-unit'; spec: ColumnSpec; unit: string; reason: string };

/**
 * What a header names: a known column (with the unit written in it, for figures), a figure with a
 * unit it cannot be in, or nothing the importer models (undefined: kept as an attribute).
 */
export function columnForHeader(header: string): HeaderMatch | undefined {
  const h = normaliseHeader(header);
  const label = labelByHeader.get(h);
  if (label) return { kind: 'column', spec: label, unit: null };
  const bare = figureByWord.get(h);
  if (bare) return { kind: 'column', spec: bare, unit: null };
  // "预计投资额（万元）", or the unit run on: "建筑面积平方米".
  const bracketed = /^(.+?)（([^（）]*)）$/.exec(h);
  const candidates: [string, string][] = bracketed ? [[bracketed[1]!, bracketed[2]!]] : [];
  for (const u of ['万平方米', '平方米', '万元', '元', '%', '户', '栋', '幢']) {
    if (h.endsWith(u) && h.length > u.length) candidates.push([h.slice(0, -u.length), u]);
  }
  for (const [word, unit] of candidates) {
    const spec = figureByWord.get(word);
    if (!spec) continue;
    const rule = UNITS[spec.key as FigureKey];
    if (unit in rule.units) return { kind: 'column', spec, unit };
    return {
      kind: 'figure-unit', spec, unit,
      reason: `the unit "${unit}" is not one this column can be in (${Object.keys(rule.units).join(', ')})`,
    };
  }
  return undefined;
}

export const FIGURE_KEYS = COLUMNS.filter((c) => c.role === 'figure').map((c) => c.key) as FigureKey[];
export const MONEY_KEYS: FigureKey[] = ['plannedInvestmentWan', 'completedInvestmentWan'];
