import { HeatmapLayer } from '@deck.gl/aggregation-layers';
import { GeoJsonLayer } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';
import type { Feature, Geometry } from 'geojson';
import type { RegionCollection } from '../places/api.ts';
import { HEAT_COLOURS, HEAT_DOMAIN, NO_RATE, rateClass } from './classes.ts';
import type { HeatPoint, RankingRow } from './types.ts';

export type ChoroplethMetric = 'investmentRate' | 'completionRate';

/** Region outlines coloured by the row's rate in fixed classes; the selected row outlined. */
export function choroplethLayer(regions: RegionCollection, rows: RankingRow[], metric: ChoroplethMetric, selected: string | null): Layer {
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const features = regions.features.filter((f) => f.geometry !== null && byCode.has(f.properties.code)) as Feature<Geometry>[];
  return new GeoJsonLayer({
    id: 'dashboard-choropleth',
    data: features,
    pickable: true,
    stroked: true,
    filled: true,
    getFillColor: (f: Feature) => {
      const cls = rateClass(byCode.get(f.properties!.code)?.[metric] ?? null);
      return [...(cls?.colour ?? NO_RATE), 150];
    },
    getLineColor: (f: Feature) => (f.properties!.code === selected ? [20, 20, 20, 255] : [255, 255, 255, 230]),
    getLineWidth: (f: Feature) => (f.properties!.code === selected ? 3 : 1.5),
    lineWidthUnits: 'pixels',
    updateTriggers: { getFillColor: [rows, metric], getLineColor: selected, getLineWidth: selected },
  });
}

/**
 * Money behind (planned − completed, 万元) as a heatmap with a fixed colour domain, then the
 * region inverted (everything around it) painted in the basemap's colour so that the blur stops
 * at the region's edge. deck.gl's MaskExtension does not work with HeatmapLayer (deck.gl #7184).
 */
export function heatmapLayers(points: HeatPoint[], outside: Geometry | null): Layer[] {
  const layers: Layer[] = [
    new HeatmapLayer<HeatPoint>({
      id: 'dashboard-heatmap',
      data: points,
      getPosition: (p) => [p.lon, p.lat],
      getWeight: (p) => p.weightWan,
      radiusPixels: 70,
      intensity: 1,
      threshold: 0.02,
      colorDomain: HEAT_DOMAIN,
      colorRange: HEAT_COLOURS,
      aggregation: 'SUM',
    }),
  ];
  if (outside) {
    layers.push(
      new GeoJsonLayer({
        id: 'dashboard-heatmap-clip',
        data: { type: 'Feature', geometry: outside, properties: {} } as Feature,
        filled: true,
        stroked: false,
        getFillColor: [233, 238, 242, 235],
        pickable: false,
      }),
    );
  }
  return layers;
}
