import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type BrowserSession } from './support/browser.ts';
import { startApp, type RunningApp } from './support/app.ts';
import { LeaderDriver } from './support/leader-driver.ts';
import { LayersDriver, changedShare } from './support/layers-driver.ts';
import { PipelinesDriver } from './support/pipelines-driver.ts';

const doc = (name: string) => fileURLToPath(new URL(`../../docs/${name}`, import.meta.url));

/** The choropleth class of a ranking line's rate text ('3.07% (3.07%)'), by the breaks of dashboard/classes.ts. */
const rateClass = (text: string) => {
  const m = /^(\d+(?:\.\d+)?)%/.exec(text);
  if (!m) return 'none';
  const pct = Number(m[1]);
  return pct >= 90 ? 'r90' : pct >= 60 ? 'r60' : pct >= 30 ? 'r30' : pct >= 10 ? 'r10' : 'r0';
};

// The admin has both the dashboard and the dig-once mode (a leader has no pipelines tab).
describe('the layer panel: one entry per layer of the mode, with its legend and a switch (embedded default database)', () => {
  let app: RunningApp;
  let browser: BrowserSession;
  let person: LeaderDriver;
  let layers: LayersDriver;

  beforeAll(async () => {
    app = await startApp();
    browser = await openBrowser();
    person = new LeaderDriver(browser.page, app.baseUrl, 'admin');
    layers = new LayersDriver(browser.page, person);
    await person.open();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('lists the heatmap and the region colours in the dashboard, the regions counted per class as the ranking rates them', async () => {
    await person.openProgramme('wuhai-2021');
    await person.openDashboard();
    await layers.open();

    const entries = await layers.entries();
    expect(entries.map((e) => e.id)).toEqual(['heatmap', 'choropleth', 'estates', 'buildings']);
    expect(entries.every((e) => e.visible)).toBe(true);
    const choropleth = entries.find((e) => e.id === 'choropleth')!;
    const expected: Record<string, number> = { r90: 0, r60: 0, r30: 0, r10: 0, r0: 0, none: 0 };
    for (const line of await person.rankingLines()) expected[rateClass(line.rate)]!++;
    expect(Object.fromEntries(choropleth.items.map((i) => [i.key, i.count]))).toEqual(expected);
    // Wuhai's three districts are all under 10 % invested.
    expect(expected.r0).toBe(3);
    expect(await layers.entryText('choropleth')).toContain('投资完成率');
    const heat = await layers.entryText('heatmap');
    expect(heat).toContain('资金缺口热力图');
    expect(heat).toContain('缺口小 → 缺口大');
    // The estates keep their classes and counts, and the colour-mode switch.
    expect(await layers.entryText('estates')).toContain('无数据 / No data');
    expect(await browser.page.locator('[data-layer="estates"] [data-testid="colour-mode-toggle"]').count()).toBe(1);
    await person.screenshot(doc('layers.png'));
    expect(browser.errors).toEqual([]);
  });

  it('hides the region colours on the map when switched off, and shows them again', async () => {
    // The heatmap lies over the regions: it goes first, so that the regions' own colour shows.
    const withHeat = await layers.mapPixels();
    await layers.toggle('heatmap');
    expect(await layers.deckLayerVisible('dashboard-heatmap')).toBe(false);
    const before = await layers.mapPixels();
    expect(changedShare(withHeat, before)).toBeGreaterThan(0.2);
    expect(await layers.deckLayerVisible('dashboard-choropleth')).toBe(true);

    await layers.toggle('choropleth');
    expect(await layers.deckLayerVisible('dashboard-choropleth')).toBe(false);
    const hidden = await layers.mapPixels();
    // The districts' fill covers much of the map: without it a good part of the pixels change.
    expect(changedShare(before, hidden)).toBeGreaterThan(0.005);
    expect((await layers.entries()).find((e) => e.id === 'choropleth')!.visible).toBe(false);
    expect(new URL(browser.page.url()).hash).toContain('y=choropleth');

    await layers.toggle('choropleth');
    expect(await layers.deckLayerVisible('dashboard-choropleth')).toBe(true);
    expect(changedShare(before, await layers.mapPixels())).toBeLessThan(0.001);
    await layers.toggle('heatmap');
    expect(new URL(browser.page.url()).hash).not.toContain('y=');
    expect(browser.errors).toEqual([]);
  });

  it('hides the estates (MapLibre layers) and the heatmap, and a reload of the URL keeps them hidden', async () => {
    await layers.toggle('heatmap');
    await layers.toggle('estates');
    expect(await layers.mapLayerVisibility('estates-fill')).toBe('none');
    expect(await layers.deckLayerVisible('dashboard-heatmap')).toBe(false);
    expect(await person.renderedEstateIds()).toEqual([]);
    expect(decodeURIComponent(new URL(browser.page.url()).hash)).toContain('y=estates,heatmap');

    await browser.page.reload();
    await person.waitForDashboard();
    await layers.open();
    const entries = await layers.entries();
    expect(entries.filter((e) => !e.visible).map((e) => e.id)).toEqual(['heatmap', 'estates']);
    expect(await layers.mapLayerVisibility('estates-fill')).toBe('none');
    expect(await layers.deckLayerVisible('dashboard-heatmap')).toBe(false);
    expect(await layers.deckLayerVisible('dashboard-choropleth')).toBe(true);
    expect(await person.renderedEstateIds()).toEqual([]);

    await layers.toggle('estates');
    await layers.toggle('heatmap');
    expect(await layers.mapLayerVisibility('estates-fill')).toBe('visible');
    expect((await person.renderedEstateIds()).length).toBeGreaterThan(0);
    expect(new URL(browser.page.url()).hash).not.toContain('y=');
    expect(browser.errors).toEqual([]);
  });

  it('lists conflicts, works by utility, corridors and closed roads in the dig-once mode, counted as drawn', async () => {
    const digOnce = new PipelinesDriver(browser.page, person);
    await person.openProgramme('nankang-2024');
    await digOnce.openDigOnce();
    const entries = await layers.entries();
    expect(entries.map((e) => e.id)).toEqual(['conflicts', 'pipelines', 'corridors', 'moratorium', 'estates', 'buildings']);
    const byId = Object.fromEntries(entries.map((e) => [e.id, e]));
    expect(byId.pipelines!.items.map((i) => i.label).join(' ')).toMatch(/给水.*排水.*电力/);
    // The summary line under the month slider counts the same works and corridors.
    const summary = await digOnce.summary();
    const works = Number(/管线工程 (\d+)/.exec(summary)?.[1] ?? NaN);
    const corridors = Number(/联合开挖走廊 (\d+)/.exec(summary)?.[1] ?? NaN);
    expect(byId.pipelines!.items.reduce((n, i) => n + (i.count ?? 0), 0)).toBe(works);
    expect(byId.corridors!.items[0]!.count).toBe(corridors);
    expect(byId.conflicts!.items[0]!.count).toBeGreaterThan(0);
    expect(byId.moratorium!.items[0]!.count).toBeGreaterThan(0);
    await person.screenshot(doc('layers-pipelines.png'));

    expect(await layers.deckLayerVisible('pipelines-moratorium-roads')).toBe(true);
    const before = await layers.mapPixels();
    await layers.toggle('moratorium');
    expect(await layers.deckLayerVisible('pipelines-moratorium-roads')).toBe(false);
    expect(changedShare(before, await layers.mapPixels())).toBeGreaterThan(0);
    await layers.toggle('moratorium');
    expect(browser.errors).toEqual([]);
  });

  it('on a 390×844 phone starts folded, and unfolded stays above the bottom sheet', async () => {
    await browser.page.setViewportSize({ width: 390, height: 844 });
    await browser.page.reload();
    await browser.page.waitForSelector('[data-testid="pipelines-conflicts"] tbody tr', { timeout: 60_000 });
    await person.waitForMap();
    expect(await browser.page.locator('[data-testid="legend"][open]').count()).toBe(0);
    await layers.open();
    const box = await browser.page.evaluate(() => {
      const r = (sel: string) => document.querySelector(sel)!.getBoundingClientRect();
      return { legend: r('[data-testid="legend"]').toJSON() as DOMRect, sheet: r('.panel').toJSON() as DOMRect, width: document.documentElement.scrollWidth };
    });
    expect(box.width).toBeLessThanOrEqual(390);
    expect(box.legend.right).toBeLessThanOrEqual(390);
    expect(box.legend.bottom).toBeLessThanOrEqual(box.sheet.top);
    // Its switches still work there.
    expect((await layers.entries()).map((e) => e.id)).toContain('moratorium');
    await layers.toggle('moratorium');
    expect(await layers.deckLayerVisible('pipelines-moratorium-roads')).toBe(false);
    await layers.toggle('moratorium');
    expect(browser.errors).toEqual([]);
  });
});
