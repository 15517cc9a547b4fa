import maplibregl, { type Map as MlMap, type MapMouseEvent } from 'maplibre-gl';
import { valueFor, type ColourMode } from './classes.ts';
import { ESTATE_HIT_LAYERS } from './style.ts';
import { GROUP_LAYERS } from '../estates/groupLayers.ts';
import './map.css';

/**
 * A tooltip naming the estate under the pointer, with the figure of the current colour mode, so a
 * planner can scan names without clicking. The estate tiles carry name and figures, so this works
 * for any estate on the map, not only the chosen programme's. Numbers only: the controller does
 * not know the language.
 */
export function installEstateHover(map: MlMap, mode: () => ColourMode): () => void {
  const popup = new maplibregl.Popup({ closeButton: false, closeOnClick: false, offset: 12, className: 'estate-hover' });
  const onMove = (e: MapMouseEvent & { features?: maplibregl.MapGeoJSONFeature[] }) => {
    const p = e.features?.[0]?.properties;
    if (!p || typeof p.name !== 'string') return;
    map.getCanvas().style.cursor = 'pointer';
    const value = valueFor(mode(), { progressPct: p.progressPct ?? null, investmentRate: p.investmentRate ?? null });
    const pct = value === null ? null : mode() === 'progress' ? value : value * 100;
    const el = document.createElement('div');
    el.appendChild(document.createElement('strong')).textContent = p.name;
    // An aggregate circle (the national view): its estate count beside the district's or street's name.
    if (typeof p.count === 'number') el.append(` (${p.count.toLocaleString('en')})`);
    el.append(` ${pct === null ? '—' : `${Math.round(pct * 10) / 10} %`}`);
    popup.setLngLat(e.lngLat).setDOMContent(el).addTo(map);
  };
  const onLeave = () => {
    map.getCanvas().style.cursor = '';
    popup.remove();
  };
  for (const layer of [...ESTATE_HIT_LAYERS, GROUP_LAYERS.circles]) {
    map.on('mousemove', layer, onMove);
    map.on('mouseleave', layer, onLeave);
  }
  return () => popup.remove();
}

/**
 * A light tooltip over a capability's pickable layers (districts, streets, pipeline works): `text`
 * says what to show for the object under the pointer, null for nothing. Returns the unsubscribe.
 */
export function installOverlayHover(
  controller: { map: MlMap; onOverlayHover: (fn: (over: { layerId: string; object: unknown; lngLat: [number, number] } | null) => void) => () => void },
  text: (layerId: string, object: unknown) => string | null,
): () => void {
  const popup = new maplibregl.Popup({ closeButton: false, closeOnClick: false, offset: 12, className: 'estate-hover' });
  const off = controller.onOverlayHover((over) => {
    const shown = over ? text(over.layerId, over.object) : null;
    controller.map.getCanvas().style.cursor = shown === null ? '' : 'pointer';
    if (shown === null || !over) popup.remove();
    else popup.setLngLat(over.lngLat).setText(shown).addTo(controller.map);
  });
  return () => {
    off();
    popup.remove();
    controller.map.getCanvas().style.cursor = '';
  };
}
