/**
 * Reads a plan table in the documents' layout (cell texts and merged ranges, as read from a
 * spreadsheet) into estates, projects, batches and figures. Pure: no database, used by the
 * importer and testable on its own. The rules, stated in full in README.md ("Import a plan table"):
 * - rows above the header may carry a title, 填报单位, 填报日期 and a 单位 line;
 * - which rows a cell covers: cells.ts; which estate, project or batch a figure belongs to: figures.ts;
 * - units: the header's (建筑面积（万平方米）, 预计投资额（元）…), converted exactly; columns.ts;
 * - a 合计 row is checked against the figures above it, exactly (fixed point);
 * - columns the importer does not model are kept on each estate as attributes.
 */
import { readLayout, type Column } from './layout.ts';
import { FIGURE_KEYS, type ColumnKey, type FigureKey } from './columns.ts';
import { blockAt, blocksOf, columnCells, mergesByColumn, straddles, type Block, type ColumnCells, type DataRow } from './cells.ts';
import { attributeFigures, FIGURE_SCALE, parseFigure, type Figures, type Group } from './figures.ts';
import { gridOf, type TableGrid } from './grid.ts';
import { parseCount, parseDate, parseQuarter, parseYesNo, splitItems, toScaled, scaledToString } from './values.ts';
import { PlanTableError, type Problem, type Warning } from './types.ts';

export { PlanTableError, describeProblem, type Problem, type Warning } from './types.ts';
export type { Figures, Group } from './figures.ts';

export interface Quarter {
  year: number;
  quarter: number;
}

export interface Attribute {
  name: string;
  value: string;
}

export interface EstateRow {
  row: number;
  seq: number | null;
  name: string;
  district: string | null;
  street: string;
  community: string | null;
  /** Key of the project or batch the estate belongs to, if any. */
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
  /** Columns without a field of their own, as written, in table order. */
  attributes: Attribute[];
}

export interface PlanTable {
  title: string | null;
  asOf: string | null;
  reportingUnit: string | null;
  columns: ColumnKey[];
  estates: EstateRow[];
  groups: Group[];
  /** Figures stated for the whole table that are no project's or estate's (see figures.ts). */
  planFigures: Figures;
  /** The 合计 row's figures, already checked against the rows above. */
  totals: Figures | null;
  warnings: Warning[];
}

/** Figures a 合计 row can be checked against by adding up; rates are not additive. */
const SUMMABLE_KEYS: FigureKey[] = ['households', 'buildingCount', 'floorAreaM2', 'plannedInvestmentWan', 'completedInvestmentWan'];
const TOTAL_LABELS = new Set(['合计', '总计', '全市合计', '全区合计', '全县合计']);
const NOTE = /^(注|备注|说明)\s*[:：]/;
/** Columns read as the row's own cell only when no merge says otherwise. */
const CARRIED_ROLES = new Set(['label', 'figure']);

