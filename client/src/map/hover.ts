import maplibregl, { type Map as MlMap, type MapMouseEvent } from 'maplibre-gl';
import type { EstateFeature } from '../api/types.ts';
import { valueFor, type ColourMode } from './classes.ts';
import { ESTATE_HIT_LAYERS } from './style.ts';

/**
 * A tooltip naming the estate under the pointer, with the figure of the current colour mode, so a
 * planner can scan names without clicking. Numbers only: the controller does not know the language.
 */
export function installEstateHover(
  map: MlMap,
  lookup: (id: number) => EstateFeature | undefined,
  mode: () => ColourMode,
): () => void {
  const popup = new maplibregl.Popup({ closeButton: false, closeOnClick: false, offset: 12, className: 'estate-hover' });
  const onMove = (e: MapMouseEvent & { features?: maplibregl.MapGeoJSONFeature[] }) => {
    const id = e.features?.[0]?.id;
    const estate = id === undefined ? undefined : lookup(Number(id));
    if (!estate) return;
    map.getCanvas().style.cursor = 'pointer';
    const value = valueFor(mode(), estate.properties);
    const pct = value === null ? null : mode() === 'progress' ? value : value * 100;
    const el = document.createElement('div');
    el.appendChild(document.createElement('strong')).textContent = estate.properties.name;
    el.append(` ${pct === null ? '—' : `${Math.round(pct * 10) / 10} %`}`);
    popup.setLngLat(e.lngLat).setDOMContent(el).addTo(map);
  };
  const onLeave = () => {
    map.getCanvas().style.cursor = '';
    popup.remove();
  };
  for (const layer of ESTATE_HIT_LAYERS) {
    map.on('mousemove', layer, onMove);
    map.on('mouseleave', layer, onLeave);
  }
  return () => popup.remove();
}
