import { unzipSync } from 'fflate';
import { readTableFile } from '../plans/import/table-file.ts';
import type { TableGrid } from '../plans/table/grid.ts';
import { HttpError } from './errors.ts';
import { LIMITS, overLimit } from './limits.ts';
import { parseInWorker } from './parse-worker.ts';

/** What a worksheet may unpack to before it is read at all (a workbook bomb stops here). */
export const MAX_SHEET_BYTES = 256 * 2 ** 20;

/**
 * The rows of the first worksheet of an .xlsx, from the sheet's XML without building the workbook:
 * the `r` of its last <row> (rows are written in order; blank rows are left out, so that is the
 * table's length as a spreadsheet shows it). Null when the workbook cannot be read this way; the
 * full read then says what is wrong, and its row count is checked again.
 */
export function xlsxRowCount(name: string, bytes: Uint8Array): number | null {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (f) => f.name === 'xl/workbook.xml' || f.name === 'xl/_rels/workbook.xml.rels' });
  } catch {
    return null;
  }
  const text = (f: Uint8Array | undefined) => (f ? new TextDecoder().decode(f) : '');
  const rid = /<(?:\w+:)?sheet\b[^>]*\br:id="([^"]+)"/.exec(text(files['xl/workbook.xml']))?.[1];
  if (!rid) return null;
  const rel = new RegExp(`<Relationship\\b[^>]*\\bId="${rid.replace(/[^\w-]/g, '')}"[^>]*>`).exec(text(files['xl/_rels/workbook.xml.rels']))?.[0];
  const target = rel && /\bTarget="([^"]+)"/.exec(rel)?.[1];
  if (!target) return null;
  const path = target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
  let sheet: Uint8Array | undefined;
  try {
    sheet = unzipSync(bytes, {
      filter: (f) => {
        if (f.name !== path) return false;
        if (f.originalSize > MAX_SHEET_BYTES) throw new HttpError(413, 'too_large_to_read', `${name}: the worksheet unpacks to more than ${MAX_SHEET_BYTES / 2 ** 20} MB`, { limitBytes: MAX_SHEET_BYTES });
        return true;
      },
    })[path];
  } catch (e) {
    if (e instanceof HttpError) throw e;
    return null;
  }
  if (!sheet) return null;
  const xml = new TextDecoder().decode(sheet);
  const last = Math.max(xml.lastIndexOf('<row '), xml.lastIndexOf('<x:row '));
  if (last < 0) return 0;
  const r = /\br="(\d+)"/.exec(xml.slice(last, last + 200))?.[1];
  return r ? Number(r) : null;
}

/**
 * A table upload read within the limits: an .xlsx is measured before it is loaded (a 100,000-row
 * workbook is refused in a moment instead of read for seconds), and every table is measured again
 * once read. Runs in a parse worker (readTableInWorker).
 */
export async function readTableWithinLimits(name: string, buffer: ArrayBuffer): Promise<TableGrid> {
  const bytes = new Uint8Array(buffer);
  if (name.toLowerCase().endsWith('.xlsx')) {
    const rows = xlsxRowCount(name, bytes);
    if (rows !== null && rows > LIMITS.tableRows) throw overLimit(name, 'tableRows', rows);
  }
  const grid = await readTableFile(name, bytes);
  if (grid.cells.length > LIMITS.tableRows) throw overLimit(name, 'tableRows', grid.cells.length);
  return grid;
}

/** The plan-table read (server/plans/import/table-file.ts) in a parse worker, within LIMITS.tableRows. */
export async function readTableInWorker(file: File): Promise<TableGrid> {
  const buffer = await file.arrayBuffer();
  return parseInWorker<TableGrid>({ module: import.meta.url, name: 'readTableWithinLimits' }, [file.name, buffer], [buffer]);
}
