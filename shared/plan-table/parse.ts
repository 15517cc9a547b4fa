/**
 * Reads a plan table in the documents' layout (a grid of cell texts, as exported from a
 * spreadsheet) into estates, groups and figures. Pure: no database, used by the importer and
 * testable on its own. Rules:
 * - rows above the header may carry a title and a 填报日期 (the date the figures describe);
 * - a blank label cell continues the merged cell above (district, street, project, person …),
 *   until a new value in its parent column starts a new block;
 * - a figure (households, money, rates) written once above blank cells was reported for the
 *   block it spans: a project (备注/项目名称), a district batch (辖区) or the whole plan. It is
 *   kept there; it is never split over estates;
 * - a 合计 row is checked against the sums of the figures above it.
 */
import {
  COLUMNS, columnForHeader, FIGURE_KEYS,
  type ColumnKey, type ColumnSpec, type FigureKey,
} from './columns.ts';
import {
  parseCount, parseDate, parseDecimal, parseQuarter, parseYesNo, splitItems, wanM2ToM2, type Parsed,
} from './values.ts';

export interface Problem {
  /** Spreadsheet row number (1-based, as the planner sees it), or null for file-level problems. */
  row: number | null;
  column: string | null;
  reason: string;
}

export class PlanTableError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map(describeProblem).join('; '));
  }
}

export function describeProblem(p: Problem): string {
  const where = [p.row !== null ? `row ${p.row}` : null, p.column ? `column ${p.column}` : null].filter(Boolean).join(', ');
  return where ? `${where}: ${p.reason}` : p.reason;
}

export type Figures = Partial<Record<FigureKey, number>>;

export interface Quarter {
  year: number;
  quarter: number;
}

export interface EstateRow {
  row: number;
  seq: number | null;
  name: string;
  district: string | null;
  street: string;
  community: string | null;
  /** Key of the group (project or district batch) the estate belongs to, if any. */
  groupKey: string | null;
  figures: Figures; // the estate's own figures only
  personInCharge: string | null;
  leader: string | null;
  completed: boolean | null;
  contentItems: string[];
  dueOn: string | null;
  category: string | null;
  designQuarter: Quarter | null;
  startQuarter: Quarter | null;
  completeQuarter: Quarter | null;
}

export interface Group {
  key: string;
  /** project: named in 备注/项目名称; district: a district's batch in a ranking table. */
  kind: 'project' | 'district';
  name: string;
  district: string | null;
  rows: number[];
  figures: Figures;
  contentItems: string[];
  dueOn: string | null;
}

export interface PlanTable {
  title: string | null;
  asOf: string | null;
  columns: ColumnKey[];
  estates: EstateRow[];
  groups: Group[];
  /** Figures reported for the whole table (a value spanning every row). */
  planFigures: Figures;
  /** The 合计 row's figures, already checked against the rows above. */
  totals: Figures | null;
}

/** Figures a 合计 row can be checked against by adding up; rates are not additive. */
const SUMMABLE_KEYS: FigureKey[] = ['households', 'buildingCount', 'floorAreaWanM2', 'plannedInvestmentWan', 'completedInvestmentWan'];
const TOTAL_LABELS = new Set(['合计', '总计', '合 计']);
const FIGURE_PLACES: Record<FigureKey, number> = {
  households: 0, buildingCount: 0, floorAreaWanM2: 4, plannedInvestmentWan: 4,
  completedInvestmentWan: 4, completionRatePct: 2, investmentRatePct: 2,
};

function parseFigure(key: FigureKey, text: string): Parsed<number> {
  if (FIGURE_PLACES[key] === 0) return parseCount(text);
  const p = parseDecimal(text, FIGURE_PLACES[key]);
  if (!p.ok) return p;
  if (key === 'floorAreaWanM2') return { ok: true, value: wanM2ToM2(p.value) };
  return p;
}

/** Sum in fixed point so that 18950 = 15152 + 2623 + 1175 exactly and 0.1 + 0.2 is 0.3. */
function exactSum(values: number[], places: number): number {
  const f = 10 ** places;
  return values.reduce((s, v) => s + Math.round(v * f), 0) / f;
}

