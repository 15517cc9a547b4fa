/**
 * The part of a plan table above and in its header: the title, 填报单位 / 填报日期, a 单位 line
 * naming the units of figures, and which column is which.
 */
import { columnForHeader, COLUMNS, normaliseHeader, UNITS, type ColumnKey, type ColumnSpec, type FigureKey } from './columns.ts';
import { parseDate } from './values.ts';
import type { Problem, Warning } from './types.ts';

export type Column =
  | { index: number; kind: 'known'; header: string; spec: ColumnSpec; unit: string | null; shift: number }
  | { index: number; kind: 'attribute'; header: string }
  | { index: number; kind: 'blank' };

export interface Layout {
  headerIndex: number;
  title: string | null;
  asOf: string | null;
  reportingUnit: string | null;
  columns: Column[];
  byKey: Map<ColumnKey, Extract<Column, { kind: 'known' }>>;
}

const DATE = String.raw`(\d{4}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}\s*日?)`;

/** Units named by a line such as "单位：万元" or "金额单位：元；面积单位：平方米". */
function statedUnits(lines: string[]): { money?: string; area?: string } {
  const out: { money?: string; area?: string } = {};
  for (const line of lines) {
    const re = /(?<!填报)(金额|投资|面积)?单位[:：]\s*([^\s;；）)]+)/g;
    for (const m of line.matchAll(re)) {
      const tokens = normaliseHeader(m[2]!).split(/[、，,/]/).filter(Boolean);
      for (const t of tokens) {
        if ((t === '万元' || t === '元') && m[1] !== '面积') out.money = t;
        if ((t === '万平方米' || t === '平方米') && m[1] !== '金额' && m[1] !== '投资') out.area = t;
      }
    }
  }
  return out;
}

export function readLayout(cells: string[][], problems: Problem[], warnings: Warning[]): Layout | null {
  const headerIndex = cells.findIndex((r) => r.some((c) => {
    const m = columnForHeader(c);
    return m?.kind === 'column' && m.spec.key === 'estate';
  }));
  if (headerIndex < 0) {
    problems.push({ row: null, column: '小区名称', reason: 'no header row with a 小区名称 column was found in the first rows of the file' });
    return null;
  }

  // Title, 填报单位, 填报日期 and 单位 above the header (one cell may hold several).
  let title: string | null = null;
  let asOf: string | null = null;
  let reportingUnit: string | null = null;
  const above: string[] = [];
  for (const [i, r] of cells.slice(0, headerIndex).entries()) {
    for (const c of r.filter(Boolean)) {
      above.push(c);
      let rest = c;
      if (/填报日期/.test(c)) {
        const m = new RegExp(`填报日期[:：]?\\s*${DATE}`).exec(c);
        const d = m ? parseDate(m[1]!) : null;
        if (d?.ok) asOf = d.value;
        else problems.push({ row: i + 1, column: null, reason: `填报日期 must be a date like 2021.4.25, got "${c}"` });
        rest = rest.replace(new RegExp(`填报日期[:：]?\\s*(${DATE})?`), '');
      }
      const unit = /填报单位[:：]?\s*([^\s]+?)(?=\s|填报日期|$)/.exec(c);
      if (unit) {
        reportingUnit = unit[1]!;
        rest = rest.replace(/填报单位[:：]?\s*\S*/, '');
      }
      // A 单位 line, alone or in brackets after the title.
      rest = rest.replace(/[（(]?\s*(金额|投资|面积)?单位[:：][^）)]*[）)]?/g, '').trim();
      if (rest && !title) title = rest;
    }
  }
  const units = statedUnits(above);

  // Header → columns.
  const header = cells[headerIndex]!;
  const columns: Column[] = [];
  const byKey = new Map<ColumnKey, Extract<Column, { kind: 'known' }>>();
  header.forEach((raw, index) => {
    const h = raw.trim();
    if (!h) {
      columns.push({ index, kind: 'blank' });
      return;
    }
    const m = columnForHeader(h);
    if (!m) {
      columns.push({ index, kind: 'attribute', header: h });
      warnings.push({
        code: 'column_kept_as_attribute', column: h,
        message: `"${h}" is not a column the importer models: its values are kept on each estate as an attribute (shown in the estate's details)`,
      });
      return;
    }
    if (m.kind === 'figure-unit') {
      problems.push({ row: headerIndex + 1, column: h, reason: m.reason });
      columns.push({ index, kind: 'blank' });
      return;
    }
    const prior = byKey.get(m.spec.key);
    if (prior) {
      problems.push({ row: headerIndex + 1, column: h, reason: `duplicates column "${prior.header}"` });
      columns.push({ index, kind: 'blank' });
      return;
    }
    let unit = m.unit;
    let shift = 0;
    if (m.spec.role === 'figure') {
      const rule = UNITS[m.spec.key as FigureKey];
      if (unit === null && rule.statedAs && units[rule.statedAs]) {
        unit = units[rule.statedAs]!;
        warnings.push({ code: 'unit_from_line', column: h, values: { unit }, message: `${h}: read in ${unit}, as the 单位 line above the table says` });
      }
      if (unit === null && rule.required) {
        const options = Object.keys(rule.units).map((u) => `${h}（${u}）`).join(' or ');
        problems.push({
          row: headerIndex + 1, column: h,
          reason: `names no unit: write ${options}, or a line 单位：… above the table, so that the figures are read in the right unit`,
        });
      }
      shift = unit === null ? 0 : rule.units[unit]!;
      if (shift !== 0) {
        warnings.push({ code: 'unit_converted', column: h, values: { unit: unit!, stored: rule.stored, places: Math.abs(shift) }, message: `${h}: figures in ${unit} are stored in ${rule.stored} (exactly, by moving the decimal point ${Math.abs(shift)} places)` });
      }
    }
    const col = { index, kind: 'known' as const, header: h, spec: m.spec, unit, shift };
    byKey.set(m.spec.key, col);
    columns.push(col);
  });
  if (!byKey.has('street')) {
    problems.push({ row: headerIndex + 1, column: '所在街道', reason: 'the table needs a street column (所在街道, 街道 or 街道办事处)' });
  }
  if (byKey.has('rank')) {
    warnings.push({ code: 'column_not_imported', column: byKey.get('rank')!.header, message: '排名 is not imported: the app ranks by the figures themselves' });
  }
  return { headerIndex, title, asOf, reportingUnit, columns, byKey };
}

export const KNOWN_HEADERS = COLUMNS.map((c) => c.headers[0]).join('、');
