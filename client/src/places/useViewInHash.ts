import { useEffect, useState } from 'react';
import type { MapController } from '../map/controller.ts';
import type { SharedView } from '../map/useMapFeeds.ts';
import { readHashParam, setHashParams } from './useHashParam.ts';

/** `#v=lon,lat,zoom[,pitch,bearing]`: the map's camera, 5 decimals of a degree (about 1 m), zoom to 0.01. */
export function parseView(text: string | null, programmeKey: string | null): SharedView | null {
  if (!text) return null;
  const n = text.split(',').map(Number);
  if (n.length < 3 || n.length > 5 || n.some((x) => !Number.isFinite(x))) return null;
  const [lon, lat, zoom, pitch = 0, bearing = 0] = n as [number, number, number, number?, number?];
  if (Math.abs(lon) > 180 || Math.abs(lat) > 85 || zoom < 0 || zoom > 24 || pitch < 0 || pitch > 85) return null;
  return { programmeKey, center: [lon, lat], zoom, pitch, bearing };
}

export function formatView(center: { lng: number; lat: number }, zoom: number, pitch: number, bearing: number): string {
  const parts = [center.lng.toFixed(5), center.lat.toFixed(5), zoom.toFixed(2)];
  if (Math.round(pitch) !== 0 || Math.round(bearing) !== 0) parts.push(pitch.toFixed(0), bearing.toFixed(0));
  return parts.join(',');
}

/**
 * Keeps the map's camera in the URL (#v=) so that a shared URL opens on the same view. Returns the
 * view the page was opened with (read once), for useMapFeeds to show instead of framing.
 */
export function useViewInHash(controller: MapController | null): SharedView | null {
  const [initial] = useState(() => parseView(readHashParam('v'), readHashParam('p')));
  useEffect(() => {
    if (!controller) return;
    return controller.onViewChange(() => {
      const m = controller.map;
      setHashParams({ v: formatView(m.getCenter(), m.getZoom(), m.getPitch(), m.getBearing()) });
    });
  }, [controller]);
  return initial;
}
