import type { AddLayerObject, GeoJSONSourceSpecification, SourceSpecification, StyleSpecification } from 'maplibre-gl';
import { tileScopeDistrict, tileScopeRegion } from '../auth/session.ts';
import { estateGroupLayers, IS_GROUP } from '../estates/groupLayers.ts';
import { colourExpression, MODE_PROPERTY, PROVISIONAL_RING, RED_LINE, SELECTED_LINE, type ColourMode } from './classes.ts';

/**
 * The MapLibre side of the map: sources and layers drawn from the app's own data. Estates and
 * buildings come as vector tiles from the app's server (/tiles, computed in PostGIS), so the map
 * scales from one district to the country; outlines and roads are small GeoJSON. No glyphs are
 * fetched (there is no glyph server offline), so there are no symbol layers here: labels are
 * drawn by deck.gl's TextLayer (see layers.ts).
 */
export const SRC = {
  provinces: 'provinces',
  districts: 'districts',
  streets: 'streets',
  roads: 'roads',
} as const;
export type SourceId = (typeof SRC)[keyof typeof SRC];

/** Vector tile sources and their layer names in the tiles (server/tiles/layers.ts). */
export const TILES = {
  estates: { source: 'estate-tiles', layer: 'estates' },
  buildings: { source: 'building-tiles', layer: 'buildings' },
} as const;

/**
 * Tile URL template for a layer, optionally filtered to a programme's district and year, and with
 * the estates' figures as of a month (period, YYYY-MM; absent: the latest).
 */
export function tileUrl(layer: string, filter: { district?: string; year?: number; period?: string } | null): string {
  const q = new URLSearchParams();
  // A reporter's tiles are their district's only (the server refuses others).
  const district = filter?.district ?? tileScopeDistrict();
  if (district) q.set('district', district);
  const region = tileScopeRegion();
  if (region) q.set('region', region);
  if (filter?.year) q.set('year', String(filter.year));
  if (filter?.period) q.set('period', filter.period);
  const query = q.toString();
  return `${location.origin}/tiles/${layer}/{z}/{x}/{y}.mvt${query ? `?${query}` : ''}`;
}

export const LYR = {
  estatesFill: 'estates-fill',
  estatesNoData: 'estates-nodata',
  estatesLine: 'estates-line',
  estatesSelected: 'estates-selected',
  estatesDots: 'estates-dots',
  estatesProvisional: 'estates-provisional',
  buildings: 'buildings-3d',
} as const;
/** Layers a click or hover can hit to pick an estate (buildings carry their estateId). */
export const ESTATE_HIT_LAYERS = [LYR.estatesFill, LYR.estatesNoData, LYR.estatesDots, LYR.estatesProvisional];

/** Tile features that are an estate's provisional point, not its red line (server/tiles/layers.ts). */
const PROVISIONAL = ['==', ['get', 'placement'], 'provisional_point'];
export const BUILDING_HIT_LAYERS = [LYR.buildings];

/** Below this zoom the estate tiles carry points (server/tiles/layers.ts), drawn as dots. */
export const ESTATE_POINTS_MAX_ZOOM = 12;
const METRES_PER_FLOOR = 3;
const BUILDINGS_MIN_ZOOM = 14;

export const HATCH_IMAGE = 'hatch-nodata';

const empty = (): GeoJSONSourceSpecification => ({ type: 'geojson', data: { type: 'FeatureCollection', features: [] } });

const NOT_COUNTRY = ['!=', ['get', 'level'], 'country'] as never;
const FOCUS = ['==', ['get', 'focus'], true] as never;

