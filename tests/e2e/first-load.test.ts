import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type BrowserSession } from './support/browser.ts';
import { startApp, type RunningApp } from './support/app.ts';
import { PlannerDriver } from './support/driver.ts';

/**
 * The client is split by mode (issue 18, item 7): the login page gets React, the words and the
 * form; the map (MapLibre, deck.gl) comes after login, and each mode's panel when it opens. Sizes
 * are those of the built files in dist/client that the browser asked for, gzipped as a server would.
 */
const ASSETS = path.resolve(import.meta.dirname, '../../dist/client/assets');
const LOGIN_PAGE_JS_LIMIT_KIB = 150;
/** Strings only these libraries' builds contain. */
const MAPLIBRE = 'maplibregl';
const TERRA_DRAW = 'TerraDraw';
/** The admin's modes and the element each one's panel shows. */
const ADMIN_PANELS: Record<string, string> = {
  zones: 'zones-panel',
  dashboard: 'dashboard',
  pipelines: 'pipelines-panel',
  scopes: 'scopes-panel',
  plans: 'plans-panel',
  goals: 'goals-panel',
  audit: 'audit-panel',
  accounts: 'accounts-panel',
};

describe('the login page loads only itself; the map and each mode come when they are needed', () => {
  let app: RunningApp;
  let browser: BrowserSession;
  let person: PlannerDriver;
  /** Every script file the browser received, with its gzipped size and the libraries in it. */
  const scripts: Promise<{ file: string; gzipBytes: number; maplibre: boolean; terraDraw: boolean }>[] = [];
  const received = () => Promise.all(scripts);
  const page = () => browser.page;
  /** API requests sent and not yet answered. */
  const inFlight = new Set<unknown>();
  /** Until no API request has been pending for a while: a panel's own requests have finished. */
  const apiSettled = async () => {
    let quietSince = Date.now();
    await expect
      .poll(() => {
        if (inFlight.size > 0) quietSince = Date.now();
        return Date.now() - quietSince >= 300;
      }, { timeout: 30_000, interval: 50 })
      .toBe(true);
  };

  beforeAll(async () => {
    app = await startApp();
    browser = await openBrowser();
    const api = (r: { url(): string }) => new URL(r.url()).pathname.startsWith('/api/');
    browser.page.on('request', (r) => void (api(r) && inFlight.add(r)));
    browser.page.on('requestfinished', (r) => void inFlight.delete(r));
    browser.page.on('requestfailed', (r) => void inFlight.delete(r));
    browser.page.on('response', (r) => {
      const { pathname } = new URL(r.url());
      if (!pathname.startsWith('/assets/') || !pathname.endsWith('.js')) return;
      const file = path.basename(pathname);
      const bytes = readFileSync(path.join(ASSETS, file));
      const text = bytes.toString('utf8');
      scripts.push(Promise.resolve({ file, gzipBytes: gzipSync(bytes).byteLength, maplibre: text.includes(MAPLIBRE), terraDraw: text.includes(TERRA_DRAW) }));
    });
    person = new PlannerDriver(browser.page, app.baseUrl, 'admin');
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it(`the login page receives at most ${LOGIN_PAGE_JS_LIMIT_KIB} KiB of JavaScript (gzip), without the map`, async () => {
    await page().goto(app.baseUrl);
    await page().waitForSelector('[data-testid="login-form"]');
    await page().waitForLoadState('networkidle');
    const atLogin = await received();
    expect(atLogin.length).toBeGreaterThan(0);
    const kib = atLogin.reduce((sum, s) => sum + s.gzipBytes, 0) / 1024;
    expect(kib).toBeLessThanOrEqual(LOGIN_PAGE_JS_LIMIT_KIB);
    expect(atLogin.filter((s) => s.maplibre).map((s) => s.file)).toEqual([]);
  });

  it('the language toggle works on the login page and carries into the app', async () => {
    await person.toggleLanguage();
    await expect.poll(() => page().locator('[data-testid="login-form"] .subtitle').innerText()).toBe('Sign in');
    await person.signIn('admin');
    await page().waitForSelector('[data-testid="place-picker"]:not([disabled])');
    await person.waitForMap();
    expect(await page().locator('.mode-tabs button[data-mode="browse"]').innerText()).toBe('Browse');
    await person.toggleLanguage();
    expect(await page().locator('.mode-tabs button[data-mode="browse"]').innerText()).toBe('浏览');
  });

  it('after login the map arrives and draws the programme, without any mode panel', async () => {
    expect((await received()).filter((s) => s.maplibre).length).toBeGreaterThan(0);
    await person.openProgramme('nankang-2024');
    expect(await person.estateCount()).toBeGreaterThan(0);
    await page().waitForSelector('ol.estate-list');
    // The map fills its area: MapLibre's stylesheet, now loaded after the shell's, once collapsed
    // the map's box to zero height, and everything above still passed on an invisible canvas.
    const boxes = await page().evaluate(() => {
      const rect = (sel: string) => document.querySelector(sel)!.getBoundingClientRect();
      const [wrap, map, canvas] = [rect('.map-wrap'), rect('.map-wrap > .maplibregl-map'), rect('.maplibregl-canvas')];
      return { wrap: [wrap.width, wrap.height], map: [map.width, map.height], canvas: [canvas.width, canvas.height] };
    });
    expect(boxes.wrap[1]).toBeGreaterThan(300);
    expect(boxes.map).toEqual(boxes.wrap);
    expect(boxes.canvas).toEqual(boxes.wrap);
    expect((await received()).filter((s) => s.terraDraw)).toEqual([]);
    expect(browser.errors).toEqual([]);
  });

  it('each mode opens its panel; terra-draw arrives with the scopes mode only', async () => {
    expect((await person.modes()).filter((m) => m !== 'browse').sort()).toEqual(Object.keys(ADMIN_PANELS).sort());
    for (const [mode, testId] of Object.entries(ADMIN_PANELS)) {
      await person.chooseMode(mode);
      await page().waitForSelector(`[data-testid="${testId}"]`);
      // As a person would: the panel's own requests finish before the next tab (leaving earlier aborts them).
      await apiSettled();
      expect(await page().evaluate(() => new URLSearchParams(location.hash.slice(1)).get('m'))).toBe(mode);
      if (mode === 'zones') expect((await received()).filter((s) => s.terraDraw)).toEqual([]);
    }
    expect((await received()).filter((s) => s.terraDraw).length).toBeGreaterThan(0);
    await person.chooseMode('browse');
    await page().waitForSelector('ol.estate-list');
    expect(browser.errors).toEqual([]);
  });

  it('a deep link to a mode and a programme opens both on a fresh page', async () => {
    await page().goto('about:blank');
    await page().goto(`${app.baseUrl}/#p=nankang-2024&m=pipelines`);
    await page().waitForSelector('[data-testid="pipelines-panel"]');
    await expect.poll(() => page().inputValue('[data-testid="place-picker"]')).toBe('nankang-2024');
    await person.waitForMap();
    expect(await person.estateCount()).toBeGreaterThan(0);
    expect(browser.errors).toEqual([]);
  });
});
