import { useCallback, useSyncExternalStore } from 'react';

/**
 * The keys of the URL hash, so that a view can be bookmarked and shared (README "Sharing a view"):
 * p programme, e estate, m mode, c colour mode, v map view (lon,lat,zoom), t month replayed,
 * l ranking level, o ranking metric, r selected region, y layers switched off (layers/hidden.ts).
 */
export type HashKey = string;

/** One key of the URL hash (`#p=nankang-2024&e=12`), so a view can be bookmarked and shared. */
export function useHashParam(name: HashKey): [string | null, (value: string | null) => void] {
  const value = useSyncExternalStore(subscribe, () => readHashParam(name));
  const set = useCallback((next: string | null) => setHashParams({ [name]: next }), [name]);
  return [value, set];
}

/** Sets several keys at once (null removes one), as one history entry and one hashchange. */
export function setHashParams(values: Partial<Record<HashKey, string | null>>): void {
  const params = new URLSearchParams(location.hash.slice(1));
  for (const [name, next] of Object.entries(values)) {
    if (next === null || next === undefined) params.delete(name);
    else params.set(name, next);
  }
  const hash = params.toString();
  if (hash === location.hash.slice(1)) return;
  history.replaceState(null, '', hash ? `#${hash}` : location.pathname + location.search);
  window.dispatchEvent(new Event('hashchange'));
}

export function readHashParam(name: HashKey): string | null {
  return new URLSearchParams(location.hash.slice(1)).get(name);
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The keys that belong to one programme: cleared when another programme is chosen. */
export const PROGRAMME_CHOICES = { e: null, t: null, l: null, r: null, v: null } as const;
