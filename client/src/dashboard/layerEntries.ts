import type { DictKey } from '../i18n/dict.ts';
import type { LayerEntry, LegendItem } from '../layers/types.ts';
import { HEAT_COLOURS, NO_RATE, RATE_CLASSES, rateClass } from './classes.ts';
import type { ChoroplethMetric } from './layers.ts';
import type { RankingRow } from './types.ts';

type T = (key: DictKey) => string;
const rgb = (c: readonly number[]) => `rgb(${c.join(',')})`;

/**
 * The dashboard's layer entries: the regions coloured by the ranked rate in fixed classes, highest
 * first, with how many of the ranked regions fall in each (as the map colours them: a row without a
 * rate is no data), and the money-behind heatmap's fixed scale.
 */
export function dashboardLayerEntries(rows: RankingRow[], metric: ChoroplethMetric, level: 'district' | 'street', t: T): LayerEntry[] {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const key = rateClass(row[metric])?.key ?? 'none';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const legend: LegendItem[] = [...RATE_CLASSES].reverse().map((c) => ({ key: c.key, kind: 'fill', colour: rgb(c.colour), label: c.label, count: counts.get(c.key) ?? 0 }));
  legend.push({ key: 'none', kind: 'fill', colour: rgb(NO_RATE), label: t('dbNoRate'), count: counts.get('none') ?? 0 });
  return [
    {
      id: 'heatmap',
      title: t('dbHeatmap'),
      legend: [
        { key: 'heat', kind: 'gradient', colour: rgb(HEAT_COLOURS[0]!), stops: HEAT_COLOURS.map(rgb), label: `${t('dbHeatLow')} → ${t('dbHeatHigh')}` },
      ],
      notes: [t('dbHeatmapNote')],
      deckLayers: ['dashboard-heatmap', 'dashboard-heatmap-clip'],
      order: 20,
    },
    {
      id: 'choropleth',
      title: t('lyChoropleth'),
      subtitle: `${t(level === 'street' ? 'dbLevelStreet' : 'dbLevelDistrict')} · ${t(metric === 'investmentRate' ? 'dbInvestmentRate' : 'dbCompletionRate')}`,
      legend,
      notes: [t('lyRegionCounts')],
      deckLayers: ['dashboard-choropleth'],
      order: 30,
    },
  ];
}