export function parsePlanTable(grid: string[][]): PlanTable {
  const problems: Problem[] = [];
  const cells = grid.map((r) => r.map((c) => (c ?? '').toString().trim()));
  const headerIndex = cells.findIndex((r) => r.some((c) => columnForHeader(c)?.key === 'estate'));
  if (headerIndex < 0) {
    throw new PlanTableError([
      { row: null, column: '小区名称', reason: 'no header row with a 小区名称 column was found in the first rows of the file' },
    ]);
  }

  // Title and 填报日期 above the header.
  let title: string | null = null;
  let asOf: string | null = null;
  for (const [i, r] of cells.slice(0, headerIndex).entries()) {
    for (const c of r.filter(Boolean)) {
      const m = /填报日期[:：]?\s*(.+)$/.exec(c);
      if (m) {
        const d = parseDate(m[1]!);
        if (d.ok) asOf = d.value;
        else problems.push({ row: i + 1, column: null, reason: `填报日期 ${d.reason}` });
      } else if (!title) title = c;
    }
  }

  // Header → columns.
  const header = cells[headerIndex]!;
  const specs: (ColumnSpec | null)[] = [];
  const seen = new Map<ColumnKey, string>();
  header.forEach((h) => {
    if (!h) {
      specs.push(null);
      return;
    }
    const spec = columnForHeader(h);
    if (!spec) {
      problems.push({
        row: headerIndex + 1,
        column: h,
        reason: `unknown column "${h}"; known columns: ${COLUMNS.map((c) => c.headers[0]).join('、')}`,
      });
      specs.push(null);
    } else if (seen.has(spec.key)) {
      problems.push({ row: headerIndex + 1, column: h, reason: `duplicates column "${seen.get(spec.key)}"` });
      specs.push(null);
    } else {
      seen.set(spec.key, h);
      specs.push(spec);
    }
  });
  if (!seen.has('street')) {
    problems.push({ row: headerIndex + 1, column: '所在街道', reason: 'the table needs a street column (所在街道 or 街道办事处)' });
  }
  if (problems.length) throw new PlanTableError(problems);
  const headerName = (key: ColumnKey) => seen.get(key) ?? key;
  const colIndex = new Map<ColumnKey, number>();
  specs.forEach((s, i) => s && colIndex.set(s.key, i));
  const cell = (r: string[], key: ColumnKey) => {
    const i = colIndex.get(key);
    return i === undefined ? '' : (r[i] ?? '');
  };

  // Data rows: skip blank rows; stop at the 合计 row.
  const data: { row: number; cells: string[] }[] = [];
  let totalRow: { row: number; cells: string[] } | null = null;
  for (let i = headerIndex + 1; i < cells.length; i++) {
    const r = cells[i]!;
    if (r.every((c) => !c)) continue;
    const labelCells = (['rank', 'seq', 'district', 'street', 'estate'] as ColumnKey[]).map((k) => cell(r, k).replace(/\s/g, ''));
    if (labelCells.some((c) => TOTAL_LABELS.has(c))) {
      totalRow = { row: i + 1, cells: r };
      continue;
    }
    if (totalRow) {
      problems.push({ row: i + 1, column: null, reason: `a row follows the 合计 row (row ${totalRow.row}); the total must be last` });
      continue;
    }
    data.push({ row: i + 1, cells: r });
  }
  if (!data.length) throw new PlanTableError([{ row: null, column: null, reason: 'the table has no estate rows' }]);

  // Carry labels down through merged (blank) cells, resetting at a new parent value.
  const labels = new Map<ColumnKey, string[]>();
  for (const spec of COLUMNS.filter((c) => c.role === 'label' && colIndex.has(c.key))) {
    const values: string[] = [];
    let current = '';
    data.forEach((d, j) => {
      const own = cell(d.cells, spec.key);
      const parentNew = spec.resetBy ? Boolean(cell(d.cells, spec.resetBy)) && j > 0 : false;
      if (own) current = own;
      else if (parentNew) current = '';
      values.push(current);
    });
    labels.set(spec.key, values);
  }
  const label = (key: ColumnKey, j: number) => labels.get(key)?.[j] ?? '';

  // Blocks: runs of rows sharing a carried project / district value.
  const blocks = (key: ColumnKey) => {
    const out: { value: string; from: number; to: number }[] = [];
    data.forEach((d, j) => {
      const own = cell(d.cells, key);
      const v = label(key, j);
      const last = out[out.length - 1];
      if (!last || own || last.value !== v) out.push({ value: v, from: j, to: j });
      else last.to = j;
    });
    return out.filter((b) => b.value);
  };
  const projectBlocks = colIndex.has('project') ? blocks('project') : [];
  const districtBlocks = colIndex.has('district') ? blocks('district') : [];

  const groups = new Map<string, Group>();
  const estateGroup: (string | null)[] = data.map(() => null);
  for (const b of projectBlocks) {
    const key = `project:${b.value}`;
    if (groups.has(key)) {
      problems.push({
        row: data[b.from]!.row,
        column: headerName('project'),
        reason: `project "${b.value}" appears again after other rows; list each project's estates together`,
      });
      continue;
    }
    groups.set(key, {
      key, kind: 'project', name: b.value, district: label('district', b.from) || null,
      rows: data.slice(b.from, b.to + 1).map((d) => d.row), figures: {}, contentItems: [], dueOn: null,
    });
    for (let j = b.from; j <= b.to; j++) estateGroup[j] = key;
  }

  // Figures: per estate when every row has its own value, else for the block a value spans.
  const estateFigures: Figures[] = data.map(() => ({}));
  const planFigures: Figures = {};
  for (const key of FIGURE_KEYS.filter((k) => colIndex.has(k))) {
    const spans: { from: number; to: number; value: number }[] = [];
    data.forEach((d, j) => {
      const text = cell(d.cells, key);
      if (text) {
        const p = parseFigure(key, text);
        if (!p.ok) problems.push({ row: d.row, column: headerName(key), reason: p.reason });
        spans.push({ from: j, to: j, value: p.ok ? p.value : NaN });
      } else if (spans.length) spans[spans.length - 1]!.to = j;
      else spans.push({ from: j, to: j, value: NaN }); // leading blank: no figure for these rows
    });
    const leadingBlank = spans[0] && Number.isNaN(spans[0].value) && !cell(data[0]!.cells, key);
    const grouped = spans.some((s) => s.to > s.from);
    if (!grouped) {
      spans.forEach((s) => {
        if (!Number.isNaN(s.value)) estateFigures[s.from]![key] = s.value;
      });
      continue;
    }
    for (const s of spans) {
      if (Number.isNaN(s.value)) {
        if (leadingBlank && s === spans[0]) {
          problems.push({
            row: data[s.from]!.row, column: headerName(key),
            reason: 'is blank but has no value above it to continue (a merged cell starts with its value)',
          });
        }
        continue;
      }
      const project = projectBlocks.find((b) => b.from === s.from && b.to === s.to);
      const district = districtBlocks.find((b) => b.from === s.from && b.to === s.to);
      if (project) groups.get(`project:${project.value}`)!.figures[key] = s.value;
      else if (s.from === 0 && s.to === data.length - 1) planFigures[key] = s.value;
      else if (district && !projectBlocks.length) {
        const gk = `district:${district.value}`;
        if (!groups.has(gk)) {
          groups.set(gk, {
            key: gk, kind: 'district', name: district.value, district: district.value,
            rows: data.slice(district.from, district.to + 1).map((d) => d.row), figures: {}, contentItems: [], dueOn: null,
          });
          for (let j = district.from; j <= district.to; j++) estateGroup[j] = gk;
        }
        groups.get(gk)!.figures[key] = s.value;
      } else if (s.from === s.to && !projectBlocks.length && !districtBlocks.length) {
        estateFigures[s.from]![key] = s.value;
      } else {
        problems.push({
          row: data[s.from]!.row, column: headerName(key),
          reason: `the value ${s.value} continues over rows ${data[s.from]!.row}–${data[s.to]!.row}, which are not one project (备注/项目名称), one district (辖区) or the whole table; write a value on every row or merge it over exactly one block`,
        });
      }
    }
  }

  // Estates.
  const estates: EstateRow[] = data.map((d, j) => {
    const problem = (key: ColumnKey, reason: string) => problems.push({ row: d.row, column: headerName(key), reason });
    const name = cell(d.cells, 'estate');
    if (!name) problem('estate', 'is empty; every row needs an estate name');
    const street = label('street', j);
    if (!street) problem('street', 'is empty and has no street above it in the same district');
    let seq: number | null = null;
    const seqText = cell(d.cells, 'seq');
    if (seqText) {
      const p = parseCount(seqText);
      if (p.ok) seq = p.value;
      else problem('seq', p.reason);
    }
    let completed: boolean | null = null;
    if (label('completed', j)) {
      const p = parseYesNo(label('completed', j));
      if (p.ok) completed = p.value;
      else problem('completed', p.reason);
    }
    let dueOn: string | null = null;
    if (label('dueOn', j)) {
      const p = parseDate(label('dueOn', j));
      if (p.ok) dueOn = p.value;
      else problem('dueOn', p.reason);
    }
    const quarter = (key: 'designQuarter' | 'startQuarter' | 'completeQuarter') => {
      const t = cell(d.cells, key);
      if (!t) return null;
      const p = parseQuarter(t);
      if (!p.ok) problem(key, p.reason);
      return p.ok ? p.value : null;
    };
    return {
      row: d.row,
      seq,
      name,
      district: label('district', j) || null,
      street,
      community: label('community', j) || null,
      groupKey: estateGroup[j] ?? null,
      figures: estateFigures[j]!,
      personInCharge: label('personInCharge', j) || null,
      leader: label('leader', j) || null,
      completed,
      contentItems: splitItems(label('contentItems', j)),
      dueOn,
      category: label('category', j) || null,
      designQuarter: quarter('designQuarter'),
      startQuarter: quarter('startQuarter'),
      completeQuarter: quarter('completeQuarter'),
    };
  });

  // Content and deadlines written once for a project belong to the project.
  for (const g of groups.values()) {
    const members = estates.filter((e) => e.groupKey === g.key);
    g.contentItems = members[0]?.contentItems ?? [];
    g.dueOn = members[0]?.dueOn ?? null;
  }

  // Duplicate estates within the file.
  const names = new Map<string, number>();
  for (const e of estates) {
    const k = `${e.district ?? ''}/${e.street}/${e.name}`;
    if (names.has(k)) problems.push({ row: e.row, column: headerName('estate'), reason: `"${e.name}" is already listed on row ${names.get(k)}` });
    else names.set(k, e.row);
  }

  // The 合计 row must agree with the figures above it.
  let totals: Figures | null = null;
  if (totalRow) {
    totals = {};
    for (const key of SUMMABLE_KEYS.filter((k) => colIndex.has(k))) {
      const text = cell(totalRow.cells, key);
      if (!text) continue;
      const p = parseFigure(key, text);
      if (!p.ok) {
        problems.push({ row: totalRow.row, column: headerName(key), reason: p.reason });
        continue;
      }
      totals[key] = p.value;
      const parts = [
        ...estates.map((e) => e.figures[key]),
        ...[...groups.values()].map((g) => g.figures[key]),
        planFigures[key],
      ].filter((v): v is number => v !== undefined);
      const sum = exactSum(parts, key === 'floorAreaWanM2' ? 2 : FIGURE_PLACES[key]);
      if (sum !== p.value) {
        problems.push({
          row: totalRow.row, column: headerName(key),
          reason: `the 合计 says ${text} but the rows above add up to ${key === 'floorAreaWanM2' ? sum / 10000 : sum}`,
        });
      }
    }
  }

  if (problems.length) throw new PlanTableError(problems);
  return {
    title, asOf, columns: [...colIndex.keys()], estates, groups: [...groups.values()], planFigures, totals,
  };
}

