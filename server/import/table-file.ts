import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { HttpError } from '../http/errors.ts';

/**
 * Reads an uploaded CSV or XLSX plan table into a grid of cell texts, the way a spreadsheet
 * export looks: a merged cell's value in its first cell, blanks in the rest.
 */
export async function readTableFile(name: string, bytes: Uint8Array): Promise<string[][]> {
  const lower = name.toLowerCase();
  if (lower.endsWith('.xlsx')) return readXlsx(name, bytes);
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return readCsv(name, bytes);
  throw new HttpError(415, 'unsupported_file', `${name}: only .csv and .xlsx plan tables are accepted`, { file: name });
}

function readCsv(name: string, bytes: Uint8Array): string[][] {
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
    return parse(text, { delimiter, relax_column_count: true, skip_empty_lines: false, trim: true }) as string[][];
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    throw new HttpError(422, 'unreadable_file', `${name}: not a valid CSV${line ? ` (near line ${line})` : ''}: ${(e as Error).message}`, {
      file: name,
    });
  }
}

async function readXlsx(name: string, bytes: Uint8Array): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
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
      cells[col - 1] = cell.type === ExcelJS.ValueType.Merge ? '' : cellText(cell);
    });
    grid[rowNumber - 1] = Array.from(cells, (c) => c ?? '');
  });
  return Array.from(grid, (r) => r ?? []);
}

function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('result' in v) return String(v.result ?? '');
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v) return String(v.text);
  }
  return String(v);
}
