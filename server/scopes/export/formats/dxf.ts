import { DxfWriter, LWPolylineFlags, MTextAttachmentPoint, Units, point3d } from '@tarikjabiri/dxf';
import type { Position } from 'geojson';
import type { Utility } from '../../../../shared/pipelines/contract.ts';
import { envelopeOf, type Written } from '../geometry.ts';
import type { ScopeFeature, ScopeFile } from './types.ts';

/**
 * Layers of the drawing. ASCII names, because a reader that takes the file's code page at its word
 * (GDAL 3.6 reads an R2007 file as Latin-1 unless told otherwise) would garble Chinese ones. Colours
 * are AutoCAD's index: red lines in red; pipelines in the colours of CJJ 61 (给水 blue, 排水 brown,
 * 电力 red, 通信 green, 燃气 magenta, 热力 orange).
 */
export const DXF_LAYERS = {
  estate: { name: 'ESTATE', color: 1 },
  building: { name: 'BUILDING', color: 7 },
  label: { name: 'LABEL', color: 7 },
  note: { name: 'SCOPE-NOTE', color: 8 },
} as const;
export const PIPELINE_LAYERS: Record<Utility, { name: string; color: number }> = {
  water: { name: 'PIPELINE-WATER', color: 5 },
  drainage: { name: 'PIPELINE-DRAINAGE', color: 34 },
  power: { name: 'PIPELINE-POWER', color: 1 },
  telecom: { name: 'PIPELINE-TELECOM', color: 3 },
  cable_tv: { name: 'PIPELINE-CABLE-TV', color: 3 },
  gas: { name: 'PIPELINE-GAS', color: 6 },
  heating: { name: 'PIPELINE-HEATING', color: 30 },
};

/** Label heights in drawing units (metres): legible at 1:500, the scale of estate design drawings. */
const ESTATE_LABEL_M = 3;
const BUILDING_LABEL_M = 1.5;
const NOTE_M = 2;

/**
 * A DXF drawing (AutoCAD R2007, metres) for CAD: red lines and building footprints as closed
 * polylines, one per ring; pipeline works as polylines on a layer per utility; estate names and
 * building numbers as labels; the scope's name, CRS, time and source as a note below the drawing.
 * Only for projected coordinates: the route refuses degrees. Text is written with \U+ escapes,
 * which AutoCAD and GDAL read whatever code page they assume.
 */
export async function writeDxf(file: ScopeFile): Promise<string> {
  // Turf is some hundred modules: loaded on the first DXF export, not with every server start.
  const { pointOnFeature } = await import('@turf/turf');
  const label = (dxf: DxfWriter, f: ScopeFeature, text: string, height: number) => {
    const at = pointOnFeature({ type: 'Feature', properties: {}, geometry: f.geometry! }).geometry.coordinates;
    dxf.addMText(point3d(round3(at[0]!), round3(at[1]!), 0), height, escape(text), { layerName: DXF_LAYERS.label.name, attachmentPoint: MTextAttachmentPoint.MiddleCenter });
  };
  const dxf = new DxfWriter();
  dxf.setUnits(Units.Meters);
  for (const l of [...Object.values(DXF_LAYERS), ...Object.values(PIPELINE_LAYERS)]) dxf.addLayer(l.name, l.color, 'CONTINUOUS');

  for (const { layer, features } of file.layers) {
    for (const f of features) {
      if (!f.geometry) continue;
      if (layer === 'pipeline') {
        const on = PIPELINE_LAYERS[f.props.utility as Utility] ?? PIPELINE_LAYERS.water;
        for (const line of paths(f.geometry)) polyline(dxf, line, false, on.name);
        continue;
      }
      for (const ring of paths(f.geometry)) polyline(dxf, ring, true, DXF_LAYERS[layer].name);
      const text = layer === 'estate' ? String(f.props.name ?? '') : buildingLabel(f);
      if (text) label(dxf, f, text, layer === 'estate' ? ESTATE_LABEL_M : BUILDING_LABEL_M);
    }
  }

  const box = envelopeOf(file.layers.flatMap((l) => l.features.map((f) => f.geometry)));
  if (box) {
    dxf.setVariable('$EXTMIN', { 10: box[0], 20: box[1], 30: 0 });
    dxf.setVariable('$EXTMAX', { 10: box[2], 20: box[3], 30: 0 });
    const m = file.metadata;
    const note = [m.scope.name, file.crs.label, `${m.generatedAt}${m.synthetic ? ' · synthetic geometry, not surveyed / 示意几何，非实测' : ''}`, m.source].join('\\P');
    dxf.addMText(point3d(box[0], box[1] - 4 * NOTE_M, 0), NOTE_M, escape(note), {
      layerName: DXF_LAYERS.note.name,
      attachmentPoint: MTextAttachmentPoint.TopLeft,
      width: Math.max(box[2] - box[0], 100),
    });
  }
  return dxf.stringify();
}

function polyline(dxf: DxfWriter, ps: Position[], closed: boolean, layerName: string): void {
  // A closed polyline does not repeat its first vertex.
  const vertices = closed ? ps.slice(0, -1) : ps;
  dxf.addLWPolyline(
    vertices.map((p) => ({ point: { x: p[0]!, y: p[1]! } })),
    { flags: closed ? LWPolylineFlags.Closed : LWPolylineFlags.None, layerName },
  );
}

function buildingLabel(f: ScopeFeature): string {
  const { number, floors } = f.props as { number?: number | null; floors?: number | null };
  return [number != null ? `${number}号楼` : '', floors != null ? `${floors}层` : ''].filter(Boolean).join(' ');
}

/** Every ring of a polygon, or every line, as a list of positions. */
function paths(g: Written): Position[][] {
  switch (g.type) {
    case 'Point':
      return [];
    case 'LineString':
      return [g.coordinates];
    case 'MultiLineString':
    case 'Polygon':
      return g.coordinates;
    case 'MultiPolygon':
      return g.coordinates.flat();
  }
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

/**
 * DXF text in plain ASCII: every other character as \U+XXXX (characters beyond the BMP as their
 * UTF-16 pair, since \U+ takes four hex digits); backslashes and braces escaped as MTEXT wants.
 */
export function escape(s: string): string {
  let out = '';
  for (const part of s.split('\\P')) {
    if (out) out += '\\P';
    for (const ch of part.replace(/\r?\n/g, ' ')) {
      const c = ch.codePointAt(0)!;
      if (ch === '\\' || ch === '{' || ch === '}') out += `\\${ch}`;
      else if (c >= 0x20 && c < 0x7f) out += ch;
      else for (const unit of ch.length === 2 ? [ch.charCodeAt(0), ch.charCodeAt(1)] : [c]) out += `\\U+${unit.toString(16).toUpperCase().padStart(4, '0')}`;
    }
  }
  return out;
}
