import { useEffect, useRef } from 'react';
import { MapController } from './controller.ts';
import { OutlineNotice } from './OutlineNotice.tsx';

interface Props {
  basemapStyleUrl: string | null;
  onController: (controller: MapController | null) => void;
}

/**
 * Mounts the map controller once per basemap choice. It renders one empty div and never re-renders
 * the map: all data goes through the controller (see useMapFeeds).
 */
export function MapView({ basemapStyleUrl, onController }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const container = ref.current;
    if (!container) return;
    const controller = new MapController({ container, basemapStyleUrl });
    onController(controller);
    return () => {
      onController(null);
      controller.destroy();
    };
  }, [basemapStyleUrl, onController]);
  return (
    <>
      <div ref={ref} className="map" data-testid="map" role="region" aria-label="地图 Map" />
      {basemapStyleUrl === null && <OutlineNotice />}
    </>
  );
}
