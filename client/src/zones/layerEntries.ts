import type { DictKey } from '../i18n/dict.ts';
import type { LayerEntry } from '../layers/types.ts';

type T = (key: DictKey) => string;

/**
 * The zones entry: the saved zones (with their names) are what the toggle hides; the selection, the
 * suggestion in view and the breaks are the planner's work in progress and stay drawn. Colours are
 * those of zoneLayers (zoneLayers.ts).
 */
export function zoneLayerEntries(p: { zones: number; selected: number; bridges: number }, t: T): LayerEntry[] {
  return [
    {
      id: 'zones',
      title: t('lyZones'),
      legend: [
        { key: 'saved', kind: 'line', colour: 'rgb(123,31,162)', label: t('lyZoneSaved'), count: p.zones },
        { key: 'selection', kind: 'fill', colour: 'rgba(31,111,235,0.45)', label: t('lyZoneSelection'), count: p.selected },
        { key: 'focus', kind: 'fill', colour: 'rgba(255,196,0,0.6)', label: t('lyZoneFocus') },
        { key: 'gap', kind: 'line', colour: 'rgb(220,30,30)', label: t('lyZoneGap'), count: p.bridges },
      ],
      deckLayers: ['zones-saved', 'zones-labels'],
      order: 10,
    },
  ];
}
