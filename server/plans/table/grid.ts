/**
 * A plan table as read from a file: the cell texts and the merged ranges. CSV has no merges (a
 * blank cell continues the one above, as a spreadsheet export of merged cells looks); XLSX keeps
 * its merge ranges, which say exactly which rows a value covers.
 */
export interface MergeRange {
  /** 0-based row and column indexes of the grid, inclusive. */
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface TableGrid {
  cells: string[][];
  merges: MergeRange[];
}

/** A grid without merge information (CSV, a transcription). */
export const gridOf = (cells: string[][]): TableGrid => ({ cells, merges: [] });

/** Column letters as a spreadsheet shows them: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** "B4:B9" (an exceljs merge) → 0-based range; null when it is not a range reference. */
export function parseRangeRef(ref: string): MergeRange | null {
  const m = /^\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$/.exec(ref.trim().toUpperCase());
  if (!m) return null;
  const [a, b] = [
    { c: columnIndex(m[1]!), r: Number(m[2]) - 1 },
    { c: columnIndex(m[3] ?? m[1]!), r: Number(m[4] ?? m[2]) - 1 },
  ];
  return { top: Math.min(a.r, b.r), left: Math.min(a.c, b.c), bottom: Math.max(a.r, b.r), right: Math.max(a.c, b.c) };
}

/** "B4:B9" as the planner would name it in the spreadsheet. */
export function rangeRef(m: MergeRange): string {
  return `${columnLetter(m.left)}${m.top + 1}:${columnLetter(m.right)}${m.bottom + 1}`;
}
