/**
 * The printable thematic map (专题图): the map's canvas drawn onto a larger 2D canvas with a title,
 * the legend's classes and counts, a scale bar, a north arrow, the date and the data source.
 * The pure parts (scale bar, file name, legend rows) are exported for tests.
 */
import type { Map as MlMap } from 'maplibre-gl';
import type { EstateCollection } from '../estates/api.ts';
import { CLASSES, classify, NO_DATA, RED_LINE, type ColourMode } from '../map/classes.ts';
import { placementOf } from '../placement/counts.ts';

/** Earth's equatorial circumference (m), as MapLibre's Web Mercator uses it. */
const EARTH_CIRCUMFERENCE = 40075016.686;
/** MapLibre's tile size: at zoom z the world is 512 · 2^z CSS pixels wide. */
const TILE_SIZE = 512;

/** Ground metres per CSS pixel at a zoom and latitude (Web Mercator). */
export function metresPerPixel(zoom: number, latitude: number): number {
  return (EARTH_CIRCUMFERENCE * Math.cos((latitude * Math.PI) / 180)) / (TILE_SIZE * 2 ** zoom);
}

export interface ScaleBar {
  /** Ground length the bar stands for (m): a round 1, 2 or 5 × 10^n. */
  metres: number;
  /** Its length in CSS pixels of the map. */
  pixels: number;
  label: string;
}

/**
 * The longest round length (1, 2, 5 × 10^n metres) whose bar fits in maxPixels at the map's zoom and
 * latitude; labelled in m below 1 km, else in km.
 */
export function scaleBar(zoom: number, latitude: number, maxPixels: number): ScaleBar {
  const mpp = metresPerPixel(zoom, latitude);
  const maxMetres = mpp * maxPixels;
  const pow = 10 ** Math.floor(Math.log10(maxMetres));
  const first = maxMetres / pow;
  const step = first >= 5 ? 5 : first >= 2 ? 2 : 1;
  const metres = step * pow;
  const label = metres >= 1000 ? `${+(metres / 1000).toPrecision(6)} km` : `${+metres.toPrecision(6)} m`;
  return { metres, pixels: metres / mpp, label };
}

