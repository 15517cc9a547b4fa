/**
 * A layer entry: one line of the layer panel (kepler.gl's layer list) and one section of the printed
 * legend. Each capability declares the entries of the layers it draws (estates/layerEntries.ts,
 * dashboard/layerEntries.ts, pipelines/layerEntries.ts, zones/layerEntries.ts) with strings already
 * in the UI's language; the panel and the 专题图 both read them, so the two never disagree.
 */

/** The ids kept in the URL (#y=) when an entry is hidden. */
export const LAYER_ENTRY_IDS = ['estates', 'buildings', 'choropleth', 'heatmap', 'pipelines', 'conflicts', 'corridors', 'moratorium', 'zones'] as const;
export type LayerEntryId = (typeof LAYER_ENTRY_IDS)[number];

/** How a legend item's sample is drawn (panel and print alike). */
export type SampleKind = 'fill' | 'hatched' | 'line' | 'thick-line' | 'ring' | 'dot' | 'gradient' | 'note';

export interface LegendItem {
  key: string;
  kind: SampleKind;
  /** CSS colour of the sample; for 'gradient' the first stop. */
  colour: string;
  /** 'gradient' only: the colour stops, low to high. */
  stops?: string[];
  label: string;
  /** How many features fall in the item, where that is a figure users read (absent: no count shown). */
  count?: number;
}

export interface LayerEntry {
  id: LayerEntryId;
  title: string;
  /** A line under the title (what the colour measures). */
  subtitle?: string;
  legend: LegendItem[];
  /** Sentences shown under the legend (why everything is hatched, what is synthetic). */
  notes?: string[];
  /** MapLibre layer ids the toggle hides (setLayoutProperty visibility). */
  mapLayers?: string[];
  /** deck.gl layer ids the toggle hides (`visible: false`). */
  deckLayers?: string[];
  /** Place in the panel, top first: what is drawn on top comes first, as in kepler.gl. */
  order: number;
}
