/**
 * What anyone does with the layer panel over the map (client/src/layers/), in domain words, and
 * what the map then draws: the deck.gl layers' visibility (window.__deckLayers), the MapLibre
 * layers' layout visibility, and the map canvas's own pixels.
 */
import type { Page } from './browser.ts';
import type { PlannerDriver } from './driver.ts';

const PANEL = '[data-testid="legend"]';

export interface EntryShown {
  id: string;
  visible: boolean;
  title: string;
  /** The legend lines: label and, where shown, count. */
  items: { key: string; label: string; count: number | null }[];
}

export class LayersDriver {
  constructor(
    private readonly page: Page,
    private readonly person: PlannerDriver,
  ) {}

  /** Unfolds the panel if it is folded (it starts folded on a phone). */
  async open(): Promise<void> {
    if ((await this.page.locator(`${PANEL}[open]`).count()) === 0) await this.page.click(`${PANEL} > summary`);
  }

  /** The entries as the panel lists them, top first. */
  async entries(): Promise<EntryShown[]> {
    return this.page.$$eval(`${PANEL} [data-layer]`, (sections) =>
      sections.map((s) => {
        const el = s as HTMLElement;
        return {
          id: el.dataset.layer!,
          visible: el.dataset.visible === 'true',
          title: el.querySelector('.layer-title')?.textContent?.trim() ?? '',
          items: [...el.querySelectorAll('li[data-item]')].map((li) => {
            const count = li.querySelector(':scope > .count')?.textContent;
            const spans = [...li.querySelectorAll(':scope > span')].filter((x) => !x.classList.contains('count') && x.textContent);
            return {
              key: (li as HTMLElement).dataset.item!,
              label: (spans.at(-1)?.textContent ?? li.textContent ?? '').trim(),
              count: count === undefined || count === null ? null : Number(count),
            };
          }),
        };
      }),
    );
  }

  async entryText(id: string): Promise<string> {
    return this.page.locator(`${PANEL} [data-layer="${id}"]`).innerText();
  }

  /** Clicks an entry's switch and waits for the map to draw the change. */
  async toggle(id: string): Promise<void> {
    await this.page.click(`[data-testid="layer-toggle-${id}"]`);
    await this.person.waitForMap();
  }

  /** Whether deck.gl was last given the layer as visible; null when the map has no such layer. */
  async deckLayerVisible(layerId: string): Promise<boolean | null> {
    return this.page.evaluate((id) => window.__deckLayers?.().find((l) => l.id === id)?.visible ?? null, layerId);
  }

  /** MapLibre's layout visibility of a style layer ('visible' when never set). */
  async mapLayerVisibility(layerId: string): Promise<string> {
    return this.page.evaluate((id) => (window.__map!.getLayoutProperty(id, 'visibility') as string | undefined) ?? 'visible', layerId);
  }

  /**
   * The map canvas as drawn (MapLibre and the interleaved deck.gl layers), copied in a render event
   * (the WebGL buffer is not kept between frames): RGB of every 4th pixel across and down.
   */
  async mapPixels(): Promise<{ data: number[] }> {
    await this.person.waitForMap();
    const data = await this.page.evaluate(
      () =>
        new Promise<number[]>((resolve) => {
          const map = window.__map!;
          map.once('render', () => {
            const src = map.getCanvas();
            const copy = document.createElement('canvas');
            copy.width = src.width;
            copy.height = src.height;
            const ctx = copy.getContext('2d')!;
            ctx.drawImage(src, 0, 0);
            const px = ctx.getImageData(0, 0, copy.width, copy.height).data;
            const out: number[] = [];
            for (let y = 0; y < copy.height; y += 4) for (let x = 0; x < copy.width; x += 4) out.push(px[(y * copy.width + x) * 4]!, px[(y * copy.width + x) * 4 + 1]!, px[(y * copy.width + x) * 4 + 2]!);
            resolve(out);
          });
          map.triggerRepaint();
        }),
    );
    return { data };
  }
}

/** The share of sampled pixels whose colour differs by more than 24 in a channel between two captures. */
export function changedShare(a: { data: number[] }, b: { data: number[] }): number {
  if (a.data.length !== b.data.length) return 1;
  let changed = 0;
  for (let i = 0; i < a.data.length; i += 3) {
    if (Math.abs(a.data[i]! - b.data[i]!) > 24 || Math.abs(a.data[i + 1]! - b.data[i + 1]!) > 24 || Math.abs(a.data[i + 2]! - b.data[i + 2]!) > 24) changed++;
  }
  return changed / (a.data.length / 3);
}
