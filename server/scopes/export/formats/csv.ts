import { csvLine } from '../../../export/cells.ts';
import { LAYER_FIELDS } from '../fields.ts';
import { toWkt } from '../geometry.ts';
import type { ScopeFile } from './types.ts';

/**
 * One table for every layer: `layer`, the union of the layers' fields (in layer order, each name
 * once), `crs` on every row (a CSV has nowhere else to say it), and the geometry as WKT in the
 * last column, named `WKT`, which GDAL's CSV driver reads as geometry. UTF-8 with a byte-order
 * mark, so Excel on Chinese Windows opens the names as UTF-8. Text that a spreadsheet would run as
 * a formula is written as text (server/export/cells.ts); numbers as numbers.
 */
export function writeCsv(file: ScopeFile): string {
  const columns = ['layer', ...new Set(file.layers.flatMap(({ layer }) => LAYER_FIELDS[layer].map(([name]) => name))), 'crs', 'WKT'];
  const lines = [csvLine(columns)];
  for (const { layer, features } of file.layers) {
    const own = new Set(LAYER_FIELDS[layer].map(([name]) => name));
    for (const f of features) {
      const row = columns.map((c) => {
        if (c === 'layer') return layer;
        if (c === 'crs') return file.crs.fileTag;
        if (c === 'WKT') return f.geometry ? toWkt(f.geometry) : '';
        return own.has(c) ? cell(f.props[c]) : '';
      });
      lines.push(csvLine(row));
    }
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function cell(v: unknown): string | number {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return v;
  if (Array.isArray(v)) return JSON.stringify(v);
  return String(v);
}
