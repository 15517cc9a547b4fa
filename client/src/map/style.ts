import type { AddLayerObject, GeoJSONSourceSpecification, StyleSpecification } from 'maplibre-gl';
import { RED_LINE, SELECTED_LINE } from './classes.ts';

/**
 * The MapLibre side of the map: sources and layers drawn from the app's own data. No tiles and no
 * glyphs are fetched (there is no glyph server offline), so there are no symbol layers here:
 * labels are drawn by deck.gl's TextLayer (see layers.ts).
 */
export const SRC = {
  provinces: 'provinces',
  districts: 'districts',
  streets: 'streets',
  roads: 'roads',
  estates: 'estates',
} as const;
export type SourceId = (typeof SRC)[keyof typeof SRC];

export const LYR = {
  estatesFill: 'estates-fill',
  estatesNoData: 'estates-nodata',
  estatesLine: 'estates-line',
  estatesSelected: 'estates-selected',
} as const;
/** Layers a click can hit to select an estate. */
export const ESTATE_HIT_LAYERS = [LYR.estatesFill, LYR.estatesNoData];

export const HATCH_IMAGE = 'hatch-nodata';

const empty = (): GeoJSONSourceSpecification => ({ type: 'geojson', data: { type: 'FeatureCollection', features: [] } });

/** The built-in basemap: a plain background, province outlines and roads, all local. */
export function defaultStyle(): StyleSpecification {
  return {
    version: 8,
    name: 'estates-local',
    sources: { [SRC.provinces]: empty(), [SRC.roads]: empty() },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#e9eef2' } },
      { id: 'provinces-fill', type: 'fill', source: SRC.provinces, paint: { 'fill-color': '#f7f5ef' } },
      {
        id: 'provinces-line',
        type: 'line',
        source: SRC.provinces,
        paint: { 'line-color': '#a8a196', 'line-width': ['interpolate', ['linear'], ['zoom'], 3, 0.6, 10, 1.6] },
      },
      {
        id: 'roads-casing',
        type: 'line',
        source: SRC.roads,
        minzoom: 10,
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: { 'line-color': '#d3cdc1', 'line-width': roadWidth(2) },
      },
      {
        id: 'roads-line',
        type: 'line',
        source: SRC.roads,
        minzoom: 10,
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: {
          'line-color': ['match', ['get', 'kind'], 'arterial', '#fbe3a4', '#ffffff'],
          'line-width': roadWidth(0),
        },
      },
    ],
  };
}

function roadWidth(extra: number) {
  const base = ['match', ['get', 'kind'], 'arterial', 1, 'secondary', 0.7, 0.45];
  return [
    'interpolate',
    ['exponential', 1.6],
    ['zoom'],
    10,
    ['+', ['*', base, 1.5], extra * 0.3],
    14,
    ['+', ['*', base, 6], extra],
    18,
    ['+', ['*', base, 28], extra * 2],
  ] as unknown as number;
}

/** Sources the app adds on top of any basemap (built-in or a configured style URL). */
export const OVERLAY_SOURCES: Record<string, GeoJSONSourceSpecification> = {
  [SRC.districts]: empty(),
  [SRC.streets]: empty(),
  [SRC.estates]: empty(),
};

export const OVERLAY_LAYERS: AddLayerObject[] = [
  {
    id: 'districts-line',
    type: 'line',
    source: SRC.districts,
    paint: { 'line-color': '#6b7c93', 'line-width': 1.4, 'line-dasharray': [4, 2], 'line-opacity': 0.8 },
  },
  {
    id: 'streets-line',
    type: 'line',
    source: SRC.streets,
    minzoom: 10,
    paint: { 'line-color': '#8896a8', 'line-width': 0.8, 'line-dasharray': [2, 2], 'line-opacity': 0.7 },
  },
  {
    id: LYR.estatesFill,
    type: 'fill',
    source: SRC.estates,
    filter: ['!=', ['get', '_cls'], 'nodata'],
    paint: { 'fill-color': ['get', '_colour'], 'fill-opacity': 0.78 },
  },
  {
    id: LYR.estatesNoData,
    type: 'fill',
    source: SRC.estates,
    filter: ['==', ['get', '_cls'], 'nodata'],
    paint: { 'fill-pattern': HATCH_IMAGE },
  },
  {
    id: LYR.estatesLine,
    type: 'line',
    source: SRC.estates,
    paint: { 'line-color': RED_LINE, 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 0.6, 16, 2] },
  },
  {
    id: LYR.estatesSelected,
    type: 'line',
    source: SRC.estates,
    filter: ['==', ['id'], -1],
    layout: { 'line-join': 'round' },
    paint: { 'line-color': SELECTED_LINE, 'line-width': 3.5 },
  },
];

/** A grey diagonal hatch for "no data", so it reads as missing rather than as a low value. */
export function hatchImage(size = 8): { width: number; height: number; data: Uint8Array } {
  const data = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const onStripe = (x + y) % size < 2;
      const i = (y * size + x) * 4;
      const [r, g, b, a] = onStripe ? [120, 120, 120, 230] : [215, 215, 215, 170];
      data[i] = r;
      data[i + 1] = g;
      data[i + 2] = b;
      data[i + 3] = a;
    }
  }
  return { width: size, height: size, data };
}
