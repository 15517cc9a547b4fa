import type { Map as MlMap, MapMouseEvent } from 'maplibre-gl';

/**
 * Freehand lasso on the map: press, drag around estates, release. While it is on, the map does not
 * pan, so the drag draws instead. Calls onChange with the ring as it grows and onDone when released.
 */
export function startLasso(map: MlMap, onChange: (ring: [number, number][]) => void, onDone: (ring: [number, number][]) => void): () => void {
  let ring: [number, number][] | null = null;
  map.dragPan.disable();
  map.getCanvas().style.cursor = 'crosshair';
  const down = (e: MapMouseEvent) => {
    ring = [[e.lngLat.lng, e.lngLat.lat]];
  };
  const move = (e: MapMouseEvent) => {
    if (!ring) return;
    ring.push([e.lngLat.lng, e.lngLat.lat]);
    onChange(ring);
  };
  const up = () => {
    if (ring && ring.length >= 3) onDone([...ring, ring[0]!]);
    ring = null;
  };
  map.on('mousedown', down);
  map.on('mousemove', move);
  map.on('mouseup', up);
  return () => {
    map.off('mousedown', down);
    map.off('mousemove', move);
    map.off('mouseup', up);
    map.dragPan.enable();
    map.getCanvas().style.cursor = '';
  };
}
