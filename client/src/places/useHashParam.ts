import { useCallback, useSyncExternalStore } from 'react';

/** One key of the URL hash (`#p=nankang-2024&e=12`), so a view can be bookmarked and shared. */
export function useHashParam(name: string): [string | null, (value: string | null) => void] {
  const value = useSyncExternalStore(subscribe, () => read(name));
  const set = useCallback(
    (next: string | null) => {
      const params = new URLSearchParams(location.hash.slice(1));
      if (next === null) params.delete(name);
      else params.set(name, next);
      const hash = params.toString();
      history.replaceState(null, '', hash ? `#${hash}` : location.pathname + location.search);
      window.dispatchEvent(new Event('hashchange'));
    },
    [name],
  );
  return [value, set];
}

function read(name: string): string | null {
  return new URLSearchParams(location.hash.slice(1)).get(name);
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}
