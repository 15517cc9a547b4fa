import type { Map as MlMap } from 'maplibre-gl';

declare global {
  interface Window {
    /** The MapLibre map, for end-to-end tests (project, queryRenderedFeatures). */
    __map?: MlMap;
    /** Resolves once the map has drawn everything it was last given (data-map-idle="true"). */
    __mapIdle?: () => Promise<void>;
    /** The deck.gl layers last drawn, with whether each is visible (the layer panel's toggles). */
    __deckLayers?: () => { id: string; visible: boolean }[];
  }
}

/** Test hooks: cheap, read-only, and the only globals the app defines. */
export function exposeForTests(map: MlMap, container: HTMLElement, deckLayers: () => { id: string; visible: boolean }[]): void {
  window.__map = map;
  window.__deckLayers = deckLayers;
  window.__mapIdle = () =>
    new Promise<void>((resolve) => {
      if (container.dataset.mapIdle === 'true') return resolve();
      const obs = new MutationObserver(() => {
        if (container.dataset.mapIdle === 'true') {
          obs.disconnect();
          resolve();
        }
      });
      obs.observe(container, { attributes: true, attributeFilter: ['data-map-idle'] });
    });
}