export function parsePlanTable(input: string[][] | TableGrid): PlanTable {
  const grid = Array.isArray(input) ? gridOf(input) : input;
  const problems: Problem[] = [];
  const warnings: Warning[] = [];
  const cells = grid.cells.map((r) => Array.from(r ?? [], (c) => (c ?? '').toString().trim()));
  const layout = readLayout(cells, problems, warnings);
  if (!layout || problems.length) throw new PlanTableError(problems);
  const { headerIndex, byKey, columns } = layout;
  const headerName = (key: ColumnKey) => byKey.get(key)?.header ?? key;
  const colOf = (key: ColumnKey) => byKey.get(key)?.index;
  const own = (r: string[], key: ColumnKey) => {
    const i = colOf(key);
    return i === undefined ? '' : (r[i] ?? '');
  };

  // Data rows: skip blank rows; stop at the 合计 row; notes (注：…) may follow the table.
  const data: DataRow[] = [];
  let totalRow: DataRow | null = null;
  /** The 合计 may come first, right under the header, or last. */
  let totalFirst = false;
  let notes = 0;
  for (let i = headerIndex + 1; i < cells.length; i++) {
    const r = cells[i]!;
    const filled = r.filter(Boolean);
    if (!filled.length) continue;
    if (filled.length === 1 && NOTE.test(filled[0]!)) {
      notes++;
      continue;
    }
    const labelCells = (['rank', 'seq', 'district', 'street', 'community', 'estate', 'project'] as ColumnKey[]).map((k) => own(r, k).replace(/\s/g, ''));
    if (labelCells.some((c) => TOTAL_LABELS.has(c))) {
      if (totalRow) problems.push({ row: i + 1, column: null, reason: `a second 合计 row (the first is row ${totalRow.row})` });
      totalRow = { row: i + 1, cells: r };
      totalFirst = data.length === 0;
      continue;
    }
    if (labelCells.some((c) => c.endsWith('小计'))) {
      // A subtotal is not an estate; read as one, its figures would be counted twice.
      problems.push({ row: i + 1, column: null, reason: 'subtotal rows (小计) are not read: remove them (the 合计 row is checked against the estates)' });
      continue;
    }
    if ((totalRow && !totalFirst) || notes) {
      problems.push({ row: i + 1, column: null, reason: `a row follows the ${totalRow && !totalFirst ? `合计 row (row ${totalRow.row})` : 'notes below the table'}; the table must end with them` });
      continue;
    }
    data.push({ row: i + 1, cells: r });
  }
  if (notes) warnings.push({ code: 'notes_skipped', values: { count: notes }, message: `${notes} note line(s) (注：…) below the table were not imported` });
  if (!data.length) throw new PlanTableError([...problems, { row: null, column: null, reason: 'the table has no estate rows' }]);
  const n = data.length;

  // Columns with values but no header cannot be read.
  for (const c of columns.filter((x) => x.kind === 'blank')) {
    const hit = data.find((d) => d.cells[c.index]);
    if (hit) problems.push({ row: hit.row, column: null, reason: `column ${c.index + 1} has values but no header (the header row is row ${headerIndex + 1})` });
  }

  const figureColumns = new Set(columns.filter((c) => c.kind === 'known' && c.spec.role === 'figure').map((c) => c.index));
  const merges = mergesByColumn(grid.merges, data, {
    headerIndex,
    totalIndex: totalRow ? totalRow.row - 1 : null,
    figureColumns,
    headerName: (i) => {
      const c = columns[i];
      return c && c.kind !== 'blank' ? c.header : `column ${i + 1}`;
    },
  }, problems);

  // Pieces of every column, parents first (a district's block ends the street carried above).
  const cellsOf = new Map<number, ColumnCells>();
  const readColumn = (c: Column, parentAt?: readonly unknown[]) => {
    const carry = c.kind === 'known' && CARRIED_ROLES.has(c.spec.role);
    const cc = columnCells({
      n,
      own: (j) => data[j]!.cells[c.index] ?? '',
      merges: merges.get(c.index)?.map((m) => ({ from: m.from, to: m.to, value: cells[m.top]![c.index] ?? '' })),
      carry,
      parentAt,
    });
    cellsOf.set(c.index, cc);
    return cc;
  };
  const blocksByKey = new Map<ColumnKey, { blocks: Block[]; at: (Block | undefined)[] }>();
  const parentBlocksAt = (key: ColumnKey) => {
    const spec = byKey.get(key)?.spec;
    return spec?.resetBy && byKey.has(spec.resetBy) ? blocks(spec.resetBy).at : undefined;
  };
  const known = (key: ColumnKey) => {
    const c = byKey.get(key);
    return c ? (cellsOf.get(c.index) ?? readColumn(c, parentBlocksAt(key))) : undefined;
  };
  /** Blocks of a label column (see cells.ts), within its parent's blocks. */
  const blocks = (key: ColumnKey) => {
    let b = blocksByKey.get(key);
    if (!b) {
      const list = blocksOf(known(key)!, parentBlocksAt(key));
      b = { blocks: list, at: blockAt(list, n) };
      blocksByKey.set(key, b);
    }
    return b;
  };
  for (const c of columns) {
    if (c.kind === 'known') known(c.spec.key);
    else if (c.kind === 'attribute') readColumn(c);
  }
  const label = (key: ColumnKey, j: number) => known(key)?.at[j]?.value ?? '';

  // A merged street, community or project must lie within one block of its parent.
  for (const c of columns) {
    if (c.kind !== 'known' || !c.spec.nested || !c.spec.resetBy) continue;
    const parent = byKey.get(c.spec.resetBy);
    if (!parent) continue;
    for (const p of straddles(cellsOf.get(c.index)!, blocks(c.spec.resetBy).at)) {
      problems.push({
        row: data[p.from]!.row, column: c.header,
        reason: `the merged cell "${p.value}" (rows ${data[p.from]!.row}–${data[p.to]!.row}) straddles two blocks of ${parent.header}; a ${c.header} lies in one ${parent.header}: split the merge`,
      });
    }
  }
  for (const p of known('estate')?.pieces.filter((x) => x.to > x.from) ?? []) {
    problems.push({ row: data[p.from]!.row, column: headerName('estate'), reason: `"${p.value}" is merged over rows ${data[p.from]!.row}–${data[p.to]!.row}; each row is one estate` });
  }
  if (problems.length) throw new PlanTableError(problems);

  const projectBlocks = byKey.has('project') ? blocks('project').blocks : [];
  const districtBlocks = byKey.has('district') ? blocks('district').blocks : [];
  const streetBlocks = byKey.has('street') ? blocks('street').blocks : [];

  const attribution = attributeFigures({
    data,
    columns: FIGURE_KEYS.filter((k) => byKey.has(k)).map((k) => {
      const c = byKey.get(k)!;
      return { key: k, header: c.header, shift: c.shift, cells: known(k)! };
    }),
    projectBlocks, districtBlocks, streetBlocks,
    label: (key, j) => label(key, j),
    problems, warnings,
  });
  const { groups, estateGroup, estateFigures, estateExtras, planFigures } = attribution;

  // Estates.
  const attributeColumns = columns.filter((c): c is Extract<Column, { kind: 'attribute' }> => c.kind === 'attribute');
  const estates: EstateRow[] = data.map((d, j) => {
    const problem = (key: ColumnKey, reason: string) => problems.push({ row: d.row, column: headerName(key), reason });
    const name = own(d.cells, 'estate');
    if (!name) problem('estate', 'is empty; every row needs an estate name');
    const street = label('street', j);
    if (!street) problem('street', 'is empty and has no street above it in the same district');
    // 序号 numbers the row it is written on (the first row of a merged cell); blank leaves it empty.
    let seq: number | null = null;
    const seqPiece = known('seq')?.at[j];
    if (seqPiece && seqPiece.from === j) {
      const p = parseCount(seqPiece.value);
      if (p.ok) seq = p.value;
      else problem('seq', p.reason);
    }
    const parsedLabel = <T>(key: ColumnKey, parse: (s: string) => { ok: true; value: T } | { ok: false; reason: string }): T | null => {
      const t = label(key, j);
      if (!t) return null;
      const p = parse(t);
      if (!p.ok) problem(key, p.reason);
      return p.ok ? p.value : null;
    };
    const attributes = [
      ...attributeColumns.flatMap((c) => {
        const v = cellsOf.get(c.index)!.at[j]?.value ?? '';
        return v ? [{ name: c.header, value: v }] : [];
      }),
      ...estateExtras[j]!,
    ];
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
      completed: parsedLabel('completed', parseYesNo),
      contentItems: splitItems(label('contentItems', j)),
      dueOn: parsedLabel('dueOn', parseDate),
      category: label('category', j) || null,
      designQuarter: parsedLabel('designQuarter', parseQuarter),
      startQuarter: parsedLabel('startQuarter', parseQuarter),
      completeQuarter: parsedLabel('completeQuarter', parseQuarter),
      attributes,
    };
  });

  // Content and deadlines written once for a whole project or batch belong to it.
  for (const g of groups.values()) {
    const members = estates.filter((e) => e.groupKey === g.key);
    const same = <T>(pick: (e: EstateRow) => T) => members.every((e) => JSON.stringify(pick(e)) === JSON.stringify(pick(members[0]!)));
    if (members.length && same((e) => e.contentItems)) g.contentItems = members[0]!.contentItems;
    if (members.length && same((e) => e.dueOn)) g.dueOn = members[0]!.dueOn;
  }

  // Completed money needs planned money at the same level, or no rate can be derived from it.
  if (byKey.has('plannedInvestmentWan') && byKey.has('completedInvestmentWan')) {
    const lacking = (f: Figures) => f.completedInvestmentWan !== undefined && f.plannedInvestmentWan === undefined;
    for (const e of estates.filter((x) => lacking(x.figures))) {
      problems.push({ row: e.row, column: headerName('completedInvestmentWan'), reason: `is given for this estate but ${headerName('plannedInvestmentWan')} is not: the investment rate needs both for the same rows` });
    }
    for (const g of [...groups.values()].filter((x) => lacking(x.figures))) {
      problems.push({ row: g.rows[0]!, column: headerName('completedInvestmentWan'), reason: `is given for rows ${g.rows[0]}–${g.rows[g.rows.length - 1]} but ${headerName('plannedInvestmentWan')} is not: the investment rate needs both for the same rows` });
    }
  }

  // Duplicate estates within the file.
  const names = new Map<string, number>();
  for (const e of estates) {
    if (!e.name) continue;
    if (names.has(e.name)) problems.push({ row: e.row, column: headerName('estate'), reason: `"${e.name}" is already listed on row ${names.get(e.name)}` });
    else names.set(e.name, e.row);
  }

  // The 合计 row must agree with the figures above it, exactly.
  let totals: Figures | null = null;
  if (totalRow) {
    totals = {};
    for (const key of SUMMABLE_KEYS.filter((k) => byKey.has(k))) {
      const c = byKey.get(key)!;
      const text = totalRow.cells[c.index] ?? '';
      if (!text) continue;
      const p = parseFigure(key, text, c.shift);
      if (!p.ok) {
        problems.push({ row: totalRow.row, column: c.header, reason: p.reason });
        continue;
      }
      totals[key] = p.value;
      const { places } = FIGURE_SCALE[key];
      const parts = [
        ...estates.map((e) => e.figures[key]),
        ...[...groups.values()].map((g) => g.figures[key]),
        planFigures[key],
      ].filter((v): v is number => v !== undefined);
      const sum = parts.reduce((s, v) => s + toScaled(v, places), 0n);
      if (sum !== toScaled(p.value, places)) {
        const shown = scaledToString(sum, places + c.shift); // back in the column's unit
        problems.push({ row: totalRow.row, column: c.header, reason: `the 合计 says ${text} but the rows above add up to ${shown}` });
      }
    }
  }

  if (problems.length) throw new PlanTableError(problems);
  return {
    title: layout.title,
    asOf: layout.asOf,
    reportingUnit: layout.reportingUnit,
    columns: [...byKey.keys()],
    estates,
    groups: [...groups.values()],
    planFigures,
    totals,
    warnings,
  };
}
