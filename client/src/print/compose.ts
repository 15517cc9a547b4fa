/**
 * The printable thematic map (专题图): the map's canvas drawn onto a larger 2D canvas with a title,
 * the legend of the layers on the map (their classes and counts), a scale bar, a north arrow, the date and the data source.
 * The pure parts (scale bar, file name, legend sections) are exported for tests.
 */
import type { Map as MlMap } from 'maplibre-gl';
import type { EstateCollection } from '../estates/api.ts';
import { placementOf } from '../placement/counts.ts';
import type { LayerEntry, LayerEntryId, LegendItem } from '../layers/types.ts';

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

export interface LegendSection {
  id: LayerEntryId;
  title: string;
  subtitle?: string;
  items: LegendItem[];
  notes: string[];
}

/**
 * The printed legend: the layer panel's entries (layers/, the same data the panel shows) that are
 * switched on, in the panel's order. The estates section says what its figures count.
 */
export function legendSections(entries: readonly LayerEntry[], hidden: ReadonlySet<LayerEntryId>, countsNote: string): LegendSection[] {
  return entries
    .filter((e) => !hidden.has(e.id))
    .map((e) => ({
      id: e.id,
      title: e.title,
      ...(e.subtitle ? { subtitle: e.subtitle } : {}),
      items: e.legend,
      notes: [...(e.id === 'estates' && e.legend.some((i) => i.count !== undefined) ? [countsNote] : []), ...(e.notes ?? [])],
    }));
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
  legend: LegendSection[];
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
  // The legend may be longer than the map (the dashboard's four layers): the sheet grows to hold it.
  const measure = document.createElement('canvas').getContext('2d')!;
  const legendH = drawLegend(measure, input, 0, 0, legendW, r, false);
  const bodyH = Math.max(mh, legendH);
  sheet.width = margin * 3 + mw + legendW;
  sheet.height = margin * 2 + titleH + bodyH + footH;
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

  drawLegend(ctx, input, mx + mw + margin, my, legendW, r, true);

  // Footer: date, source, notes.
  let fy = my + bodyH + Math.round(12 * r);
  ctx.font = `${Math.round(13 * r)}px ${FONT}`;
  ctx.fillStyle = '#334e68';
  for (const line of [input.date, ...input.source, ...input.notes]) {
    ctx.fillText(line, margin, fy);
    fy += Math.round(18 * r);
  }
  return sheet;
}

/**
 * The legend: its title, then one section per visible layer (title, subtitle, samples with labels and
 * counts, notes). With draw false it only measures. Returns its height.
 */
function drawLegend(ctx: CanvasRenderingContext2D, input: ComposeInput, lx: number, top: number, legendW: number, r: number, draw: boolean): number {
  let ly = top;
  const text = (s: string, x: number, y: number) => {
    if (draw) ctx.fillText(s, x, y);
  };
  ctx.textBaseline = 'top';
  ctx.textAlign = 'left';
  ctx.fillStyle = '#102a43';
  ctx.font = `bold ${Math.round(18 * r)}px ${FONT}`;
  text(input.legendTitle, lx, ly);
  ly += Math.round(30 * r);
  const sw = Math.round(26 * r);
  const sh = Math.round(16 * r);
  for (const section of input.legend) {
    ctx.fillStyle = '#102a43';
    ctx.font = `bold ${Math.round(15 * r)}px ${FONT}`;
    text(section.title, lx, ly);
    ly += Math.round(21 * r);
    if (section.subtitle) {
      ctx.fillStyle = '#486581';
      ctx.font = `${Math.round(12 * r)}px ${FONT}`;
      text(section.subtitle, lx, ly);
      ly += Math.round(17 * r);
    }
    ctx.font = `${Math.round(13 * r)}px ${FONT}`;
    for (const item of section.items) {
      ctx.fillStyle = '#102a43';
      if (item.kind === 'note') {
        ctx.fillStyle = '#627d98';
        ly = wrapText(ctx, item.label, lx, ly, legendW, Math.round(17 * r), draw);
        continue;
      }
      if (draw) drawSample(ctx, item, lx, ly, sw, sh, r);
      ctx.fillStyle = '#102a43';
      const labelW = legendW - sw - Math.round(10 * r) - (item.count !== undefined ? Math.round(34 * r) : 0);
      const end = wrapText(ctx, item.label, lx + sw + Math.round(10 * r), ly + Math.round(1 * r), labelW, Math.round(17 * r), draw);
      if (item.count !== undefined && draw) {
        ctx.textAlign = 'right';
        ctx.fillText(String(item.count), lx + legendW, ly + Math.round(1 * r));
        ctx.textAlign = 'left';
      }
      ly = Math.max(end, ly + sh) + Math.round(6 * r);
    }
    ctx.fillStyle = '#627d98';
    ctx.font = `${Math.round(12 * r)}px ${FONT}`;
    for (const note of section.notes) ly = wrapText(ctx, note, lx, ly, legendW, Math.round(16 * r), draw);
    ly += Math.round(12 * r);
  }
  return ly - top;
}

