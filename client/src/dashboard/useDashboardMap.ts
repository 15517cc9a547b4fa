import { useEffect, useMemo } from 'react';
import { useQueries } from '@tanstack/react-query';
import { placesQueries, type Programme, type RegionCollection } from '../places/api.ts';
import type { MapController } from '../map/controller.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { usePublishLayerEntries } from '../layers/store.ts';
import { choroplethLayer, heatmapLayers, type ChoroplethMetric } from './layers.ts';
import { dashboardLayerEntries } from './layerEntries.ts';
import type { HeatmapResponse, RankingRow } from './types.ts';

const OWNER = 'dashboard';

/** Outlines of the ranked regions: districts under their city, or streets under each district. */
export function useRankedRegions(programme: Programme | null, level: 'district' | 'street'): RegionCollection | null {
  const requests = !programme
    ? []
    : level === 'district'
      ? [...new Set(programme.districtCodes.map((d) => d.slice(0, 4)))].map((city) => placesQueries.regions('district', city))
      : programme.districtCodes.map((d) => placesQueries.regions('street', d));
  return useQueries({
    queries: requests,
    combine: (results) =>
      results.length > 0 && results.every((r) => r.data)
        ? ({ type: 'FeatureCollection', features: results.flatMap((r) => r.data!.features) } as RegionCollection)
        : null,
  });
}

/**
 * Feeds the dashboard's deck.gl layers to the map and their entries to the layer panel (which
 * shows and hides them, #y=), and clears both when the mode closes.
 */
export function useDashboardMap(
  controller: MapController | null,
  input: { regions: RegionCollection | null; rows: RankingRow[]; metric: ChoroplethMetric; level: 'district' | 'street'; selected: string | null; heat: HeatmapResponse | undefined },
) {
  const { t } = useI18n();
  const { regions, rows, metric, level, selected, heat } = input;
  const layers = useMemo(() => {
    const out = [];
    if (regions) out.push(choroplethLayer(regions, rows, metric, selected));
    if (heat) out.push(...heatmapLayers(heat.points, heat.outside as never));
    return out;
  }, [regions, rows, metric, selected, heat]);
  useEffect(() => {
    controller?.setOverlayLayers(OWNER, layers);
  }, [controller, layers]);
  useEffect(() => () => controller?.setOverlayLayers(OWNER, []), [controller]);
  const entries = useMemo(() => dashboardLayerEntries(rows, metric, level, t), [rows, metric, level, t]);
  usePublishLayerEntries(OWNER, entries);
}
