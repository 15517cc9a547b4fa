import maplibregl from 'maplibre-gl';
import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import type { MapController } from './controller.ts';
import './map.css';

interface Props {
  controller: MapController | null;
  /** Where the popup points, [lon, lat]; null closes it. */
  lngLat: [number, number] | null;
  onClose: () => void;
  testId?: string;
  children: ReactNode;
}

/**
 * A MapLibre popup whose content React renders (through a portal, so the capability's words and
 * figures stay React's): a click on a district, a street, a pipeline work or a conflict opens one.
 */
export function MapPopup({ controller, lngLat, onClose, testId, children }: Props) {
  const el = useMemo(() => document.createElement('div'), []);
  const close = useRef(onClose);
  close.current = onClose;
  const popup = useRef<maplibregl.Popup | null>(null);
  const open = lngLat !== null;
  useEffect(() => {
    if (!controller || !open) return;
    const p = new maplibregl.Popup({ closeOnClick: false, maxWidth: '320px', offset: 8, className: 'map-popup' }).setDOMContent(el);
    popup.current = p;
    const onPopupClose = () => close.current();
    p.on('close', onPopupClose);
    return () => {
      p.off('close', onPopupClose);
      p.remove();
      popup.current = null;
    };
  }, [controller, open, el]);
  useEffect(() => {
    if (controller && lngLat && popup.current) popup.current.setLngLat(lngLat).addTo(controller.map);
  }, [controller, lngLat]);
  if (testId) el.dataset.testid = testId;
  return open ? createPortal(children, el) : null;
}
