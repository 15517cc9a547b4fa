import { useMemo } from 'react';
import { useQueries, type UseQueryResult } from '@tanstack/react-query';
import { queries } from '../api/queries.ts';
import type { BuildingFeature, EstateCollection, EstateDetail } from '../api/types.ts';
import type { ViewChange } from '../map/controller.ts';
import { bboxIntersects, featureBbox } from '../map/geometry.ts';

/** Above this zoom every visible estate's buildings are drawn, not only the selected one's. */
export const ALL_BUILDINGS_MIN_ZOOM = 15;
/** One request per estate: cap how many a single view may trigger. */
const MAX_ESTATES_IN_VIEW = 60;

const EMPTY: BuildingFeature[] = [];

function combine(results: UseQueryResult<EstateDetail>[]): BuildingFeature[] {
  const loaded = results.filter((r) => r.data);
  if (loaded.length === 0) return EMPTY;
  return loaded.flatMap((r) => r.data?.buildings.features ?? []);
}

/**
 * Buildings to extrude: the selected estate's, plus, when zoomed in past ALL_BUILDINGS_MIN_ZOOM, those
 * of every estate in view. Each estate's buildings come from GET /api/estates/:id and stay cached.
 */
export function useBuildings(estates: EstateCollection, selectedId: number | null, view: ViewChange | null): BuildingFeature[] {
  const bboxes = useMemo(() => estates.features.map((f) => ({ id: f.id, bbox: featureBbox(f) })), [estates]);
  const ids = useMemo(() => {
    const set = new Set<number>();
    if (selectedId !== null) set.add(selectedId);
    if (view && view.zoom >= ALL_BUILDINGS_MIN_ZOOM) {
      for (const e of bboxes) {
        if (set.size >= MAX_ESTATES_IN_VIEW) break;
        if (bboxIntersects(e.bbox, view.bounds)) set.add(e.id);
      }
    }
    return [...set].sort((a, b) => a - b);
  }, [bboxes, selectedId, view]);
  return useQueries({ queries: ids.map((id) => queries.estate(id)), combine });
}