/** A legend item's sample, as the layer panel draws it (layers/LayerPanel.tsx Sample). */
function drawSample(ctx: CanvasRenderingContext2D, item: LegendItem, x: number, y: number, w: number, h: number, r: number): void {
  ctx.save();
  const outline = () => {
    ctx.strokeStyle = '#627d98';
    ctx.lineWidth = Math.max(1, r);
    ctx.strokeRect(x, y, w, h);
  };
  switch (item.kind) {
    case 'line':
    case 'thick-line':
      ctx.strokeStyle = item.colour;
      ctx.lineWidth = Math.max(1, Math.round((item.kind === 'line' ? 3 : 6) * r));
      ctx.beginPath();
      ctx.moveTo(x, y + h / 2);
      ctx.lineTo(x + w, y + h / 2);
      ctx.stroke();
      break;
    case 'ring':
    case 'dot':
      ctx.beginPath();
      ctx.arc(x + w / 2, y + h / 2, h / 2 - r, 0, Math.PI * 2);
      ctx.fillStyle = item.kind === 'ring' ? '#b4b4b4' : item.colour;
      ctx.fill();
      ctx.strokeStyle = item.kind === 'ring' ? item.colour : '#000000';
      ctx.lineWidth = Math.max(1, Math.round((item.kind === 'ring' ? 2.5 : 1.5) * r));
      ctx.stroke();
      break;
    case 'gradient': {
      const stops = item.stops ?? [item.colour];
      const g = ctx.createLinearGradient(x, 0, x + w, 0);
      stops.forEach((c, i) => g.addColorStop(stops.length === 1 ? 0 : i / (stops.length - 1), c));
      ctx.fillStyle = g;
      ctx.fillRect(x, y, w, h);
      outline();
      break;
    }
    case 'hatched':
      ctx.fillStyle = item.colour;
      ctx.fillRect(x, y, w, h);
      hatch(ctx, x, y, w, h, r);
      outline();
      break;
    default:
      ctx.fillStyle = item.colour;
      ctx.fillRect(x, y, w, h);
      outline();
  }
  ctx.restore();
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

function wrapText(ctx: CanvasRenderingContext2D, text: string, x: number, y: number, width: number, lineH: number, draw = true): number {
  let line = '';
  for (const ch of text) {
    if (ctx.measureText(line + ch).width > width && line) {
      // Latin words break at a space; Chinese may break between any two characters.
      const space = /[A-Za-z]/.test(ch) ? line.lastIndexOf(' ') : -1;
      const head = space > 0 ? line.slice(0, space) : line;
      if (draw) ctx.fillText(head, x, y);
      y += lineH;
      line = (space > 0 ? line.slice(space + 1) : '') + ch;
    } else line += ch;
  }
  if (line) {
    if (draw) ctx.fillText(line, x, y);
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
