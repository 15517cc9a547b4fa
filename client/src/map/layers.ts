import { PolygonLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';
import type { Position } from 'geojson';
import type { BuildingFeature } from '../api/types.ts';

/**
 * The deck.gl side of the map: extruded buildings and all text. Labels are deck.gl TextLayers because
 * MapLibre symbol layers need a glyph server, which does not exist offline; with characterSet 'auto'
 * deck.gl rasterises exactly the CJK characters in use from a local font.
 */
export const FONT_FAMILY = '"Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif';
const METRES_PER_FLOOR = 3;

export interface Label {
  position: [number, number];
  text: string;
  /** The labelled feature's id, when it has one. */
  id?: number;
  /** Higher wins when labels collide (see declutter.ts). */
  priority?: number;
}

export interface BuildingDatum {
  estateId: number;
  floors: number;
  number: number;
  ring: Position[][];
}

/** Flattens building features (Polygon or MultiPolygon) into one datum per polygon. */
export function toBuildingData(features: BuildingFeature[]): BuildingDatum[] {
  const out: BuildingDatum[] = [];
  for (const f of features) {
    const { estateId, floors, number } = f.properties;
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    for (const ring of polys) out.push({ estateId, floors, number, ring });
  }
  return out;
}

export function buildingsLayer(
  data: BuildingDatum[],
  colourOf: (estateId: number) => [number, number, number],
  selectedId: number | null,
  trigger: number,
): Layer {
  return new PolygonLayer<BuildingDatum>({
    id: 'buildings',
    data,
    extruded: true,
    pickable: true,
    getPolygon: (d) => d.ring,
    getElevation: (d) => Math.max(1, d.floors) * METRES_PER_FLOOR,
    getFillColor: (d) => {
      // A lighter tint of the estate's class colour, so the blocks stand out from the estate fill.
      const [r, g, b] = colourOf(d.estateId).map((c) => Math.round(c + (255 - c) * 0.45));
      return selectedId === null || d.estateId === selectedId ? [r!, g!, b!, 250] : [r!, g!, b!, 190];
    },
        material: { ambient: 0.45, diffuse: 0.6, shininess: 16, specularColor: [40, 40, 40] },
    updateTriggers: { getFillColor: [trigger, selectedId] },
  });
}

export interface LabelStyle {
  size: number;
  colour: [number, number, number, number];
  weight?: number | string;
}

export function labelLayer(id: string, data: Label[], style: LabelStyle, visible = true): Layer {
  return new TextLayer<Label>({
    id,
    data,
    visible,
    getPosition: (d) => d.position,
    getText: (d) => d.text,
    getSize: style.size,
    getColor: style.colour,
    fontFamily: FONT_FAMILY,
    fontWeight: style.weight ?? 'normal',
    characterSet: 'auto',
    fontSettings: { sdf: true, fontSize: 48, buffer: 6 },
    outlineWidth: 4,
    outlineColor: [255, 255, 255, 235],
    getTextAnchor: 'middle',
    getAlignmentBaseline: 'center',
    // Labels must not hide the estates they name from clicks.
    pickable: false,
    parameters: { depthCompare: 'always' },
  });
}

/**
 * Estates are a few hundred metres across: below street zoom their polygons shrink to specks, so a
 * dot in the class colour marks each one until the polygons are big enough to see and click.
 */
export function estateDotsLayer(
  data: Label[],
  colourOf: (estateId: number) => [number, number, number],
  selectedId: number | null,
  trigger: number,
  visible: boolean,
): Layer {
  return new ScatterplotLayer<Label>({
    id: 'estate-dots',
    data,
    visible,
    pickable: true,
    radiusUnits: 'pixels',
    getRadius: (d) => (d.id === selectedId ? 8 : 6),
    getPosition: (d) => d.position,
    getFillColor: (d) => [...colourOf(d.id ?? -1), 235],
    stroked: true,
    lineWidthUnits: 'pixels',
    getLineWidth: (d) => (d.id === selectedId ? 3 : 1.5),
    getLineColor: (d) => (d.id === selectedId ? [16, 42, 67, 255] : [198, 40, 40, 255]),
    updateTriggers: { getFillColor: trigger, getRadius: selectedId, getLineWidth: selectedId, getLineColor: selectedId },
  });
}

export interface ProgrammeMarker {
  key: string;
  position: [number, number];
  text: string;
}

/** Overview dots, one per programme, shown until a programme is chosen. */
export function programmeLayers(data: ProgrammeMarker[]): Layer[] {
  return [
    new ScatterplotLayer<ProgrammeMarker>({
      id: 'programme-dots',
      data,
      pickable: true,
      radiusUnits: 'pixels',
      getRadius: 8,
      getPosition: (d) => d.position,
      getFillColor: [198, 40, 40, 230],
      stroked: true,
      getLineColor: [255, 255, 255, 255],
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
    }),
    new TextLayer<ProgrammeMarker>({
      id: 'programme-labels',
      data,
      getPosition: (d) => d.position,
      getText: (d) => d.text,
      getSize: 14,
      getColor: [40, 40, 40, 255],
      getPixelOffset: [0, -20],
      fontFamily: FONT_FAMILY,
      characterSet: 'auto',
      fontSettings: { sdf: true, fontSize: 48, buffer: 6 },
      outlineWidth: 4,
      outlineColor: [255, 255, 255, 235],
      parameters: { depthCompare: 'always' },
    }),
  ];
}
