import { useCallback, useEffect, useMemo } from 'react';
import { setHashParams, useHashParam } from '../places/useHashParam.ts';
import { LAYER_ENTRY_IDS, type LayerEntry, type LayerEntryId } from './types.ts';

/**
 * The hidden entries are in the URL hash (`#y=heatmap,buildings`), so a shared link opens with the
 * same layers off. Unknown ids are dropped; the order is the canonical one of LAYER_ENTRY_IDS so
 * that the same set always gives the same URL.
 */
export function parseHidden(value: string | null): Set<LayerEntryId> {
  const ids = new Set((value ?? '').split(',').map((s) => s.trim()));
  return new Set(LAYER_ENTRY_IDS.filter((id) => ids.has(id)));
}

export function formatHidden(hidden: ReadonlySet<LayerEntryId>): string | null {
  const ids = LAYER_ENTRY_IDS.filter((id) => hidden.has(id));
  return ids.length > 0 ? ids.join(',') : null;
}

export function toggled(hidden: ReadonlySet<LayerEntryId>, id: LayerEntryId): Set<LayerEntryId> {
  const next = new Set(hidden);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}

/** The map and deck.gl layer ids that the hidden entries control. */
export function hiddenLayerIds(entries: readonly LayerEntry[], hidden: ReadonlySet<LayerEntryId>): { map: string[]; deck: string[] } {
  const off = entries.filter((e) => hidden.has(e.id));
  return { map: off.flatMap((e) => e.mapLayers ?? []), deck: off.flatMap((e) => e.deckLayers ?? []) };
}

/**
 * Links shared before the layer panel switched the heatmap off with `#h=0`; they still open
 * without it, the key rewritten as `#y=` (null when there is nothing to rewrite).
 */
export function legacyHeatmapOff(y: string | null, h: string | null): { y: string | null; h: null } | null {
  if (h === null) return null;
  const hidden = parseHidden(y);
  if (h === '0') hidden.add('heatmap');
  return { y: formatHidden(hidden), h: null };
}

export function useHiddenLayers(): [Set<LayerEntryId>, (id: LayerEntryId) => void] {
  const [param, setParam] = useHashParam('y');
  const [legacy] = useHashParam('h');
  useEffect(() => {
    const rewritten = legacyHeatmapOff(param, legacy);
    if (rewritten) setHashParams(rewritten);
  }, [param, legacy]);
  const hidden = useMemo(() => parseHidden(param), [param]);
  const toggle = useCallback((id: LayerEntryId) => setParam(formatHidden(toggled(parseHidden(param), id))), [param, setParam]);
  return [hidden, toggle];
}
