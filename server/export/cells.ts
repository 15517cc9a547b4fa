import type ExcelJS from 'exceljs';

/** ExcelJS, loaded on the first workbook read or written rather than with every server start (0.2 s). */
export async function excel(): Promise<typeof ExcelJS> {
  return (await import('exceljs')).default;
}

/**
 * Every CSV and XLSX the product writes goes through here (issue 14): a spreadsheet program runs
 * a cell that begins with =, +, - or @ as a formula (and some strip a leading tab or carriage
 * return first), so a name typed as `=HYPERLINK("http://…")` would run on the reader's machine.
 * Following OWASP's guidance on CSV injection, such a TEXT cell is written with a leading
 * apostrophe, which makes it text in Excel, LibreOffice and WPS. Numbers are written as numbers:
 * -2.5 in a numeric field is a figure, while the text "-2+3" becomes "'-2+3". Only the file
 * changes; the stored value stays as typed.
 */
export const FORMULA_START = /^[=+\-@\t\r]/;

/** Text that a spreadsheet would take for a formula, made inert; anything else unchanged. */
export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One CSV field (RFC 4180): numbers as written, text neutralised and quoted when it needs to be. */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = neutralise(String(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line, without its line break. */
export function csvLine(values: readonly (string | number | boolean | null | undefined)[]): string {
  return values.map(csvField).join(',');
}

/**
 * The workbook as .xlsx bytes, after neutralising every text cell of every sheet (rich text runs
 * included): the one way the product writes a workbook, so that no sheet can forget a cell.
 */
export async function xlsxBytes(wb: ExcelJS.Workbook): Promise<Buffer> {
  for (const ws of wb.worksheets) {
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        // A merged range repeats its master's value in every cell; the master is written once.
        if (cell.isMerged && cell.master !== cell) return;
        const v = cell.value;
        if (typeof v === 'string') cell.value = neutralise(v);
        else if (v && typeof v === 'object' && 'richText' in v && v.richText.length > 0) {
          const [first, ...rest] = v.richText;
          cell.value = { richText: [{ ...first!, text: neutralise(first!.text) }, ...rest] };
        }
      });
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
