/**
 * Reads a targets table (目标任务) in the layout of Haimen's 分解下达 notice (geodata/seeds/
 * haimen-2021-targets.csv): 任务, 指标, 目标值, 单位, 责任单位, 完成时限, optionally 地区 (a region
 * name or code within the plan's region). Pure; right or refused: a 任务/指标 pair this reading does
 * not know, a unit that does not fit the metric, a bad number or date is a problem naming its row
 * and column, never a guess.
 */
import type { Problem } from './parse.ts';
import { parseDate, parseDecimal } from './values.ts';
import { TARGET_METRICS, type TargetMetric } from '../../../shared/milestones/contract.ts';

export interface ReadTarget {
  row: number;
  /** As written (a name or code), or null for the plan's own region. */
  region: string | null;
  metric: TargetMetric;
  value: number;
  unit: string;
  responsibleUnit: string | null;
  dueOn: string | null;
}

export class TargetsTableError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => `${p.row ? `row ${p.row}, ` : ''}${p.column ? `${p.column}: ` : ''}${p.reason}`).join('; '));
  }
}

const HEADERS = {
  task: ['任务', '任务名称', '项目', '类别', '任务类别'],
  indicator: ['指标', '指标名称', '任务指标'],
  value: ['目标值', '目标', '目标任务', '数量', '任务数'],
  unit: ['单位', '计量单位'],
  responsible: ['责任单位', '牵头单位'],
  due: ['完成时限', '时限', '完成时间', '截止日期'],
  region: ['地区', '区域', '辖区', '行政区', '行政区划'],
} satisfies Record<string, string[]>;

/** 任务 words → the kind of work. */
const TASKS: [RegExp, 'old' | 'resettlement' | 'micro'][] = [
  [/^(?:城镇)?老旧小区(?:环境整治及)?微改造$|^微改造$/, 'micro'],
  [/^(?:城镇)?老旧小区改造(?:建设)?$/, 'old'],
  [/^棚户区改造(?:安置住房)?$|^棚改安置住房$|^安置住房$/, 'resettlement'],
];

/** (kind, 指标) → metric. The README lists these. */
const INDICATORS: Record<'old' | 'resettlement' | 'micro', [string[], TargetMetric][]> = {
  old: [
    [['改造小区', '开工小区', '新开工', '开工', '小区个数', '改造个数'], 'estates_started'],
    [['完工小区', '完工', '竣工'], 'estates_completed'],
    [['改造户数', '户数', '惠及户数', '惠及居民'], 'households'],
    [['开工面积'], 'floor_area_started_m2'],
    [['完工面积'], 'floor_area_completed_m2'],
  ],
  resettlement: [
    [['新开工'], 'resettlement_units_started'],
    [['基本建成'], 'resettlement_units_built'],
  ],
  micro: [[['完工', '完工项目'], 'micro_renovation_completed']],
};

/** Units as written → the metric's unit and the factor to it. */
const UNITS: Record<string, { unit: string; factor: number }> = {
  个: { unit: '个', factor: 1 },
  套: { unit: '套', factor: 1 },
  户: { unit: '户', factor: 1 },
  'm²': { unit: 'm²', factor: 1 },
  '㎡': { unit: 'm²', factor: 1 },
  m2: { unit: 'm²', factor: 1 },
  平方米: { unit: 'm²', factor: 1 },
  万平方米: { unit: 'm²', factor: 10_000 },
  '万㎡': { unit: 'm²', factor: 10_000 },
  '万m²': { unit: 'm²', factor: 10_000 },
};

const clean = (s: string | undefined) => (s ?? '').replace(/[\r\n]+/g, '').replace(/\u00a0/g, ' ').trim();

export function readTargetsTable(grid: string[][]): ReadTarget[] {
  const rows = grid.map((r) => r.map(clean));
  const problems: Problem[] = [];
  const h = rows.findIndex((r) => r.some((c) => HEADERS.indicator.includes(c)) && r.some((c) => HEADERS.value.includes(c)));
  if (h < 0) throw new TargetsTableError([{ row: null, column: null, reason: 'no header row with 指标 and 目标值 (the layout: 任务, 指标, 目标值, 单位, 责任单位, 完成时限)' }]);
  const col = Object.fromEntries(Object.entries(HEADERS).map(([k, names]) => [k, rows[h]!.findIndex((c) => names.includes(c))])) as Record<keyof typeof HEADERS, number>;
  for (const k of ['task', 'unit'] as const) {
    if (col[k] < 0) problems.push({ row: h + 1, column: null, reason: `no ${HEADERS[k][0]} column` });
  }
  if (problems.length) throw new TargetsTableError(problems);
  const header = (k: keyof typeof HEADERS) => rows[h]![col[k]]!;

  const out: ReadTarget[] = [];
  let task = '';
  for (let r = h + 1; r < rows.length; r++) {
    const cells = rows[r]!;
    const row = r + 1;
    const get = (k: keyof typeof HEADERS) => (col[k] >= 0 ? cells[col[k]] ?? '' : '');
    if (cells.every((c) => c === '')) continue;
    if (/^(注|合计|小计)/.test(cells.find((c) => c !== '') ?? '')) continue;
    // A blank 任务 continues the merged cell above.
    task = get('task') || task;
    const indicator = get('indicator');
    const at = (k: keyof typeof HEADERS, reason: string) => problems.push({ row, column: header(k), reason });
    const kind = TASKS.find(([re]) => re.test(task))?.[1];
    if (!kind) {
      at('task', `unknown 任务 "${task}": known are 老旧小区改造, 棚户区改造安置住房, 老旧小区环境整治及微改造`);
      continue;
    }
    const metric = (Object.hasOwn(TARGET_METRICS, indicator) ? (indicator as TargetMetric) : undefined) ?? INDICATORS[kind].find(([words]) => words.includes(indicator))?.[1];
    if (!metric) {
      at('indicator', `unknown 指标 "${indicator}" for ${task}: known are ${INDICATORS[kind].flatMap(([words]) => words).join('、')}`);
      continue;
    }
    const unitWritten = get('unit');
    const unit = UNITS[unitWritten];
    const want = TARGET_METRICS[metric].unit;
    if (!unit || unit.unit !== want) {
      at('unit', `"${unitWritten}" is not a unit of ${task}/${indicator} (counted in ${want})`);
      continue;
    }
    const value = parseDecimal(get('value'), 4);
    if (!value.ok) {
      at('value', value.reason);
      continue;
    }
    const due = get('due');
    const dueOn = due ? parseDate(due) : null;
    if (dueOn && !dueOn.ok) {
      at('due', dueOn.reason);
      continue;
    }
    out.push({
      row,
      region: get('region') || null,
      metric,
      value: Math.round(value.value * unit.factor * 10_000) / 10_000,
      unit: want,
      responsibleUnit: get('responsible') || null,
      dueOn: dueOn?.ok ? dueOn.value : null,
    });
  }
  if (problems.length) throw new TargetsTableError(problems);
  if (!out.length) throw new TargetsTableError([{ row: null, column: null, reason: 'the table has no target rows under its header' }]);
  return out;
}