/** Characters a file name may not hold on Windows, macOS or Linux. */
const UNSAFE = /[\\/:*?"<>|\u0000-\u001f]+/g;

/** `<programme>_<month>_专题图.png`, with characters a file system refuses replaced by _. */
export function exportFileName(programme: string, month: string, ext = 'png'): string {
  const safe = (s: string) => s.replace(UNSAFE, '_').trim() || '_';
  return `${safe(programme)}_${safe(month)}_专题图.${ext}`;
}

export interface LegendRow {
  key: string;
  colour: string;
  label: string;
  count: number;
  hatched: boolean;
}

/**
 * The on-screen legend's rows (Legend.tsx): the mode's fixed classes, highest first, then no data,
 * each with how many placed estates (red line or provisional point) fall in it.
 */
export function legendRows(mode: ColourMode, estates: EstateCollection, lang: 'zh' | 'en'): LegendRow[] {
  const counts = new Map<string, number>();
  for (const f of estates.features) {
    if (placementOf(f) === 'unplaced') continue;
    const key = classify(mode, f.properties).key;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const rows: LegendRow[] = [...CLASSES[mode]].reverse().map((c) => ({
    key: c.key,
    colour: c.colour,
    label: c.label[lang],
    count: counts.get(c.key) ?? 0,
    hatched: false,
  }));
  rows.push({ key: NO_DATA.key, colour: NO_DATA.colour, label: lang === 'zh' ? '无数据' : 'No data', count: counts.get(NO_DATA.key) ?? 0, hatched: true });
  return rows;
}

/** True when an estate on the map is drawn with a synthetic red line (properties.synthetic). */
export function anySyntheticRedLine(estates: EstateCollection): boolean {
  return estates.features.some((f) => placementOf(f) === 'red_line' && !!f.properties.synthetic);
}

/**
 * Copies the map's WebGL canvas as it is drawn. The drawing buffer is not preserved (that would
 * slow every frame), so the copy is taken inside the next `render` event, before the browser
 * clears it, and a repaint is asked for to get that event.
 */
export function captureMap(map: MlMap): Promise<HTMLCanvasElement> {
  return new Promise((resolve, reject) => {
    map.once('render', () => {
      try {
        const src = map.getCanvas();
        const copy = document.createElement('canvas');
        copy.width = src.width;
        copy.height = src.height;
        copy.getContext('2d')!.drawImage(src, 0, 0);
        resolve(copy);
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
    map.triggerRepaint();
  });
}

export interface ComposeInput {
  map: HTMLCanvasElement;
  /** CSS pixels per map canvas pixel is 1/ratio (devicePixelRatio when captured). */
  pixelRatio: number;
  zoom: number;
  latitude: number;
  /** Degrees clockwise of north at the top of the map (MapLibre's bearing). */
  bearing: number;
  title: string;
  subtitle: string;
  legendTitle: string;
  legend: LegendRow[];
  legendNote: string;
  notes: string[];
  date: string;
  source: string[];
  north: string;
}

const FONT = '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "Source Han Sans SC", sans-serif';

/** Draws the thematic map; the sheet is the map plus margins, the legend to the right of the map. */
export function composeSheet(input: ComposeInput): HTMLCanvasElement {
  const r = input.pixelRatio;
  const margin = Math.round(32 * r);
  const titleH = Math.round(84 * r);
  const legendW = Math.round(260 * r);
  const footH = Math.round((20 + 18 * (1 + input.source.length + input.notes.length)) * r);
  const mw = input.map.width;
  const mh = input.map.height;
  const sheet = document.createElement('canvas');
  sheet.width = margin * 3 + mw + legendW;
  sheet.height = margin * 2 + titleH + mh + footH;
  const ctx = sheet.getContext('2d')!;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, sheet.width, sheet.height);

  // Title and subtitle.
  ctx.fillStyle = '#102a43';
  ctx.textBaseline = 'top';
  ctx.font = `bold ${Math.round(28 * r)}px ${FONT}`;
  ctx.fillText(input.title, margin, margin);
  ctx.font = `${Math.round(16 * r)}px ${FONT}`;
  ctx.fillStyle = '#486581';
  ctx.fillText(input.subtitle, margin, margin + Math.round(40 * r));

  // The map with a neat line.
  const mx = margin;
  const my = margin + titleH;
  ctx.drawImage(input.map, mx, my);
  ctx.strokeStyle = '#102a43';
  ctx.lineWidth = Math.max(1, Math.round(1.5 * r));
  ctx.strokeRect(mx, my, mw, mh);

  drawNorthArrow(ctx, mx + mw - Math.round(40 * r), my + Math.round(48 * r), r, input.bearing, input.north);
  drawScaleBar(ctx, mx + Math.round(16 * r), my + mh - Math.round(20 * r), r, input);

  // Legend.
  const lx = mx + mw + margin;
  let ly = my;
  ctx.fillStyle = '#102a43';
  ctx.font = `bold ${Math.round(18 * r)}px ${FONT}`;
  ctx.fillText(input.legendTitle, lx, ly);
  ly += Math.round(34 * r);
  const sw = Math.round(26 * r);
  const sh = Math.round(18 * r);
  ctx.font = `${Math.round(15 * r)}px ${FONT}`;
  for (const row of input.legend) {
    ctx.fillStyle = row.colour;
    ctx.fillRect(lx, ly, sw, sh);
    if (row.hatched) hatch(ctx, lx, ly, sw, sh, r);
    ctx.strokeStyle = '#627d98';
    ctx.lineWidth = Math.max(1, r);
    ctx.strokeRect(lx, ly, sw, sh);
    ctx.fillStyle = '#102a43';
    ctx.textAlign = 'left';
    ctx.fillText(row.label, lx + sw + Math.round(10 * r), ly + Math.round(1 * r));
    ctx.textAlign = 'right';
    ctx.fillText(String(row.count), lx + legendW, ly + Math.round(1 * r));
    ctx.textAlign = 'left';
    ly += Math.round(28 * r);
  }
  ctx.fillStyle = '#627d98';
  ctx.font = `${Math.round(12 * r)}px ${FONT}`;
  ly += Math.round(4 * r);
  ly = wrapText(ctx, input.legendNote, lx, ly, legendW, Math.round(17 * r));
  // The red line sample.
  ly += Math.round(10 * r);
  ctx.strokeStyle = RED_LINE;
  ctx.lineWidth = Math.max(1, Math.round(2 * r));
  ctx.strokeRect(lx, ly, sw, sh);
  ctx.fillStyle = '#102a43';
  ctx.font = `${Math.round(14 * r)}px ${FONT}`;
  ctx.fillText('红线 / red line', lx + sw + Math.round(10 * r), ly + Math.round(1 * r));

  // Footer: date, source, notes.
  let fy = my + mh + Math.round(12 * r);
  ctx.font = `${Math.round(13 * r)}px ${FONT}`;
  ctx.fillStyle = '#334e68';
  for (const line of [input.date, ...input.source, ...input.notes]) {
    ctx.fillText(line, margin, fy);
    fy += Math.round(18 * r);
  }
  return sheet;
}

function hatch(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, r: number): void {
  ctx.save();
  ctx.beginPath();
  ctx.rect(x, y, w, h);
  ctx.clip();
  ctx.strokeStyle = '#ffffff';
  ctx.lineWidth = Math.max(1, r);
  for (let d = -h; d < w; d += Math.round(6 * r)) {
    ctx.beginPath();
    ctx.moveTo(x + d, y + h);
    ctx.lineTo(x + d + h, y);
    ctx.stroke();
  }
  ctx.restore();
}

function wrapText(ctx: CanvasRenderingContext2D, text: string, x: number, y: number, width: number, lineH: number): number {
  let line = '';
  for (const ch of text) {
    if (ctx.measureText(line + ch).width > width && line) {
      ctx.fillText(line, x, y);
      y += lineH;
      line = ch;
    } else line += ch;
  }
  if (line) {
    ctx.fillText(line, x, y);
    y += lineH;
  }
  return y;
}

/** An arrow pointing to geographic north: rotated by −bearing, since the map is turned by bearing. */
function drawNorthArrow(ctx: CanvasRenderingContext2D, cx: number, cy: number, r: number, bearing: number, label: string): void {
  const len = 26 * r;
  ctx.save();
  ctx.fillStyle = 'rgba(255,255,255,0.85)';
  ctx.beginPath();
  ctx.arc(cx, cy, len + 8 * r, 0, Math.PI * 2);
  ctx.fill();
  ctx.translate(cx, cy);
  ctx.rotate((-bearing * Math.PI) / 180);
  ctx.beginPath();
  ctx.moveTo(0, -len);
  ctx.lineTo(len * 0.45, len * 0.6);
  ctx.lineTo(0, len * 0.3);
  ctx.closePath();
  ctx.fillStyle = '#102a43';
  ctx.fill();
  ctx.beginPath();
  ctx.moveTo(0, -len);
  ctx.lineTo(-len * 0.45, len * 0.6);
  ctx.lineTo(0, len * 0.3);
  ctx.closePath();
  ctx.fillStyle = '#ffffff';
  ctx.fill();
  ctx.strokeStyle = '#102a43';
  ctx.lineWidth = Math.max(1, r);
  ctx.stroke();
  ctx.fillStyle = '#102a43';
  ctx.font = `bold ${Math.round(13 * r)}px ${FONT}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText(label, 0, -len - 1 * r);
  ctx.restore();
}

function drawScaleBar(ctx: CanvasRenderingContext2D, x: number, y: number, r: number, input: ComposeInput): void {
  const bar = scaleBar(input.zoom, input.latitude, 160);
  const w = bar.pixels * r;
  const h = 8 * r;
  ctx.save();
  ctx.fillStyle = 'rgba(255,255,255,0.85)';
  ctx.fillRect(x - 6 * r, y - h - 24 * r, w + 12 * r + 60 * r, h + 30 * r);
  ctx.fillStyle = '#102a43';
  ctx.fillRect(x, y - h, w / 2, h);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(x + w / 2, y - h, w / 2, h);
  ctx.strokeStyle = '#102a43';
  ctx.lineWidth = Math.max(1, r);
  ctx.strokeRect(x, y - h, w, h);
  ctx.fillStyle = '#102a43';
  ctx.font = `${Math.round(13 * r)}px ${FONT}`;
  ctx.textBaseline = 'bottom';
  ctx.textAlign = 'left';
  ctx.fillText('0', x, y - h - 3 * r);
  ctx.textAlign = 'center';
  ctx.fillText(bar.label, x + w, y - h - 3 * r);
  ctx.restore();
}
