import { ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';

/**
 * The deck.gl side of the map: all text and the overview dots. Labels are deck.gl TextLayers because
 * MapLibre symbol layers need a glyph server, which does not exist offline; with characterSet 'auto'
 * deck.gl rasterises exactly the CJK characters in use from a local font.
 */
export const FONT_FAMILY = '"Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif';

export interface Label {
  position: [number, number];
  text: string;
  /** The labelled feature's id, when it has one. */
  id?: number;
  /** Higher wins when labels collide (see declutter.ts). */
  priority?: number;
  /** Screen offset in pixels: a point's label sits above the point instead of on it. */
  offset?: [number, number];
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
    getPixelOffset: (d) => d.offset ?? [0, 0],
    // Labels must not hide the estates they name from clicks.
    pickable: false,
    parameters: { depthCompare: 'always' },
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
