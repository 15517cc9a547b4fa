/**
 * The thematic map as a PDF: the composed sheet (a PNG, text included, since jsPDF's built-in fonts
 * have no Chinese) placed on one A4 page, landscape or portrait as the sheet is, fitted within 10 mm
 * margins. Loaded by a dynamic import, so jsPDF is not in the main bundle.
 */
import { jsPDF } from 'jspdf';

export const A4_MM = { long: 297, short: 210 } as const;
const MARGIN_MM = 10;

export interface PdfLayout {
  orientation: 'landscape' | 'portrait';
  pageWidth: number;
  pageHeight: number;
  /** Where the sheet goes on the page (mm). */
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The page and the sheet's box on it: the sheet scaled to fit inside the margins, centred. */
export function pdfLayout(sheetWidth: number, sheetHeight: number): PdfLayout {
  const orientation = sheetWidth >= sheetHeight ? 'landscape' : 'portrait';
  const pageWidth = orientation === 'landscape' ? A4_MM.long : A4_MM.short;
  const pageHeight = orientation === 'landscape' ? A4_MM.short : A4_MM.long;
  const scale = Math.min((pageWidth - 2 * MARGIN_MM) / sheetWidth, (pageHeight - 2 * MARGIN_MM) / sheetHeight);
  const width = sheetWidth * scale;
  const height = sheetHeight * scale;
  return { orientation, pageWidth, pageHeight, x: (pageWidth - width) / 2, y: (pageHeight - height) / 2, width, height };
}

/** A one-page PDF holding the PNG sheet (its bytes, or a data: URL) of the given pixel size. */
export function sheetPdf(png: Uint8Array | string, sheetWidth: number, sheetHeight: number, title: string): ArrayBuffer {
  const l = pdfLayout(sheetWidth, sheetHeight);
  const doc = new jsPDF({ orientation: l.orientation, unit: 'mm', format: 'a4', compress: true });
  doc.setProperties({ title, creator: 'estate-renovation-map' });
  doc.addImage(png, 'PNG', l.x, l.y, l.width, l.height);
  return doc.output('arraybuffer');
}
