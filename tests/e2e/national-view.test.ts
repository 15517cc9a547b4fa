import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type BrowserSession } from './support/browser.ts';
import { startApp, type RunningApp } from './support/app.ts';
import { PlannerDriver } from './support/driver.ts';

/**
 * The national view (issue 18, item 6): where a tile holds more estates than the cap, the map draws
 * one count circle per district (z ≤ 8) or street instead of single estates. The demo's few hundred
 * estates fit under the real cap of 10,000, so the server here runs with the cap lowered to 5.
 */
describe('a leader at national zoom: count circles, and a click opens one', () => {
  let app: RunningApp;
  let browser: BrowserSession;
  let leader: PlannerDriver;

  beforeAll(async () => {
    app = await startApp({ prepare: async (env) => void (env.TILE_ESTATE_CAP = '5') });
    browser = await openBrowser();
    leader = new PlannerDriver(browser.page, app.baseUrl, 'admin');
    await leader.open();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('draws a circle per district with its estate count, named on hover', async () => {
    await expect.poll(async () => (await leader.estateGroupsOnMap()).length, { timeout: 30_000 }).toBeGreaterThan(0);
    const groups = await leader.estateGroupsOnMap();
    expect(groups.every((g) => g.level === 'district' && g.count > 0)).toBe(true);
    const nankang = groups.find((g) => g.name === '南康区');
    expect(nankang?.count).toBeGreaterThan(5);
    const tip = await leader.hoverText(nankang!.x, nankang!.y);
    expect(tip).toContain('南康区');
    expect(tip).toContain(`(${nankang!.count})`);
    // The legend states the cap this server uses, not the default 10,000.
    await expect.poll(() => browser.page.locator('[data-testid=legend]').innerText()).toContain('超过 5 个');
    expect(browser.errors).toEqual([]);
  });

  it('a click on a street circle zooms in two levels, centred on it', async () => {
    // With a programme open the programme markers give way; over Nankang at z9, the first zoom
    // that counts by street.
    await leader.openProgramme('nankang-2024');
    await leader.jumpTo([114.75, 25.66], 9);
    await expect.poll(async () => (await leader.estateGroupsOnMap()).length, { timeout: 30_000 }).toBeGreaterThan(1);
    const streets = await leader.estateGroupsOnMap();
    expect(streets.every((g) => g.level === 'street')).toBe(true);
    const target = streets.sort((a, b) => b.count - a.count)[0]!;
    const at = await leader.lngLatAt(target.x, target.y);
    await leader.clickAt(target.x, target.y);
    await expect.poll(async () => (await leader.camera()).zoom, { timeout: 20_000 }).toBeCloseTo(11, 1);
    await leader.waitForMap();
    const after = await leader.camera();
    // Centred on the circle clicked (the point of the topmost circle there: a street cut by tile
    // edges has one per tile, a few pixels apart).
    expect(after.center[0]).toBeCloseTo(at[0], 1);
    expect(after.center[1]).toBeCloseTo(at[1], 1);
    await leader.screenshot(fileURLToPath(new URL('./artifacts/national-view-street-circles.png', import.meta.url)));
    expect(browser.errors).toEqual([]);
  });
});
