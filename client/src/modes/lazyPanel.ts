import { lazy, type ComponentType } from 'react';
import type { LazyPanel, ModePanelProps } from './types.ts';

/**
 * A mode's panel as a chunk of its own, with what only that mode uses (deck.gl layers of zones and
 * pipelines, terra-draw, turf, ECharts behind the dashboard): fetched when the mode first opens, or
 * earlier when its tab is pointed at (preload).
 */
export function lazyPanel(load: () => Promise<ComponentType<ModePanelProps>>): LazyPanel {
  let pending: Promise<{ default: ComponentType<ModePanelProps> }> | null = null;
  const once = () => (pending ??= load().then((Panel) => ({ default: Panel })));
  const Panel = lazy(once) as unknown as LazyPanel;
  Panel.preload = () => {
    // A failed preload is retried by the render, which shows the error if it fails again.
    once().catch(() => {
      pending = null;
    });
  };
  return Panel;
}
