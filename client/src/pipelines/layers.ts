import { GeoJsonLayer, PathLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';
import type { Corridor, MoratoriumHit, Conflict, Utility, WorkFeature } from '../../../shared/pipelines/contract.ts';

type Rgb = [number, number, number];

/** One colour per utility, after the usual Chinese utility-map conventions (water blue, gas yellow, power red …). */
export const UTILITY_COLOURS: Record<Utility, Rgb> = {
  water: [30, 110, 220],
  drainage: [120, 80, 40],
  power: [220, 40, 40],
  telecom: [40, 170, 80],
  cable_tv: [150, 70, 200],
  gas: [230, 180, 0],
  heating: [240, 110, 20],
};

export function pipelineLayers(opts: {
  works: WorkFeature[];
  corridors: Corridor[];
  moratorium: MoratoriumHit[];
  conflicts: Conflict[];
  selected: Set<number>;
}): Layer[] {
  const roads = new Map(opts.moratorium.map((m) => [m.roadId, m]));
  return [
    new PathLayer<MoratoriumHit>({
      id: 'pipelines-moratorium-roads',
      data: [...roads.values()],
      getPath: (m) => m.roadGeometry.coordinates as [number, number][],
      getColor: [230, 30, 30, 110],
      getWidth: 14,
      widthUnits: 'meters',
      widthMinPixels: 6,
      pickable: true,
    }),
    new GeoJsonLayer({
      id: 'pipelines-corridors',
      data: { type: 'FeatureCollection', features: opts.corridors.map((c, i) => ({ type: 'Feature', id: i, geometry: c.geometry, properties: c })) },
      stroked: true,
      filled: true,
      getFillColor: [255, 215, 0, 120],
      getLineColor: [200, 120, 0, 255],
      lineWidthMinPixels: 3,
      pickable: true,
    }),
    new PathLayer<WorkFeature>({
      id: 'pipelines-works',
      data: opts.works,
      getPath: (f) => f.geometry.coordinates as [number, number][],
      getColor: (f) => [...UTILITY_COLOURS[f.properties.utility], 255] as [number, number, number, number],
      getWidth: (f) => (opts.selected.has(f.properties.id) ? 6 : 2),
      widthUnits: 'pixels',
      pickable: true,
      updateTriggers: { getWidth: [...opts.selected].join(',') },
    }),
    new ScatterplotLayer<Conflict>({
      id: 'pipelines-crossings',
      data: opts.conflicts.filter((c) => c.point),
      getPosition: (c) => c.point!.coordinates as [number, number],
      getRadius: 5,
      radiusUnits: 'pixels',
      getFillColor: [255, 255, 255, 255],
      getLineColor: [0, 0, 0, 255],
      stroked: true,
      lineWidthMinPixels: 1.5,
      pickable: true,
    }),
  ];
}