/** The built-in basemap: a plain background, country and province outlines and roads, all local. */
export function defaultStyle(): StyleSpecification {
  return {
    version: 8,
    name: 'estates-local',
    sources: { [SRC.provinces]: empty(), [SRC.roads]: empty() },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#e9eef2' } },
      // Provinces and the country share one source (useBasemapData): Natural Earth, indicative only,
      // which the map says in words (OutlineNotice).
      { id: 'provinces-fill', type: 'fill', source: SRC.provinces, filter: NOT_COUNTRY, paint: { 'fill-color': '#f7f5ef' } },
      // The chosen programme's province: what is known of a district that has no outline of its own.
      { id: 'provinces-focus-fill', type: 'fill', source: SRC.provinces, filter: FOCUS, paint: { 'fill-color': '#f1e7cc' } },
      {
        id: 'provinces-line',
        type: 'line',
        source: SRC.provinces,
        filter: NOT_COUNTRY,
        paint: { 'line-color': '#a8a196', 'line-width': ['interpolate', ['linear'], ['zoom'], 3, 0.6, 10, 1.6] },
      },
      {
        id: 'provinces-focus-line',
        type: 'line',
        source: SRC.provinces,
        filter: FOCUS,
        paint: { 'line-color': '#9a7b3f', 'line-width': ['interpolate', ['linear'], ['zoom'], 3, 1.2, 10, 2.4] },
      },
      {
        id: 'country-line',
        type: 'line',
        source: SRC.provinces,
        filter: ['==', ['get', 'level'], 'country'],
        paint: { 'line-color': '#7d766a', 'line-width': ['interpolate', ['linear'], ['zoom'], 3, 1.2, 10, 2.6] },
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
export function overlaySources(): Record<string, SourceSpecification> {
  return {
    [SRC.districts]: empty(),
    [SRC.streets]: empty(),
    [TILES.estates.source]: { type: 'vector', tiles: [tileUrl('estates', null)], minzoom: 0, maxzoom: 16 },
    [TILES.buildings.source]: { type: 'vector', tiles: [tileUrl('buildings', null)], minzoom: BUILDINGS_MIN_ZOOM, maxzoom: 16 },
  };
}

/** Estate paint and filters that follow the colour mode (see MapController.setColourMode). */
export function estateModeStyle(mode: ColourMode) {
  const has = ['has', MODE_PROPERTY[mode]];
  return {
    fillColour: colourExpression(mode),
    fillFilter: has,
    noDataFilter: ['!', has],
    dotColour: colourExpression(mode),
  };
}

/** The ring of a provisional point; the selected estate's in the selection colour. */
export function provisionalStroke(selectedId: number | null): unknown[] {
  return ['case', ['==', ['id'], selectedId ?? -1], SELECTED_LINE, PROVISIONAL_RING];
}

/** Buildings: a lighter tint of their estate's class; the selected estate's in full colour. */
export function buildingColour(mode: ColourMode, selectedId: number | null): unknown[] {
  return ['case', ['==', ['get', 'estateId'], selectedId ?? -1], colourExpression(mode), colourExpression(mode, 0.45)];
}

const estates = { source: TILES.estates.source, 'source-layer': TILES.estates.layer } as const;
const initial = estateModeStyle('progress');

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
    ...estates,
    filter: initial.fillFilter as never,
    paint: { 'fill-color': initial.fillColour as never, 'fill-opacity': 0.78 },
  },
  {
    id: LYR.estatesNoData,
    type: 'fill',
    ...estates,
    filter: initial.noDataFilter as never,
    paint: { 'fill-pattern': HATCH_IMAGE },
  },
  {
    id: LYR.estatesLine,
    type: 'line',
    ...estates,
    paint: { 'line-color': RED_LINE, 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 0.6, 16, 2] },
  },
  {
    id: LYR.estatesSelected,
    type: 'line',
    ...estates,
    filter: ['==', ['id'], -1],
    layout: { 'line-join': 'round' },
    paint: { 'line-color': SELECTED_LINE, 'line-width': 3.5 },
  },
  {
    id: LYR.estatesDots,
    type: 'circle',
    ...estates,
    maxzoom: ESTATE_POINTS_MAX_ZOOM,
    // Red lines shrunk to a dot at low zoom; provisional points and aggregates have their own layers.
    filter: ['all', ['==', ['geometry-type'], 'Point'], ['!', PROVISIONAL], ['!', IS_GROUP]] as never,
    paint: {
      'circle-color': initial.dotColour as never,
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 4, 2, 8, 3.5, 11.9, 6],
      'circle-stroke-color': RED_LINE,
      'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 4, 0.3, 11.9, 1.2],
      'circle-opacity': 0.9,
    },
  },
  {
    // An estate placed only by a clicked point (no red line yet): a ring in its class colour at every
    // zoom, so it never reads as a surveyed outline (legend: 临时位置).
    id: LYR.estatesProvisional,
    type: 'circle',
    ...estates,
    filter: PROVISIONAL as never,
    paint: {
      'circle-color': initial.dotColour as never,
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 4, 3, 10, 6, 16, 9],
      'circle-stroke-color': provisionalStroke(null) as never,
      'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 4, 1, 10, 2.5, 16, 3.5],
      'circle-opacity': 0.95,
    },
  },
  ...estateGroupLayers(TILES.estates.source, TILES.estates.layer),
  {
    id: LYR.buildings,
    type: 'fill-extrusion',
    source: TILES.buildings.source,
    'source-layer': TILES.buildings.layer,
    minzoom: BUILDINGS_MIN_ZOOM,
    paint: {
      'fill-extrusion-color': buildingColour('progress', null) as never,
      'fill-extrusion-height': ['*', ['max', 1, ['coalesce', ['get', 'floors'], 1]], METRES_PER_FLOOR],
      'fill-extrusion-opacity': 0.92,
    },
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
