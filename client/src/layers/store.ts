import { useEffect, useSyncExternalStore } from 'react';
import type { LayerEntry } from './types.ts';

/**
 * The entries of the layers on the map, per owner (the shell's estates, the open mode's panel). An
 * owner replaces its own list and removes it when it unmounts, as it does with its map layers
 * (MapController.setOverlayLayers), so the panel lists exactly what the current mode draws.
 */
const owners = new Map<string, LayerEntry[]>();
const listeners = new Set<() => void>();
let snapshot: LayerEntry[] = [];

export function publishLayerEntries(owner: string, entries: LayerEntry[]): void {
  if (entries.length === 0) owners.delete(owner);
  else owners.set(owner, entries);
  snapshot = [...owners.values()].flat().sort((a, b) => a.order - b.order);
  listeners.forEach((fn) => fn());
}

export function useLayerEntries(): LayerEntry[] {
  return useSyncExternalStore(
    (fn) => {
      listeners.add(fn);
      return () => {
        listeners.delete(fn);
      };
    },
    () => snapshot,
  );
}

/** Publishes an owner's entries while the component lives. */
export function usePublishLayerEntries(owner: string, entries: LayerEntry[]): void {
  useEffect(() => publishLayerEntries(owner, entries), [owner, entries]);
  useEffect(() => () => publishLayerEntries(owner, []), [owner]);
}
