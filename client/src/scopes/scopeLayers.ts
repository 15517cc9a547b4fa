import { GeoJsonLayer, PathLayer, TextLayer } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';
import { centroid, pointOnFeature } from '@turf/turf';
import type { Feature, MultiPolygon } from 'geojson';
import type { ImportFeatureReport, MatchStatus, OverlapShape } from '../../../shared/scopes/contract.ts';
import { FONT_FAMILY } from '../map/layers.ts';

type Rgb = [number, number, number];
const OVERLAP: Rgb = [220, 20, 20];
const OLD: Rgb = [110, 118, 129];
const NEW: Rgb = [217, 72, 15];
/**
 * Import statuses, the same hues as the table's tags (scopes.css .import-status); none of them is
 * a hue of the progress colours underneath (green, yellow, orange, red), so the outlines stand out.
 */
export const STATUS_COLOUR: Record<MatchStatus, Rgb> = {
  matched: [123, 31, 162],
  new: [31, 111, 235],
  unmatched: [40, 44, 52],
  ambiguous: [214, 0, 120],
};

const text = (id: string, data: { position: [number, number]; text: string }[], colour: Rgb, offset: [number, number] = [0, 0]) =>
  new TextLayer<{ position: [number, number]; text: string }>({
    id,
    data,
    getPosition: (d) => d.position,
    getText: (d) => d.text,
    getSize: 14,
    getColor: [...colour, 255],
    fontFamily: FONT_FAMILY,
    fontWeight: 'bold',
    characterSet: 'auto',
    outlineWidth: 3,
    outlineColor: [255, 255, 255, 235],
    fontSettings: { sdf: true },
    getPixelOffset: offset,
    // Over the extruded buildings, not hidden inside them (as the map's own labels).
    parameters: { depthCompare: 'always' },
  });

const anchor = (g: MultiPolygon): [number, number] => pointOnFeature({ type: 'Feature', properties: {}, geometry: g }).geometry.coordinates as [number, number];
const centre = (g: MultiPolygon): [number, number] => centroid({ type: 'Feature', properties: {}, geometry: g }).geometry.coordinates as [number, number];

/** Where the drawn red line overlaps its neighbours: the intersections in red, each with the neighbour's name and m². */
export function overlapLayers(overlaps: OverlapShape[], label: (o: OverlapShape) => string): Layer[] {
  if (!overlaps.length) return [];
  return [
    new GeoJsonLayer({
      id: 'scopes-overlap',
      data: { type: 'FeatureCollection', features: overlaps.map((o): Feature<MultiPolygon> => ({ type: 'Feature', properties: {}, geometry: o.geometry })) },
      stroked: true,
      filled: true,
      getFillColor: [...OVERLAP, 150],
      getLineColor: [...OVERLAP, 255],
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
    }),
    // Overlaps sit side by side along the same edge: each label gets its own line, so none hides another.
    ...overlaps.map((o, i) => text(`scopes-overlap-label-${i}`, [{ position: anchor(o.geometry), text: label(o) }], OVERLAP, [0, -10 - 18 * i])),
  ];
}

/** A version from the history beside the line that replaced it: old dashed grey, new orange. */
export function historyLayers(old: MultiPolygon | null, next: MultiPolygon | null, labels: { old: string; next: string }): Layer[] {
  const layers: Layer[] = [];
  if (next) {
    layers.push(
      new GeoJsonLayer({ id: 'scopes-history-new', data: { type: 'Feature', properties: {}, geometry: next }, stroked: true, filled: true, getFillColor: [...NEW, 40], getLineColor: [...NEW, 255], lineWidthUnits: 'pixels', getLineWidth: 3 }),
      text('scopes-history-new-label', [{ position: anchor(next), text: labels.next }], NEW, [0, 12]),
    );
  }
  if (old) {
    layers.push(
      new GeoJsonLayer({ id: 'scopes-history-old', data: { type: 'Feature', properties: {}, geometry: old }, stroked: true, filled: true, getFillColor: [...OLD, 50], getLineColor: [...OLD, 255], lineWidthUnits: 'pixels', getLineWidth: 3 }),
      text('scopes-history-old-label', [{ position: anchor(old), text: labels.old }], OLD, [0, -12]),
    );
  }
  return layers;
}

export interface ImportShape {
  index: number;
  status: MatchStatus;
  geometry: MultiPolygon;
  current: MultiPolygon | null;
  picked: boolean;
}

/**
 * The import preview over the map: each incoming outline in its status's colour (matched solid,
 * new blue, unmatched grey dashed, ambiguous orange), the outline it replaces in grey, and a line
 * from the old centre to the new one labelled with the metres it moves.
 */
export function importLayers(features: ImportFeatureReport[], opts: { picked: number | null; pickable: boolean; moveLabel: (m: number) => string }): Layer[] {
  const shapes: ImportShape[] = features
    .filter((f): f is ImportFeatureReport & { geometry: MultiPolygon } => f.geometry !== null)
    .map((f) => ({ index: f.index, status: f.status, geometry: f.geometry, current: f.currentGeometry, picked: f.index === opts.picked }));
  const moves = features
    .filter((f) => f.geometry && f.currentGeometry && f.shiftMeters !== null)
    .map((f) => ({ from: centre(f.currentGeometry!), to: centre(f.geometry!), metres: f.shiftMeters! }));
  const feature = (s: ImportShape): Feature<MultiPolygon, ImportShape> => ({ type: 'Feature', properties: s, geometry: s.geometry });
  return [
    new GeoJsonLayer({
      id: 'scopes-import-current',
      data: { type: 'FeatureCollection', features: shapes.filter((s) => s.current).map((s) => ({ type: 'Feature', properties: {}, geometry: s.current! })) },
      stroked: true,
      filled: false,
      getLineColor: [...OLD, 255],
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
    }),
    new GeoJsonLayer<ImportShape>({
      id: 'scopes-import-incoming',
      data: { type: 'FeatureCollection', features: shapes.map(feature) },
      stroked: true,
      filled: true,
      pickable: opts.pickable,
      getFillColor: (f) => [...STATUS_COLOUR[f.properties.status], f.properties.picked ? 120 : 60],
      getLineColor: (f) => [...STATUS_COLOUR[f.properties.status], 255],
      lineWidthUnits: 'pixels',
      getLineWidth: (f) => (f.properties.picked ? 5 : 3),
      updateTriggers: { getFillColor: opts.picked, getLineWidth: opts.picked },
    }),
    new PathLayer<{ from: [number, number]; to: [number, number] }>({
      id: 'scopes-import-moves',
      data: moves,
      getPath: (d) => [d.from, d.to],
      getColor: [20, 20, 20, 230],
      widthUnits: 'pixels',
      getWidth: 2,
      parameters: { depthCompare: 'always' },
    }),
    text('scopes-import-move-labels', moves.map((m) => ({ position: m.to, text: opts.moveLabel(m.metres) })), [20, 20, 20], [0, -30]),
    text('scopes-import-labels', shapes.map((s) => ({ position: anchor(s.geometry), text: `#${s.index}` })), [40, 40, 40], [0, 12]),
  ];
}
