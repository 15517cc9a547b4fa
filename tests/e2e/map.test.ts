import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type BrowserSession } from './support/browser.ts';
import { startApp, type RunningApp } from './support/app.ts';
import { PlannerDriver } from './support/driver.ts';

describe('a planner on the map (embedded default database)', () => {
  let app: RunningApp;
  let browser: BrowserSession;
  let planner: PlannerDriver;

  beforeAll(async () => {
    app = await startApp();
    browser = await openBrowser();
    planner = new PlannerDriver(browser.page, app.baseUrl);
    await planner.open();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('opening Nankang 2024 draws its 28 estates and the legend', async () => {
    await planner.openProgramme('nankang-2024');

    expect(await planner.estateCount()).toBe(28);
    expect(await planner.renderedEstateIds()).toHaveLength(28);
    expect(await planner.legendText()).toContain('无数据 / No data');
    expect(browser.errors).toEqual([]);
  });

  it('clicking 金赣小区 shows its details', async () => {
    await planner.clickEstate('金赣小区');

    const details = await planner.detailsText();
    expect(details).toContain('金赣小区');
    expect(details).toContain('644 户');
    expect(details).toContain('17 栋');
    await planner.screenshot(fileURLToPath(new URL('./artifacts/nankang.png', import.meta.url)));
    expect(browser.errors).toEqual([]);
  });

  it('switching to investment rate recolours by the fixed investment classes', async () => {
    expect(await planner.toggleColourMode()).toBe('investment');

    expect(await planner.legendText()).toContain('投资完成率');
    expect(await planner.renderedEstateIds()).toHaveLength(28);
    // Nankang's plan lists no money: the legend says why every estate is hatched (issue 16, item 6).
    expect(await planner.legendText()).toContain('本计划没有投资数据');
  });
});
