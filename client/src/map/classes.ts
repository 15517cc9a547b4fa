import type { EstateProperties } from '../estates/api.ts';

/**
 * Fixed class breaks for colouring estates. Defined once so that a colour means the same thing
 * on every screen and never shifts while the user pans or filters (no quantiles of what is visible).
 */
export const COLOUR_MODES = ['progress', 'investment'] as const;
export type ColourMode = (typeof COLOUR_MODES)[number];

export interface ColourClass {
  key: string;
  /** Inclusive lower bound, exclusive upper bound (the last class includes its upper bound). */
  min: number;
  max: number;
  colour: string;
  label: { zh: string; en: string };
}

const both = (s: string) => ({ zh: s, en: s });

// Red→green: low progress is the problem a leader looks for.
const PROGRESS: ColourClass[] = [
  { key: 'p0', min: 0, max: 20, colour: '#d7191c', label: both('0–20 %') },
  { key: 'p20', min: 20, max: 40, colour: '#fdae61', label: both('20–40 %') },
  { key: 'p40', min: 40, max: 60, colour: '#fee08b', label: both('40–60 %') },
  { key: 'p60', min: 60, max: 80, colour: '#a6d96a', label: both('60–80 %') },
  { key: 'p80', min: 80, max: 100, colour: '#1a9641', label: both('80–100 %') },
];

// Investment rate is completed / planned (0..1); it can exceed 1 when spending overruns the plan.
const INVESTMENT: ColourClass[] = [
  { key: 'i0', min: 0, max: 0.1, colour: '#ffffb2', label: both('0–10 %') },
  { key: 'i10', min: 0.1, max: 0.3, colour: '#a1dab4', label: both('10–30 %') },
  { key: 'i30', min: 0.3, max: 0.6, colour: '#41b6c4', label: both('30–60 %') },
  { key: 'i60', min: 0.6, max: 0.9, colour: '#2c7fb8', label: both('60–90 %') },
  { key: 'i90', min: 0.9, max: Infinity, colour: '#253494', label: both('≥ 90 %') },
];

export const CLASSES: Record<ColourMode, ColourClass[]> = { progress: PROGRESS, investment: INVESTMENT };

export const NO_DATA: ColourClass = {
  key: 'nodata',
  min: NaN,
  max: NaN,
  colour: '#b4b4b4',
  label: { zh: '无数据', en: 'No data' },
};

/** Outline of estate red lines (红线) and of the selected estate. */
export const RED_LINE = '#c62828';
/** Ring of a provisional point (临时位置): an estate placed by a click, not by a red line. */
export const PROVISIONAL_RING = '#5e35b1';
export const SELECTED_LINE = '#102a43';

export function valueFor(mode: ColourMode, p: Pick<EstateProperties, 'progressPct' | 'investmentRate'>): number | null {
  const v = mode === 'progress' ? p.progressPct : p.investmentRate;
  return v === null || v === undefined || !Number.isFinite(v) ? null : v;
}

export function classify(mode: ColourMode, p: Pick<EstateProperties, 'progressPct' | 'investmentRate'>): ColourClass {
  const v = valueFor(mode, p);
  if (v === null) return NO_DATA;
  const classes = CLASSES[mode];
  // Below the first break (should not happen) counts as the first class, above the last as the last.
  return classes.find((c, i) => v < c.max || i === classes.length - 1) ?? NO_DATA;
}

/** '#rrggbb' → [r, g, b] for deck.gl accessors. */
export function hexToRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** The feature property each colour mode reads (tiles and GeoJSON alike). */
export const MODE_PROPERTY: Record<ColourMode, 'progressPct' | 'investmentRate'> = {
  progress: 'progressPct',
  investment: 'investmentRate',
};

/** Mixes a colour towards white: buildings are a lighter tint of their estate's class. */
export function tint(hex: string, amount: number): string {
  const [r, g, b] = hexToRgb(hex).map((c) => Math.round(c + (255 - c) * amount));
  return `#${((1 << 24) | (r! << 16) | (g! << 8) | b!).toString(16).slice(1)}`;
}

/**
 * The same colour as classify(), as a MapLibre expression over a feature's properties, so vector
 * tiles are coloured on the GPU by the fixed breaks. A missing property (MVT has no null) is no data.
 */
export function colourExpression(mode: ColourMode, tintAmount = 0): unknown[] {
  const prop = MODE_PROPERTY[mode];
  const classes = CLASSES[mode];
  const step: unknown[] = ['step', ['to-number', ['get', prop]], tint(classes[0]!.colour, tintAmount)];
  for (const c of classes.slice(1)) step.push(c.min, tint(c.colour, tintAmount));
  return ['case', ['has', prop], step, tint(NO_DATA.colour, tintAmount)];
}
