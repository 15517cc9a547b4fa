import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pdfLayout, sheetPdf } from '../../client/src/print/pdf.ts';

describe('the thematic map as a PDF (A4, 10 mm margins)', () => {
  it('a wide sheet goes landscape and fills the width: 1416×1158 px → 190 mm tall (the height binds), centred', () => {
    const l = pdfLayout(1416, 1158);
    expect(l.orientation).toBe('landscape');
    expect([l.pageWidth, l.pageHeight]).toEqual([297, 210]);
    // Height binds: 190 mm tall, width in proportion.
    expect(l.height).toBeCloseTo(190, 6);
    expect(l.width).toBeCloseTo((190 * 1416) / 1158, 6);
    expect(l.x).toBeCloseTo((297 - l.width) / 2, 6);
    expect(l.y).toBeCloseTo(10, 6);
  });

  it('a tall sheet (a phone) goes portrait and stays inside the margins', () => {
    const l = pdfLayout(800, 2400);
    expect(l.orientation).toBe('portrait');
    expect(l.height).toBeCloseTo(277, 6);
    expect(l.x).toBeGreaterThanOrEqual(10);
  });

  it('writes one A4 page holding the PNG', () => {
    const png = readFileSync(new URL('../../docs/print-export.png', import.meta.url));
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    const pdf = Buffer.from(sheetPdf(new Uint8Array(png), width, height, '专题图'));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdf.toString('latin1');
    expect(text.match(/\/Type \/Page\b/g)?.length).toBe(1);
    // A4 landscape in points: 297 × 210 mm = 841.89 × 595.28 pt.
    const box = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(text);
    expect(Number(box?.[1])).toBeCloseTo((297 / 25.4) * 72, 2);
    expect(Number(box?.[2])).toBeCloseTo((210 / 25.4) * 72, 2);
    expect(text).toContain(`/Width ${width}`);
    expect(text).toContain(`/Height ${height}`);
  });
});
