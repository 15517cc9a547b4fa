import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type BrowserSession } from './support/browser.ts';
import { startApp, type RunningApp } from './support/app.ts';
import { PlannerDriver } from './support/driver.ts';
import { PipelinesDriver } from './support/pipelines-driver.ts';

describe('a planner coordinating pipeline works in Nankang (dig once)', () => {
  let app: RunningApp;
  let browser: BrowserSession;
  let planner: PlannerDriver;
  let digOnce: PipelinesDriver;

  beforeAll(async () => {
    app = await startApp();
    browser = await openBrowser();
    planner = new PlannerDriver(browser.page, app.baseUrl);
    digOnce = new PipelinesDriver(browser.page, planner);
    await planner.open();
    await planner.openProgramme('nankang-2024');
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('shows the works by utility with a legend, the conflicts, corridors and closed roads', async () => {
    await digOnce.openDigOnce();

    expect(await digOnce.legendText()).toMatch(/给水[\s\S]*排水[\s\S]*电力/);
    const rows = await digOnce.conflictRows();
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.map((r) => r[2])).toContain('同期');
    expect(rows.map((r) => r[2])).toContain('交叉');
    expect(await digOnce.corridorsText()).toMatch(/节省开挖 \d+ m/);
    expect(await digOnce.moratoriumText()).toMatch(/可开挖日期 \d{4}-\d{2}-\d{2}/);
    expect(browser.errors).toEqual([]);
  });

  it('sorts the conflicts by gap and zooms to a pair on click', async () => {
    await digOnce.sortBy('gapDays');
    const gaps = (await digOnce.conflictRows()).map((r) => Number(r[4]));
    expect(gaps).toEqual([...gaps].sort((a, b) => b - a));

    const before = await browser.page.evaluate(() => window.__map!.getZoom());
    const after = await digOnce.zoomToConflict(0);
    expect(after).toBeGreaterThan(before);
    await planner.screenshot(fileURLToPath(new URL('./artifacts/pipelines.png', import.meta.url)));
    expect(browser.errors).toEqual([]);
  });

  it('filters the works to one month with the slider', async () => {
    const whole = await digOnce.summary();
    await digOnce.setMonth(1);
    const january = await digOnce.summary();
    expect(january).not.toEqual(whole);
    const count = (s: string) => Number(/管线工程 (\d+)/.exec(s)![1]);
    expect(count(january)).toBeLessThan(count(whole));
  });
});
