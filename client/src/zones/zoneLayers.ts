import type { MultiPolygon } from 'geojson';
import { GeoJsonLayer, PathLayer, TextLayer } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';
import type { EstateFeature } from '../estates/api.ts';
import { FONT_FAMILY } from '../map/layers.ts';
import type { Feature, Geometry } from 'geojson';
import { hasGeometry, labelPoints } from '../map/geometry.ts';
import type { ZoneCheck } from '../../../shared/zones/contract.ts';
import type { SuggestedZone, ZoneFeature } from './api.ts';

const hasOutline = <F extends { geometry: MultiPolygon | null }>(f: F): f is F & { geometry: MultiPolygon } => f.geometry !== null;

const SELECTION: [number, number, number] = [31, 111, 235];
const ZONE: [number, number, number] = [123, 31, 162];

/** The planner's picture: picked estates, saved zones with names, the suggestion in focus, the breaking gaps, the lasso. */
export function zoneLayers(p: {
  selected: EstateFeature[];
  zones: ZoneFeature[];
  focus: SuggestedZone | ZoneFeature | null;
  bridges: ZoneCheck['bridges'];
  lasso: [number, number][] | null;
}): Layer[] {
  const layers: Layer[] = [
    new GeoJsonLayer({
      id: 'zones-saved',
      // A zone whose estates lost their red lines has no outline to draw.
      data: { type: 'FeatureCollection', features: p.zones.filter(hasOutline) },
      stroked: true,
      filled: true,
      getFillColor: [...ZONE, 24],
      getLineColor: [...ZONE, 230],
      lineWidthUnits: 'pixels',
      getLineWidth: 2.5,
      pickable: true,
    }),
    new TextLayer<{ position: [number, number]; text: string }>({
      id: 'zones-labels',
      data: labelPoints(p.zones, (f) => f.properties.name),
      getPosition: (d) => d.position,
      getText: (d) => d.text,
      getSize: 15,
      getColor: [...ZONE, 255],
      fontFamily: FONT_FAMILY,
      fontWeight: 'bold',
      characterSet: 'auto',
      outlineWidth: 3,
      outlineColor: [255, 255, 255, 230],
      fontSettings: { sdf: true },
    }),
    new GeoJsonLayer({
      id: 'zones-selection',
      // An estate picked from the list may have no geometry yet (待落图): nothing to draw for it.
      data: { type: 'FeatureCollection', features: p.selected.filter((f) => hasGeometry(f)) as Feature<Geometry>[] },
      pointRadiusUnits: 'pixels',
      getPointRadius: 9,
      stroked: true,
      filled: true,
      getFillColor: [...SELECTION, 60],
      getLineColor: [...SELECTION, 255],
      lineWidthUnits: 'pixels',
      getLineWidth: 3,
    }),
  ];
  if (p.focus && hasOutline(p.focus)) {
    layers.push(
      new GeoJsonLayer({
        id: 'zones-focus',
        data: p.focus,
        stroked: true,
        filled: true,
        getFillColor: [255, 196, 0, 60],
        getLineColor: [230, 140, 0, 255],
        lineWidthUnits: 'pixels',
        getLineWidth: 3,
      }),
    );
  }
  if (p.bridges.length) {
    layers.push(
      new PathLayer({
        id: 'zones-bridges',
        data: p.bridges,
        getPath: (d: ZoneCheck['bridges'][number]) => d.line.coordinates as [number, number][],
        getColor: [220, 30, 30, 255],
        widthUnits: 'pixels',
        getWidth: 4,
      }),
      new TextLayer({
        id: 'zones-bridge-labels',
        data: p.bridges,
        getPosition: (d: ZoneCheck['bridges'][number]) => d.line.coordinates[0] as [number, number],
        getText: (d: ZoneCheck['bridges'][number]) => `${d.gapMeters} m`,
        getSize: 14,
        getColor: [200, 20, 20, 255],
        fontFamily: FONT_FAMILY,
        outlineWidth: 3,
        outlineColor: [255, 255, 255, 230],
        fontSettings: { sdf: true },
        getPixelOffset: [0, -12],
      }),
    );
  }
  if (p.lasso && p.lasso.length > 1) {
    layers.push(
      new PathLayer({
        id: 'zones-lasso',
        data: [p.lasso],
        getPath: (d: [number, number][]) => d,
        getColor: [31, 111, 235, 255],
        widthUnits: 'pixels',
        getWidth: 2,
      }),
    );
  }
  return layers;
}
