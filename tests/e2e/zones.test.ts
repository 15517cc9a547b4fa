import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type BrowserSession } from './support/browser.ts';
import { startApp, type RunningApp } from './support/app.ts';
import { PlannerDriver } from './support/driver.ts';

describe('a planner picks a demonstration zone (Nankang 2024)', () => {
  let app: RunningApp;
  let browser: BrowserSession;
  let planner: PlannerDriver;

  beforeAll(async () => {
    app = await startApp();
    browser = await openBrowser();
    planner = new PlannerDriver(browser.page, app.baseUrl);
    await planner.open();
    await planner.openProgramme('nankang-2024');
    await planner.chooseMode('zones');
    await browser.page.waitForSelector('[data-testid="zone-suggestions"] li button');
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const verdict = async () => {
    await browser.page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid="zone-verdict"]')?.dataset.contiguous !== '');
    return browser.page.locator('[data-testid="zone-verdict"]');
  };

  it('click and shift-click across a road: not contiguous, with the break named', async () => {
    await planner.clickEstateOnMap('金赣小区');
    await planner.clickEstateOnMap('金田花园小区', { shift: true });
    const v = await verdict();
    expect(await v.getAttribute('data-contiguous')).toBe('false');
    expect(await v.innerText()).toMatch(/不连片：分为 2 组，最近断开处 [\d.]+ 米/);
    await planner.screenshot(fileURLToPath(new URL('./artifacts/zones-broken.png', import.meta.url)));
  });

  it('lists suggestions without outlines and draws the outline of the one in focus, asked by its rank', async () => {
    const answer = browser.page.waitForResponse((r) => r.url().includes('/api/zones/suggest') && r.url().includes('rank=1'));
    await browser.page.locator('[data-testid="zone-suggestions"] li').first().hover();
    const res = await answer;
    expect(res.status()).toBe(200);
    const body = (await res.json()) as { features: { geometry: { type: string } | null; properties: { rank: number } }[] };
    expect(body.features.map((f) => [f.properties.rank, f.geometry?.type])).toEqual([[1, 'MultiPolygon']]);
    // The list itself came without outlines: the same groups, geometry null.
    const list = await planner.apiGet<{ features: { geometry: unknown }[] }>('/api/zones/suggest?district=360703&year=2024&minEstates=2&outlines=none');
    expect(list.features.length).toBeGreaterThan(0);
    expect(list.features.every((f) => f.geometry === null)).toBe(true);
    // The pointer stays on the suggestion (planner.screenshot would park it and end the focus).
    await planner.waitForMap();
    await browser.page.screenshot({ path: fileURLToPath(new URL('./artifacts/zones-focus.png', import.meta.url)) });
    await browser.page.mouse.move(5, 5);
    expect(browser.errors).toEqual([]);
  });

  it('picking a suggested zone is contiguous, and saving it stores the zone', async () => {
    const first = browser.page.locator('[data-testid="zone-suggestions"] li').first();
    await first.locator('button').click();
    const v = await verdict();
    expect(await v.getAttribute('data-contiguous')).toBe('true');
    await browser.page.fill('[data-testid="zone-name"]', '金赣示范片区');
    await browser.page.click('[data-testid="zone-save"]');
    await browser.page.waitForSelector('[data-testid="zone-saved"] >> text=金赣示范片区');

    const saved = await planner.apiGet<{ features: { properties: { name: string; estateIds: number[]; households: number } }[] }>('/api/zones?district=360703');
    const suggested = await planner.apiGet<{ features: { properties: { estateIds: number[] } }[] }>('/api/zones/suggest?district=360703&year=2024&minEstates=2');
    expect(saved.features).toHaveLength(1);
    expect(saved.features[0]!.properties.name).toBe('金赣示范片区');
    expect(saved.features[0]!.properties.estateIds).toEqual(suggested.features[0]!.properties.estateIds);
    await planner.screenshot(fileURLToPath(new URL('./artifacts/zones-saved.png', import.meta.url)));
    expect(browser.errors).toEqual([]);
  });

  it('exports the saved zone for the design institute: a GeoJSON named after it, in GCJ-02 when asked, with every estate of the zone', async () => {
    await browser.page.click('[data-testid="zone-saved"] [data-testid="zone-export"]');
    const file = await planner.exportScope('export-zone', 'geojson', 'gcj02');
    expect(file.fileName).toBe('金赣示范片区_gcj02.geojson');
    const fc = JSON.parse(file.bytes.toString('utf8')) as { metadata: { crs: { name: string } }; features: { properties: { layer: string; id: number } }[] };
    const saved = await planner.apiGet<{ features: { properties: { estateIds: number[] } }[] }>('/api/zones?district=360703');
    const estateIds = fc.features.filter((f) => f.properties.layer === 'estate').map((f) => f.properties.id);
    expect(estateIds.sort((a, b) => a - b)).toEqual([...saved.features[0]!.properties.estateIds].sort((a, b) => a - b));
    expect(fc.metadata.crs.name).toBe('gcj02');
    expect(browser.errors).toEqual([]);
  });
});
