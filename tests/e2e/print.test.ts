import { copyFileSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type BrowserSession } from './support/browser.ts';
import { startApp, type RunningApp } from './support/app.ts';
import { LeaderDriver } from './support/leader-driver.ts';

/** Width and height from a PNG's IHDR, after checking its 8-byte signature. */
function pngSize(buf: Buffer): { width: number; height: number } {
  expect([...buf.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(buf.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

describe('a leader prints the thematic map (专题图) of the dashboard (embedded default database)', () => {
  let app: RunningApp;
  let browser: BrowserSession;
  let leader: LeaderDriver;

  beforeAll(async () => {
    app = await startApp();
    browser = await openBrowser();
    leader = new LeaderDriver(browser.page, app.baseUrl);
    await leader.open();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('downloads Nankang 2024 as a PNG larger than the map, named <programme>_<month>_专题图.png', async () => {
    const page = browser.page;
    await leader.openProgramme('nankang-2024');
    await leader.openDashboard();
    const canvas = await page.locator('.maplibregl-canvas').evaluate((c: HTMLCanvasElement) => ({ width: c.width, height: c.height }));
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="print-export"]')]);
    expect(download.suggestedFilename()).toMatch(/^.+_(\d{4}-\d{2}|最新)_专题图\.png$/);
    expect(download.suggestedFilename()).toContain('南康');
    const path = await download.path();
    const png = readFileSync(path);
    const size = pngSize(png);
    expect(size.width).toBeGreaterThan(canvas.width);
    expect(size.height).toBeGreaterThan(canvas.height);
    copyFileSync(path, fileURLToPath(new URL('../../docs/print-export.png', import.meta.url)));
    expect(browser.errors).toEqual([]);
  });
});
