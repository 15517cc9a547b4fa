/**
 * Fixed class breaks for the district/street choropleth, the same for every place and month, so
 * that a colour means the same rate whichever programme or month is shown (never quantiles of
 * what happens to be on screen).
 */
export interface RateClass {
  key: string;
  /** Lower bound in percent (inclusive). */
  min: number;
  colour: [number, number, number];
  label: string;
}

export const RATE_CLASSES: RateClass[] = [
  { key: 'r0', min: 0, colour: [215, 48, 39], label: '< 10%' },
  { key: 'r10', min: 10, colour: [252, 141, 89], label: '10–30%' },
  { key: 'r30', min: 30, colour: [254, 224, 139], label: '30–60%' },
  { key: 'r60', min: 60, colour: [145, 207, 96], label: '60–90%' },
  { key: 'r90', min: 90, colour: [26, 152, 80], label: '≥ 90%' },
];
export const NO_RATE: [number, number, number] = [189, 189, 189];

export function rateClass(rate: number | null): RateClass | null {
  if (rate === null) return null;
  const pct = rate * 100;
  return [...RATE_CLASSES].reverse().find((c) => pct >= c.min) ?? RATE_CLASSES[0]!;
}

/**
 * The heatmap's colour domain, fixed: without it deck.gl rescales to the densest pixel in view, so
 * the same district changes colour as one zooms. With a domain and SUM aggregation deck.gl reads
 * it as weight (万元 behind) per metre of its weight texture, which keeps colours put across zooms.
 * Tuned by eye on Wuhai 2021: its 4800 万元 gap at district zoom reaches the top colour, 1800 the middle.
 */
export const HEAT_DOMAIN: [number, number] = [1, 150];
export const HEAT_COLOURS: [number, number, number][] = [
  [255, 255, 178],
  [254, 217, 118],
  [254, 178, 76],
  [253, 141, 60],
  [240, 59, 32],
  [189, 0, 38],
];

export const pctText = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(2)}%`);
