import { useCallback, useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { estateQueries, type EstateFeature } from '../estates/api.ts';
import { placesQueries } from '../places/api.ts';
import type { MapController } from '../map/controller.ts';
import { placementApi } from './api.ts';

export interface Placing {
  /** The estate waiting for a click on the map, if any. */
  estate: EstateFeature | null;
  busy: boolean;
  error: string | null;
  /** Waits for the next map click and puts the estate's provisional point there. */
  start: (estate: EstateFeature) => void;
  cancel: () => void;
  /** Takes the provisional point away again (the estate is 待落图 once more). */
  clear: (estate: EstateFeature) => void;
}

/**
 * Placing estates by clicking the map (one at a time): the next click after `start` is sent as
 * the estate's provisional point. Afterwards the estates, the estate and the programmes (their
 * extent) are fetched again; the map's tiles follow the estates (useMapFeeds).
 */
export function usePlacing(controller: MapController | null): Placing {
  const queryClient = useQueryClient();
  const [estate, setEstate] = useState<EstateFeature | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(
    () => Promise.all([...estateQueries.stale(), placesQueries.programmesStale()].map((queryKey) => queryClient.invalidateQueries({ queryKey }))),
    [queryClient],
  );
  const run = useCallback(
    (write: () => Promise<unknown>) => {
      setBusy(true);
      setError(null);
      write()
        .then(refresh)
        .catch((e: Error) => setError(e.message))
        .finally(() => {
          setBusy(false);
          setEstate(null);
        });
    },
    [refresh],
  );

  useEffect(() => {
    if (!estate || !controller) return;
    return controller.pickLocation((lngLat) => run(() => placementApi.place(estate, lngLat)));
  }, [estate, controller, run]);

  return {
    estate,
    busy,
    error,
    start: useCallback((e: EstateFeature) => {
      setError(null);
      setEstate(e);
    }, []),
    cancel: useCallback(() => setEstate(null), []),
    clear: useCallback((e: EstateFeature) => run(() => placementApi.clear(e)), [run]),
  };
}
