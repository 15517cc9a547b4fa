import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField, csvLine, FORMULA_START, neutralise } from '../../server/export/cells.ts';

/** Issue 14, item 3: the one helper every CSV and XLSX writer uses (server/export/cells.ts). */
const formulaText = fc.tuple(fc.constantFrom('=', '+', '-', '@', '\t', '\r'), fc.string()).map(([a, b]) => a + b);

describe('neutralise', () => {
  it('makes any text that begins with =, +, -, @, tab or CR start with an apostrophe, and keeps the rest of it', () => {
    fc.assert(
      fc.property(formulaText, (s) => {
        expect(neutralise(s)).toBe(`'${s}`);
        expect(neutralise(s)).not.toMatch(FORMULA_START);
      }),
    );
  });

  it('leaves every other text exactly as it is', () => {
    fc.assert(fc.property(fc.string().filter((s) => !FORMULA_START.test(s)), (s) => {
      expect(neutralise(s)).toBe(s);
    }));
  });
});

describe('csvField and csvLine', () => {
  it('round-trip through a CSV reader to the neutralised text, whatever quotes, commas and line breaks it holds', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), formulaText), { minLength: 1, maxLength: 6 }), (cells) => {
        const [row] = parse(`${csvLine(cells)}\r\n`, { relax_quotes: false }) as string[][];
        expect(row).toEqual(cells.map(neutralise));
        for (const c of row!) expect(c).not.toMatch(FORMULA_START);
      }),
    );
  });

  it('writes numbers as numbers: a negative figure is not text', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
      expect(csvField(n)).toBe(String(n));
    }));
    expect(csvField(-2.5)).toBe('-2.5');
    expect(csvField('-2.5')).toBe("'-2.5");
    expect(csvLine([null, undefined, 3, '=1'])).toBe(",,3,'=1");
  });
});

describe('every writer uses it', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
    });

  it('no server file writes a workbook or a CSV except through server/export/cells.ts', () => {
    const offenders = files('server').filter((p) => {
      if (p === join('server', 'export', 'cells.ts')) return false;
      const src = readFileSync(p, 'utf8');
      const writesWorkbook = /\.(xlsx|csv)\.write(Buffer|File)?\(/.test(src);
      const writesCsv = /text\/csv/.test(src) || /function writeCsv/.test(src);
      return writesWorkbook || (writesCsv && !/export\/cells\.ts/.test(src) && !/formats\/csv\.ts/.test(src));
    });
    expect(offenders).toEqual([]);
  });
});
