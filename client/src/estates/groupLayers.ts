import type { AddLayerObject, Map as MapLibreMap } from 'maplibre-gl';
import { colourExpression, type ColourMode } from '../map/classes.ts';

/**
 * Estate aggregates on the estate tiles (server/tiles/estates-layer.ts, shared/tiles/estate-groups.ts):
 * where a tile holds more estates than the cap, it carries one point per district (z ≤ 8) or street
 * (z ≥ 9) with `count` estates instead of single estates. Drawn as a circle sized by the count,
 * coloured by the mean of the colour mode's figure, with the count on it.
 */
export const GROUP_LAYERS = { circles: 'estates-groups', counts: 'estates-group-counts' } as const;

/** A tile feature that is an aggregate, not an estate. */
export const IS_GROUP = ['has', 'count'];

const COUNT_IMAGE = 'estate-count-';

/** Circle radius in pixels by the number of estates it stands for (area grows with the count). */
const RADIUS = ['interpolate', ['linear'], ['sqrt', ['get', 'count']], 1, 7, 10, 12, 32, 17, 100, 26, 300, 36];

export function estateGroupLayers(source: string, sourceLayer: string): AddLayerObject[] {
  return [
    {
      id: GROUP_LAYERS.circles,
      type: 'circle',
      source,
      'source-layer': sourceLayer,
      filter: IS_GROUP as never,
      paint: {
        'circle-color': colourExpression('progress') as never,
        'circle-radius': RADIUS as never,
        'circle-opacity': 0.82,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1.5,
      },
    },
    {
      // No glyph server offline, so no text-field: the count is an icon drawn on demand (see
      // installCountImages), one image per distinct count.
      id: GROUP_LAYERS.counts,
      type: 'symbol',
      source,
      'source-layer': sourceLayer,
      filter: IS_GROUP as never,
      layout: {
        'icon-image': ['concat', COUNT_IMAGE, ['to-string', ['get', 'count']]] as never,
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
      },
    },
  ];
}

/** The aggregate circles follow the colour mode, as the estate dots do. */
export function estateGroupColour(mode: ColourMode): unknown[] {
  return colourExpression(mode);
}

/** Draws the count images as MapLibre asks for them (styleimagemissing). */
export function installCountImages(map: MapLibreMap): void {
  map.on('styleimagemissing', (e: { id: string }) => {
    if (!e.id.startsWith(COUNT_IMAGE) || map.hasImage(e.id)) return;
    const n = Number(e.id.slice(COUNT_IMAGE.length));
    if (!Number.isFinite(n)) return;
    const image = countImage(n.toLocaleString('en'));
    if (image) map.addImage(e.id, image, { pixelRatio: 2 });
  });
}

function countImage(text: string): { width: number; height: number; data: Uint8Array } | null {
  const ratio = 2;
  const font = `bold ${12 * ratio}px sans-serif`;
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.font = font;
  const width = Math.ceil(ctx.measureText(text).width) + 6 * ratio;
  const height = 16 * ratio;
  canvas.width = width;
  canvas.height = height;
  ctx.font = font;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.lineWidth = 3 * ratio;
  ctx.strokeStyle = 'rgba(16, 42, 67, 0.85)';
  ctx.lineJoin = 'round';
  ctx.strokeText(text, width / 2, height / 2);
  ctx.fillStyle = '#ffffff';
  ctx.fillText(text, width / 2, height / 2);
  return { width, height, data: new Uint8Array(ctx.getImageData(0, 0, width, height).data.buffer) };
}
