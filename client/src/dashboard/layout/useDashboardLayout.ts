import { useEffect } from 'react';
import { useHashParam } from '../../places/useHashParam.ts';
import type { MapController } from '../../map/controller.ts';
import type { Programme } from '../../places/api.ts';
import { programmeExtent } from '../../places/extent.ts';

/** panel: the side panel; wide: the panel over ~60% of the screen; big: the full-screen 大屏. */
export type DashboardLayout = 'panel' | 'wide' | 'big';

const HASH: Record<DashboardLayout, string | null> = { panel: null, wide: '1', big: 'big' };

/**
 * The dashboard's layout, in the URL to be shared (#w=1 wide, #w=big 大屏; absent: the panel).
 * While the dashboard is shown the root element carries data-dashboard-layout, which the shell's
 * width follows (layout.css); leaving the dashboard puts the panel back. After a change of layout
 * the map frames the programme again, clear of what now lies over it.
 */
export function useDashboardLayout(controller: MapController | null, programme: Programme | null): [DashboardLayout, (l: DashboardLayout) => void] {
  const [w, setW] = useHashParam('w');
  const layout: DashboardLayout = w === '1' ? 'wide' : w === 'big' ? 'big' : 'panel';
  useEffect(() => {
    const root = document.documentElement;
    root.dataset.dashboardLayout = layout;
    return () => {
      delete root.dataset.dashboardLayout;
    };
  }, [layout]);
  useEffect(() => {
    if (!controller || !programme || layout === 'panel') return;
    const extent = programmeExtent(programme, null);
    if (!extent) return;
    // Two frames: the new layout is laid out and the map has taken its new size.
    let id = requestAnimationFrame(() => {
      id = requestAnimationFrame(() => controller.fitBounds(extent.bbox, { maxZoom: 14, animate: false }));
    });
    return () => cancelAnimationFrame(id);
    // Only a change of layout reframes: the programme's own framing is the app's.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [controller, layout]);
  return [layout, (l) => setW(HASH[l])];
}
