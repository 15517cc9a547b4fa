import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchResponse } from '../../shared/search/contract.ts';
import { openBrowser, type BrowserSession } from './support/browser.ts';
import { startApp, type RunningApp } from './support/app.ts';
import { PlannerDriver } from './support/driver.ts';

/**
 * The search box (issue 16): a planner types the initials "jg", moves to 金赣小区 with the arrow
 * keys and takes it with Enter; the app opens its programme, selects it as a click would (#e=ID,
 * the details card) and flies the map to it.
 */
describe('a planner finds 金赣小区 by its initials', () => {
  let app: RunningApp;
  let browser: BrowserSession;
  let planner: PlannerDriver;
  let jingan: SearchResponse['results'][number];

  const box = '[data-testid="search-box"] input';
  const options = '[data-testid="search-box"] [role="option"]';

  beforeAll(async () => {
    app = await startApp();
    browser = await openBrowser();
    planner = new PlannerDriver(browser.page, app.baseUrl);
    await planner.open();
    const found = await planner.apiGet<SearchResponse>(`/api/search?q=${encodeURIComponent('金赣小区')}`);
    jingan = found.results.find((r) => r.kind === 'estate' && r.name === '金赣小区')!;
    expect(jingan.programme?.key).toBe('nankang-2024');
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  /** Types into the box and waits for the list of what was typed. */
  const typeAndWait = async (text: string) => {
    const page = browser.page;
    await page.fill(box, '');
    await page.type(box, text, { delay: 40 });
    // The list settles on the answer to the whole text.
    await page.waitForSelector('[data-testid="search-box"][data-settled="true"] [role="option"]');
    return page.$$eval(options, (els) => els.map((el) => ({ id: (el as HTMLElement).dataset.id, kind: (el as HTMLElement).dataset.kind, text: el.textContent ?? '' })));
  };

  it('lists 金赣小区 for "jg" from the overview; ↓ and Enter open Nankang and select it', async () => {
    const page = browser.page;
    expect(new URLSearchParams((await page.evaluate(() => location.hash)).slice(1)).get('p')).toBeNull();
    const listed = await typeAndWait('jg');
    const index = listed.findIndex((o) => o.kind === 'estate' && o.id === String(jingan.id));
    expect(index, JSON.stringify(listed)).toBeGreaterThanOrEqual(0);
    for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
    expect(await page.getAttribute(`${options}[aria-selected="true"]`, 'data-id')).toBe(String(jingan.id));
    await page.keyboard.press('Enter');

    await page.waitForSelector('[data-testid="estate-details"]');
    await planner.waitForMap();
    const hash = new URLSearchParams((await page.evaluate(() => location.hash)).slice(1));
    expect(hash.get('p')).toBe('nankang-2024');
    expect(hash.get('e')).toBe(String(jingan.id));
    expect(await planner.detailsText()).toContain('金赣小区');
    // The list closed, and the map flew to the red line: all of it in view, close in.
    expect(await page.$(options)).toBeNull();
    const view = await page.evaluate(() => {
      const b = window.__map!.getBounds();
      return { zoom: window.__map!.getZoom(), bounds: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()] };
    });
    const [w, s, e, n] = jingan.bbox!;
    expect(view.zoom).toBeGreaterThan(15);
    expect(view.bounds[0]).toBeLessThanOrEqual(w);
    expect(view.bounds[1]).toBeLessThanOrEqual(s);
    expect(view.bounds[2]).toBeGreaterThanOrEqual(e);
    expect(view.bounds[3]).toBeGreaterThanOrEqual(n);
    expect(await planner.renderedEstateIds()).toContain(jingan.id);
    expect(browser.errors).toEqual([]);
  });

  it('in Nankang, "jg" puts 金赣小区 first; Enter takes it, Esc closes the list and keeps the selection', async () => {
    const page = browser.page;
    // Escape outside the box closes the details (App.tsx): nothing is selected.
    await page.locator('.panel-head h1').click();
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => new URLSearchParams(location.hash.slice(1)).get('e') === null);
    expect(await page.$('[data-testid="estate-details"]')).toBeNull();

    const listed = await typeAndWait('jg');
    expect(listed[0]).toMatchObject({ kind: 'estate', id: String(jingan.id) });
    expect(listed[0]!.text).toContain('金赣小区');
    await page.keyboard.press('Enter');
    await page.waitForFunction((id) => new URLSearchParams(location.hash.slice(1)).get('e') === id, String(jingan.id));
    await planner.waitForMap();
    expect(await planner.detailsText()).toContain('金赣小区');

    // Esc in the box closes its list only: the estate stays selected.
    await typeAndWait('jg');
    await page.keyboard.press('Escape');
    expect(await page.$(options)).toBeNull();
    expect(new URLSearchParams((await page.evaluate(() => location.hash)).slice(1)).get('e')).toBe(String(jingan.id));

    // The picture: the list open over the panel, 金赣小区 selected on the map.
    await page.evaluate(() => document.querySelector('.panel')!.scrollTo(0, 0));
    await typeAndWait('jg');
    await planner.screenshot(fileURLToPath(new URL('../../docs/search.png', import.meta.url)));
    expect(browser.errors).toEqual([]);
  });
});
