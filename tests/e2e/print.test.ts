import { copyFileSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type BrowserSession } from './support/browser.ts';
import { startApp, type RunningApp } from './support/app.ts';
import { LeaderDriver } from './support/leader-driver.ts';

/** Width and height from a PNG's IHDR, after checking its 8-byte signature. */
function pngSize(buf: Buffer): { width: number; height: number } {
  expect([...buf.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(buf.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

/**
 * The document's /Title: a PDF literal string (backslash escapes) holding UTF-16BE after its
 * byte-order mark, as jsPDF writes any title that is not plain ASCII.
 */
function pdfTitle(pdf: string): string | null {
  const start = pdf.indexOf('/Title (');
  if (start < 0) return null;
  const bytes: number[] = [];
  const escapes: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 };
  for (let i = start + 8; i < pdf.length; i++) {
    const c = pdf[i]!;
    if (c === ')') break;
    if (c !== '\\') {
      bytes.push(c.charCodeAt(0));
      continue;
    }
    const next = pdf[++i]!;
    const octal = /^[0-7]{1,3}/.exec(pdf.slice(i, i + 3));
    if (octal) {
      bytes.push(parseInt(octal[0], 8));
      i += octal[0].length - 1;
    } else bytes.push(escapes[next] ?? next.charCodeAt(0));
  }
  const buf = Buffer.from(bytes);
  if (buf[0] !== 0xfe || buf[1] !== 0xff) return buf.toString('latin1');
  return buf.subarray(2).swap16().toString('utf16le');
}

describe('a leader prints the thematic map (专题图) of the dashboard (embedded default database)', () => {
  let app: RunningApp;
  let browser: BrowserSession;
  let leader: LeaderDriver;

  beforeAll(async () => {
    app = await startApp();
    browser = await openBrowser();
    leader = new LeaderDriver(browser.page, app.baseUrl);
    await leader.open();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('downloads Nankang 2024 as a PNG larger than the map, named <programme>_<month>_专题图.png', async () => {
    const page = browser.page;
    await leader.openProgramme('nankang-2024');
    await leader.openDashboard();
    const canvas = await page.locator('.maplibregl-canvas').evaluate((c: HTMLCanvasElement) => ({ width: c.width, height: c.height }));
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="print-export"]')]);
    expect(download.suggestedFilename()).toMatch(/^.+_(\d{4}-\d{2}|最新)_专题图\.png$/);
    expect(download.suggestedFilename()).toContain('南康');
    const path = await download.path();
    const png = readFileSync(path);
    const size = pngSize(png);
    expect(size.width).toBeGreaterThan(canvas.width);
    expect(size.height).toBeGreaterThan(canvas.height);
    copyFileSync(path, fileURLToPath(new URL('../../docs/print-export.png', import.meta.url)));
    expect(browser.errors).toEqual([]);
  });

  it('downloads the same sheet as a one-page A4 PDF that carries the title', async () => {
    const page = browser.page;
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="print-export-pdf"]')]);
    expect(download.suggestedFilename()).toMatch(/^.+_(\d{4}-\d{2}|最新)_专题图\.pdf$/);
    const pdf = readFileSync(await download.path());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // A sheet image of about the map's size (hundreds of kB as PNG), not an empty page.
    expect(pdf.length).toBeGreaterThan(50_000);
    expect(pdf.length).toBeLessThan(30_000_000);
    const text = pdf.toString('latin1');
    expect(text.match(/\/Type\s*\/Page\b/g)?.length).toBe(1);
    // A4 landscape in points (297 × 210 mm).
    const box = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(text);
    expect(Number(box?.[1])).toBeCloseTo(841.89, 1);
    expect(Number(box?.[2])).toBeCloseTo(595.28, 1);
    // The title in the document's properties is the sheet's, named as the file is.
    const programme = download.suggestedFilename().replace(/_最新_专题图\.pdf$/, '');
    expect(programme).toContain('南康');
    expect(pdfTitle(text)).toBe(`${programme} 专题图 最新`);
    expect(browser.errors).toEqual([]);
  });
});
