import type { DictKey } from '../i18n/dict.ts';
import type { EstateCollection } from './api.ts';
import { CLASSES, classify, NO_DATA, PROVISIONAL_RING, RED_LINE, SELECTED_LINE, tint, type ColourMode } from '../map/classes.ts';
import { LYR } from '../map/style.ts';
import { placementCounts, placementOf } from '../placement/counts.ts';
import type { LayerEntry, LegendItem } from '../layers/types.ts';
import { GROUP_LAYERS } from './groupLayers.ts';

type T = (key: DictKey) => string;

/**
 * The estates and buildings entries of the layer panel and the printed legend: the colour mode's
 * fixed classes (highest first, then no data) with how many placed estates fall in each (red line or
 * provisional point; estates not placed are not on the map and are said so), how estates are drawn,
 * and why everything is hatched when a plan has no money. `tileCap`: the server's estate cap per
 * tile (GET /api/config), which the note on count circles states.
 */
export function estateLayerEntries(mode: ColourMode, estates: EstateCollection, t: T, lang: 'zh' | 'en', tileCap: number): LayerEntry[] {
  const counts = new Map<string, number>();
  for (const f of estates.features) {
    if (placementOf(f) === 'unplaced') continue;
    const key = classify(mode, f.properties).key;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const hasEstates = estates.features.length > 0;
  const count = (key: string) => (hasEstates ? (counts.get(key) ?? 0) : undefined);
  const placement = placementCounts(estates);
  const anySynthetic = estates.features.some((f) => placementOf(f) === 'red_line' && f.properties.synthetic);
  const modeLabel = t(mode === 'progress' ? 'modeProgress' : 'modeInvestment');

  const legend: LegendItem[] = [...CLASSES[mode]].reverse().map((c) => ({ key: c.key, kind: 'fill', colour: c.colour, label: c.label[lang], count: count(c.key) }));
  legend.push({ key: NO_DATA.key, kind: 'hatched', colour: NO_DATA.colour, label: lang === 'zh' ? '无数据 / No data' : 'No data / 无数据', count: count(NO_DATA.key) });
  if (placement.red_line > 0 || !hasEstates) {
    const synthetic = anySynthetic || !hasEstates;
    legend.push({
      key: 'red-line',
      kind: 'line',
      colour: RED_LINE,
      label: synthetic ? (lang === 'zh' ? '红线为示意（合成）/ red lines synthetic' : 'Red lines synthetic / 红线为示意（合成）') : t('placement_red_line'),
    });
  }
  if (placement.provisional_point > 0) legend.push({ key: 'provisional', kind: 'ring', colour: PROVISIONAL_RING, label: t('legendProvisional'), count: placement.provisional_point });
  // What an aggregate circle stands for (server/tiles/estates-layer.ts): drawn where a tile holds too many estates.
  legend.push({
    key: 'groups',
    kind: 'dot',
    colour: CLASSES[mode][2]!.colour,
    label: t('legendGroups').replace('{mode}', lang === 'zh' ? modeLabel : modeLabel.toLowerCase()),
  });
  legend.push({ key: 'selected', kind: 'thick-line', colour: SELECTED_LINE, label: t('selectedOutline') });
  if (placement.unplaced > 0) legend.push({ key: 'unplaced', kind: 'note', colour: '', label: t('legendUnplaced').replace('{n}', String(placement.unplaced)) });

  // A plan without money (Nankang's table lists none) hatches every estate: say why.
  const noMoney = mode === 'investment' && hasEstates && estates.features.every((f) => f.properties.investmentRate === null);
  const top = CLASSES[mode][CLASSES[mode].length - 1]!;
  return [
    {
      id: 'estates',
      title: t('lyEstates'),
      subtitle: modeLabel,
      legend,
      notes: [t('legendGroupsNote').replace('{cap}', tileCap.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en')), ...(noMoney ? [t('legendNoMoney')] : [])],
      mapLayers: [LYR.estatesFill, LYR.estatesNoData, LYR.estatesLine, LYR.estatesSelected, LYR.estatesDots, LYR.estatesProvisional, GROUP_LAYERS.circles, GROUP_LAYERS.counts],
      deckLayers: ['estate-labels'],
      order: 50,
    },
    {
      id: 'buildings',
      title: t('lyBuildings'),
      subtitle: modeLabel,
      legend: [{ key: 'building', kind: 'fill', colour: tint(top.colour, 0.45), label: t('lyBuildingsItem') }],
      notes: [t('buildingsNote')],
      mapLayers: [LYR.buildings],
      order: 60,
    },
  ];
}
