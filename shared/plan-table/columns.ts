/**
 * The plan-table layout: the Chinese headers the programme documents use, mapped to fields.
 * Headers are compared after removing spaces and unifying full/half-width brackets, so
 * "预计投资额 (万元)" and "预计投资额（万元）" are the same column.
 */
export type ColumnKey =
  | 'seq' | 'rank' | 'district' | 'street' | 'community' | 'estate' | 'project'
  | 'households' | 'buildingCount' | 'floorAreaWanM2'
  | 'plannedInvestmentWan' | 'completedInvestmentWan' | 'completionRatePct' | 'investmentRatePct'
  | 'personInCharge' | 'leader' | 'completed' | 'contentItems' | 'dueOn' | 'category'
  | 'designQuarter' | 'startQuarter' | 'completeQuarter';

/** How a blank cell is read: a merged cell continues the value above (label) or the group figure above (figure). */
export type ColumnRole = 'row' | 'label' | 'figure';

export interface ColumnSpec {
  key: ColumnKey;
  headers: string[];
  role: ColumnRole;
  /** A label carried down stops at a new value in this column (a new street starts a new person in charge). */
  resetBy?: ColumnKey;
}

export const COLUMNS: ColumnSpec[] = [
  { key: 'seq', headers: ['序号'], role: 'row' },
  { key: 'rank', headers: ['排名'], role: 'label' },
  { key: 'district', headers: ['辖区', '所在区县', '区县', '所在区'], role: 'label' },
  { key: 'street', headers: ['所在街道', '街道办事处', '街道', '所在街道（乡镇）'], role: 'label', resetBy: 'district' },
  { key: 'community', headers: ['所在社区', '社区', '社区居委会'], role: 'label', resetBy: 'street' },
  { key: 'estate', headers: ['小区名称', '小区'], role: 'row' },
  { key: 'project', headers: ['备注', '项目名称', '改造工程'], role: 'label', resetBy: 'district' },
  { key: 'households', headers: ['户数', '计划改造户数', '改造户数'], role: 'figure' },
  { key: 'buildingCount', headers: ['栋数', '楼栋数'], role: 'figure' },
  { key: 'floorAreaWanM2', headers: ['总建筑面积（万平方米）', '建筑面积（万平方米）', '改造面积（万平方米）'], role: 'figure' },
  { key: 'plannedInvestmentWan', headers: ['预计投资额（万元）', '计划投资（万元）', '计划投资额（万元）'], role: 'figure' },
  { key: 'completedInvestmentWan', headers: ['累计完成投资额（万元）', '完成投资（万元）'], role: 'figure' },
  { key: 'completionRatePct', headers: ['完工率（%）'], role: 'figure' },
  { key: 'investmentRatePct', headers: ['投资完成率（%）'], role: 'figure' },
  { key: 'personInCharge', headers: ['负责人'], role: 'label', resetBy: 'street' },
  { key: 'leader', headers: ['责任领导'], role: 'label', resetBy: 'street' },
  { key: 'completed', headers: ['是否完工'], role: 'label', resetBy: 'district' },
  { key: 'contentItems', headers: ['改造内容'], role: 'label' },
  { key: 'dueOn', headers: ['完成时限'], role: 'label' },
  { key: 'category', headers: ['项目类别'], role: 'label' },
  { key: 'designQuarter', headers: ['方案设计完成季度'], role: 'row' },
  { key: 'startQuarter', headers: ['开工季度'], role: 'row' },
  { key: 'completeQuarter', headers: ['完工季度'], role: 'row' },
];

export function normaliseHeader(h: string): string {
  return h
    .replace(/\s+/g, '')
    .replace(/\(/g, '（')
    .replace(/\)/g, '）')
    .replace(/㎡/g, '平方米')
    .trim();
}

const byHeader = new Map(COLUMNS.flatMap((c) => c.headers.map((h) => [normaliseHeader(h), c] as const)));

export function columnForHeader(header: string): ColumnSpec | undefined {
  return byHeader.get(normaliseHeader(header));
}

export const FIGURE_KEYS = COLUMNS.filter((c) => c.role === 'figure').map((c) => c.key) as FigureKey[];
export type FigureKey =
  | 'households' | 'buildingCount' | 'floorAreaWanM2' | 'plannedInvestmentWan'
  | 'completedInvestmentWan' | 'completionRatePct' | 'investmentRatePct';
