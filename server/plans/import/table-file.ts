import { parse } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import { excel } from '../../export/cells.ts';
import { HttpError } from '../../http/errors.ts';
import { gridOf, parseRangeRef, type MergeRange, type TableGrid } from '../table/grid.ts';

/**
 * Reads an uploaded CSV or XLSX plan table into cell texts and merged ranges: a merged cell's
 * value in its first cell, blanks in the rest, and (XLSX) the ranges themselves, which say exactly
 * which rows a merged figure covers. A CSV has no merges.
 */
export async function readTableFile(name: string, bytes: Uint8Array): Promise<TableGrid> {
  const lower = name.toLowerCase();
  if (lower.endsWith('.xlsx')) return readXlsx(name, bytes);
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return readCsv(name, bytes);
  throw new HttpError(415, 'unsupported_file', `${name}: only .csv and .xlsx plan tables are accepted`, { file: name });
}

function readCsv(name: string, bytes: Uint8Array): TableGrid {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    try {
      // Spreadsheets saved on Chinese Windows are often GBK.
      text = new TextDecoder('gbk', { fatal: true }).decode(bytes);
    } catch {
      throw new HttpError(422, 'unreadable_file', `${name}: the file is neither UTF-8 nor GBK text`, { file: name });
    }
  }
  text = text.replace(/^\uFEFF/, '');
  const delimiter = text.split('\n', 1)[0]!.includes('\t') && !text.split('\n', 1)[0]!.includes(',') ? '\t' : ',';
  try {
    return gridOf(parse(text, { delimiter, relax_column_count: true, skip_empty_lines: false, trim: true }) as string[][]);
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    throw new HttpError(422, 'unreadable_file', `${name}: not a valid CSV${line ? ` (near line ${line})` : ''}: ${(e as Error).message}`, {
      file: name,
    });
  }
}

async function readXlsx(name: string, bytes: Uint8Array): Promise<TableGrid> {
  const { Workbook, ValueType } = await excel();
  const wb = new Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    throw new HttpError(422, 'unreadable_file', `${name}: not an Excel workbook (.xlsx) that can be opened`, { file: name });
  }
  const sheet = wb.worksheets[0];
  if (!sheet) throw new HttpError(422, 'unreadable_file', `${name}: the workbook has no worksheet`, { file: name });
  const grid: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      // exceljs repeats a merged cell's value in every cell of the range: keep it in the first only.
      cells[col - 1] = cell.type === ValueType.Merge ? '' : cellText(cell);
    });
    grid[rowNumber - 1] = Array.from(cells, (c) => c ?? '');
  });
  const merges: MergeRange[] = [];
  for (const ref of (sheet.model as { merges?: string[] }).merges ?? []) {
    const m = parseRangeRef(ref);
    if (m) merges.push(m);
  }
  return { cells: Array.from(grid, (r) => r ?? []), merges };
}

function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'number') return numberText(v, cell.numFmt);
  if (typeof v === 'object') {
    if ('result' in v) return typeof v.result === 'number' ? numberText(v.result, cell.numFmt) : String(v.result ?? '');
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v) return String(v.text);
    // #N/A, #REF!: then refused as "must be a number, got #N/A", not "[object Object]".
    if ('error' in v) return String(v.error);
  }
  return String(v);
}

/**
 * A number as the sheet shows its digits: shortest round-trip text, and a cell formatted as a
 * percentage (0.9095 shown as 90.95%) in percent, moving the decimal point in the text, not
 * multiplying a float.
 */
function numberText(v: number, numFmt: string | undefined): string {
  const text = String(v);
  if (!numFmt || !numFmt.includes('%') || !/^\d+(\.\d+)?$/.test(text)) return text;
  const [int, frac = ''] = text.split('.');
  const digits = (int! + frac.padEnd(2, '0')).replace(/^0+(?=\d)/, '');
  const rest = frac.length > 2 ? frac.slice(2) : '';
  const whole = digits.slice(0, digits.length - rest.length) || '0';
  return `${whole}${rest ? `.${rest}` : ''}%`;
}
