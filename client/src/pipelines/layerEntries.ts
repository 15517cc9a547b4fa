import type { DictKey } from '../i18n/dict.ts';
import type { LayerEntry } from '../layers/types.ts';
import { UTILITIES, type Conflict, type Corridor, type MoratoriumHit, type WorkFeature } from '../../../shared/pipelines/contract.ts';
import { UTILITY_COLOURS } from './layers.ts';

type T = (key: DictKey) => string;
const rgb = (c: readonly number[]) => `rgb(${c.join(',')})`;

/**
 * The dig-once entries, counted as drawn (the works of the month chosen and what they touch): works
 * per utility, the crossings, the corridors and the closed roads (distinct roads under moratorium).
 * The colours are those of pipelineLayers (layers.ts).
 */
export function pipelineLayerEntries(p: { works: WorkFeature[]; conflicts: Conflict[]; corridors: Corridor[]; moratorium: MoratoriumHit[] }, t: T): LayerEntry[] {
  const perUtility = new Map<string, number>();
  for (const w of p.works) perUtility.set(w.properties.utility, (perUtility.get(w.properties.utility) ?? 0) + 1);
  const roads = new Set(p.moratorium.map((m) => m.roadId));
  const crossings = p.conflicts.filter((c) => c.point).length;
  return [
    {
      id: 'conflicts',
      title: t('pipeConflicts'),
      legend: [{ key: 'crossing', kind: 'dot', colour: '#ffffff', label: t('lyCrossings'), count: crossings }],
      // Conflicts in time have no point of their own to draw: the panel's table lists them.
      notes: p.conflicts.length > crossings ? [t('lyConflictsListed').replace('{n}', String(p.conflicts.length - crossings))] : [],
      deckLayers: ['pipelines-crossings'],
      order: 10,
    },
    {
      id: 'pipelines',
      title: t('lyPipelines'),
      legend: UTILITIES.filter((u) => perUtility.has(u)).map((u) => ({
        key: u,
        kind: 'line' as const,
        colour: rgb(UTILITY_COLOURS[u]),
        label: t(`util_${u}` as DictKey),
        count: perUtility.get(u) ?? 0,
      })),
      notes: [t('pipeSynthetic')],
      deckLayers: ['pipelines-works'],
      order: 11,
    },
    {
      id: 'corridors',
      title: t('pipeCorridors'),
      legend: [{ key: 'corridor', kind: 'fill', colour: 'rgba(255,215,0,0.6)', label: t('lyCorridorItem'), count: p.corridors.length }],
      deckLayers: ['pipelines-corridors'],
      order: 12,
    },
    {
      id: 'moratorium',
      title: t('pipeMoratorium'),
      legend: [{ key: 'road', kind: 'thick-line', colour: 'rgba(230,30,30,0.6)', label: t('lyMoratoriumItem'), count: roads.size }],
      deckLayers: ['pipelines-moratorium-roads'],
      order: 13,
    },
  ];
}
