/**
 * Which rows each cell of a plan table covers. A value covers exactly the rows of its cell:
 * - in a column with merged cells (XLSX), a merged range covers its rows and a cell outside any
 *   merge covers its own row; a blank cell outside a merge is empty;
 * - in a column without merges (every CSV column), a label or figure value also covers the blank
 *   cells below it, as a spreadsheet export of merged cells looks; a label stops where its parent
 *   column's block changes (a new district block ends the street above).
 * Blocks of a label column (a district, a street, a project) are its merged or continued cells;
 * consecutive rows that each carry the same value in a cell of their own (written on every row)
 * are one block too. The same value in two separate merged or continued cells is two blocks.
 */
import { columnLetter, rangeRef, type MergeRange } from './grid.ts';
import type { Problem } from './types.ts';

export interface DataRow {
  /** 1-based sheet row number. */
  row: number;
  cells: string[];
}

export interface Piece {
  /** Data-row indexes, inclusive. */
  from: number;
  to: number;
  value: string;
  /** A merged range (XLSX), not a single cell or a continued one. */
  merged: boolean;
}

export interface ColumnCells {
  pieces: Piece[];
  /** The piece covering each data row, if any. */
  at: (Piece | undefined)[];
  /** The column has merged cells among the data rows: read by its merges. */
  mergeRead: boolean;
  /** Carried reading only: the first rows are blank and continue nothing. */
  leadingBlank: boolean;
}

export interface Block {
  from: number;
  to: number;
  value: string;
}

/** Vertical merges of each column among the data rows, as data-row ranges; problems for the rest. */
export function mergesByColumn(
  merges: MergeRange[],
  data: DataRow[],
  opts: { headerIndex: number; totalIndex: number | null; figureColumns: Set<number>; headerName: (col: number) => string },
  problems: Problem[],
): Map<number, { from: number; to: number; top: number }[]> {
  const dataIndex = new Map(data.map((d, j) => [d.row - 1, j]));
  const out = new Map<number, { from: number; to: number; top: number }[]>();
  for (const m of merges) {
    if (m.bottom < opts.headerIndex) continue; // the title, 填报日期 …
    const where = `${rangeRef(m)}`;
    if (m.top <= opts.headerIndex) {
      if (m.top === m.bottom) continue; // a header cell over two columns: the second has no header of its own
      problems.push({ row: m.top + 1, column: null, reason: `the merged cell ${where} spans the header row and other rows: write the header as one row` });
      continue;
    }
    const t = opts.totalIndex;
    if (t !== null && m.top <= t && m.bottom >= t) {
      if (m.top !== m.bottom) {
        problems.push({ row: m.top + 1, column: opts.headerName(m.left), reason: `the merged cell ${where} spans estate rows and the 合计 row` });
      } else {
        for (let c = m.left; c <= m.right; c++) {
          if (opts.figureColumns.has(c) && m.right > m.left) {
            problems.push({ row: t + 1, column: opts.headerName(c), reason: `the 合计 row's merged cell ${where} spans a figure column: each total needs its own cell` });
            break;
          }
        }
      }
      continue;
    }
    if (m.right > m.left) {
      problems.push({
        row: m.top + 1, column: opts.headerName(m.left),
        reason: `the cell ${where} is merged across columns ${columnLetter(m.left)}–${columnLetter(m.right)}; cells may be merged down one column only`,
      });
      continue;
    }
    const covered: number[] = [];
    for (let r = m.top; r <= m.bottom; r++) if (dataIndex.has(r)) covered.push(dataIndex.get(r)!);
    if (!covered.length) continue;
    const list = out.get(m.left) ?? [];
    list.push({ from: covered[0]!, to: covered[covered.length - 1]!, top: m.top });
    out.set(m.left, list);
  }
  return out;
}

/**
 * The pieces of one column. `carry`: blank cells continue the value above (labels and figures of a
 * column without merges); `parentAt`: the parent column's pieces, where a carried label stops.
 */
export function columnCells(opts: {
  n: number;
  own: (j: number) => string;
  merges: { from: number; to: number; value: string }[] | undefined;
  carry: boolean;
  /** The parent column's block at each row: a carried value stops where it changes. */
  parentAt?: readonly unknown[];
}): ColumnCells {
  const at: (Piece | undefined)[] = new Array(opts.n).fill(undefined);
  const pieces: Piece[] = [];
  const mergeRead = Boolean(opts.merges?.length);
  let leadingBlank = false;
  if (mergeRead) {
    for (const m of opts.merges!) {
      const p: Piece = { from: m.from, to: m.to, value: m.value, merged: true };
      pieces.push(p);
      for (let j = m.from; j <= m.to; j++) at[j] = p;
    }
    for (let j = 0; j < opts.n; j++) {
      if (at[j]) continue;
      const v = opts.own(j);
      if (!v) continue;
      const p: Piece = { from: j, to: j, value: v, merged: false };
      pieces.push(p);
      at[j] = p;
    }
    pieces.sort((a, b) => a.from - b.from);
  } else {
    let current: Piece | undefined;
    for (let j = 0; j < opts.n; j++) {
      const v = opts.own(j);
      if (v) {
        current = { from: j, to: j, value: v, merged: false };
        pieces.push(current);
      } else if (current && opts.carry && (!opts.parentAt || opts.parentAt[j] === opts.parentAt[current.from])) {
        current.to = j;
      } else {
        if (!current && j === 0) leadingBlank = true;
        current = undefined;
        continue;
      }
      at[j] = current;
    }
  }
  return { pieces, at, mergeRead, leadingBlank };
}

/** A merged cell of a nested column (street, community, project) must lie in one block of its parent. */
export function straddles(cells: ColumnCells, parentAt: readonly unknown[]): Piece[] {
  return cells.pieces.filter((p) => {
    for (let j = p.from + 1; j <= p.to; j++) if (parentAt[j] !== parentAt[p.from]) return true;
    return false;
  });
}

/** Blocks of a label column: its non-empty pieces, with runs of same-valued single cells joined. */
export function blocksOf(cells: ColumnCells, parentAt?: readonly unknown[]): Block[] {
  const out: (Block & { joinable: boolean; first: number })[] = [];
  for (const p of cells.pieces) {
    if (!p.value) continue;
    const single = p.from === p.to && !p.merged;
    const last = out[out.length - 1];
    if (
      last && single && last.joinable && last.to === p.from - 1 && last.value === p.value &&
      (!parentAt || parentAt[p.from] === parentAt[last.first])
    ) {
      last.to = p.to;
      continue;
    }
    out.push({ from: p.from, to: p.to, value: p.value, joinable: single, first: p.from });
  }
  return out.map(({ from, to, value }) => ({ from, to, value }));
}

/** The block covering each data row. */
export function blockAt(blocks: Block[], n: number): (Block | undefined)[] {
  const at: (Block | undefined)[] = new Array(n).fill(undefined);
  for (const b of blocks) for (let j = b.from; j <= b.to; j++) at[j] = b;
  return at;
}
