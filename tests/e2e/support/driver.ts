/**
 * What a planner does on the map, in domain words. Specs talk to this, never to selectors.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pointOnFeature } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { Page } from './browser.ts';
import { E2E_PASSWORD } from './app.ts';

const MAP = '[data-testid="map"]';
const ESTATE_LAYERS = ['estates-fill', 'estates-nodata'];

export interface Download {
  fileName: string;
  bytes: Buffer;
  message: string;
}

export class PlannerDriver {
  constructor(
    private readonly page: Page,
    private readonly baseUrl: string,
    /** The demo account this person signs in with. */
    private readonly account = 'planner',
  ) {}

  /** Opens the app, signs in through the login form, and waits until the programme list has arrived. */
  async open(): Promise<void> {
    await this.page.goto(this.baseUrl);
    await this.signIn(this.account);
    await this.page.waitForSelector('[data-testid="place-picker"]:not([disabled])');
    await this.waitForMap();
  }

  /** Types the username and password into the login form and waits for the app. */
  async signIn(username: string, password = E2E_PASSWORD): Promise<void> {
    await this.page.waitForSelector('[data-testid="login-form"]');
    await this.page.fill('[data-testid="login-username"]', username);
    await this.page.fill('[data-testid="login-password"]', password);
    await this.page.click('[data-testid="login-submit"]');
    await this.page.waitForSelector(`[data-testid="user-badge"]`);
  }

  async signOut(): Promise<void> {
    await this.page.click('[data-testid="logout"]');
    await this.page.waitForSelector('[data-testid="login-form"]');
  }

  /** GETs an API path from inside the page, with this person's session (as the app itself would). */
  async apiGet<T>(path: string): Promise<T> {
    return this.page.evaluate(async (p) => (await fetch(p)).json(), path) as Promise<T>;
  }

  /** The tabs this person's role gets. */
  async modes(): Promise<string[]> {
    return this.page.$$eval('[role="tablist"] [data-mode]', (tabs) => tabs.map((t) => (t as HTMLElement).dataset.mode!));
  }

  async openProgramme(key: string): Promise<void> {
    await this.page.selectOption('[data-testid="place-picker"]', key);
    await this.page.waitForFunction((sel) => document.querySelector<HTMLElement>(sel)?.dataset.estateCount !== '0', MAP);
    await this.waitForMap();
  }

  /** How many estates the app handed to the map (data-estate-count). */
  async estateCount(): Promise<number> {
    return Number(await this.page.getAttribute(MAP, 'data-estate-count'));
  }

  /** Distinct estate ids MapLibre actually drew in the viewport: the check that rendering happened. */
  async renderedEstateIds(): Promise<number[]> {
    return this.page.evaluate((layers) => {
      const map = window.__map!;
      const ids = new Set(map.queryRenderedFeatures({ layers }).map((f) => Number(f.id)));
      return [...ids].sort((a, b) => a - b);
    }, ESTATE_LAYERS);
  }

  async legendText(): Promise<string | null> {
    const legend = this.page.locator('[data-testid="legend"]');
    return (await legend.isVisible()) ? legend.innerText() : null;
  }

  /** Clicks inside the named estate's red line (shift-click with shift), at a point computed from the drawn geometry. */
  async clickEstateOnMap(name: string, { shift = false } = {}): Promise<void> {
    // The estate as MapLibre drew it from the vector tiles (a piece of it if it spans tiles).
    const feature = await this.page.evaluate(
      ({ estateName, layers }) => {
        const hit = window.__map!.queryRenderedFeatures({ layers }).find((f) => f.properties?.name === estateName);
        return hit ? { type: 'Feature' as const, properties: {}, geometry: hit.geometry } : null;
      },
      { estateName: name, layers: ESTATE_LAYERS },
    );
    if (!feature) throw new Error(`estate ${name} is not on the map`);
    const [lon, lat] = pointOnFeature(feature as Feature<Polygon | MultiPolygon>).geometry.coordinates;
    const screen = await this.page.evaluate(
      ({ lngLat, sel }) => {
        const p = window.__map!.project(lngLat);
        const box = document.querySelector(sel)!.getBoundingClientRect();
        return { x: box.left + p.x, y: box.top + p.y };
      },
      { lngLat: [lon!, lat!] as [number, number], sel: MAP },
    );
    if (shift) await this.page.keyboard.down('Shift');
    await this.page.mouse.click(screen.x, screen.y);
    if (shift) await this.page.keyboard.up('Shift');
  }

  /** Clicks the named estate and waits for its details (browse mode). */
  async clickEstate(name: string): Promise<void> {
    await this.clickEstateOnMap(name);
    await this.page.waitForSelector('[data-testid="estate-details"]');
    await this.waitForMap();
  }

  async chooseMode(mode: string): Promise<void> {
    await this.page.click(`.mode-tabs button[data-mode="${mode}"]`);
  }

  async detailsText(): Promise<string> {
    return this.page.locator('[data-testid="estate-details"]').innerText();
  }

  /** Picks format and coordinate system in one export box and returns the file the browser saved. */
  async exportScope(box: 'export-estate' | 'export-project' | 'export-selection' | 'export-zone', format: string, crs: string): Promise<Download> {
    const root = this.page.locator(`[data-testid="${box}"]`);
    await root.locator('[data-testid="export-format"]').selectOption(format);
    await root.locator('[data-testid="export-crs"]').selectOption(crs);
    const [download] = await Promise.all([this.page.waitForEvent('download'), root.locator('[data-testid="export-download"]').click()]);
    const saved = await download.path();
    const message = await root.locator('[data-testid="export-message"]').innerText();
    return { fileName: download.suggestedFilename(), bytes: await readFile(saved), message };
  }

  async toggleColourMode(): Promise<string> {
    await this.page.click('[data-testid="colour-mode-toggle"] button[aria-checked="false"]');
    await this.waitForMap();
    return (await this.page.getAttribute('[data-testid="colour-mode-toggle"]', 'data-mode')) ?? '';
  }

  async toggleLanguage(): Promise<void> {
    await this.page.click('[data-testid="lang-toggle"]');
  }

  async screenshot(file: string): Promise<void> {
    // Park the pointer over the panel so no hover tooltip covers the map.
    await this.page.mouse.move(5, 5);
    await this.waitForMap();
    await mkdir(path.dirname(file), { recursive: true });
    await this.page.screenshot({ path: file });
  }

  /** The aggregate circles drawn (the national view): name, level, count, and where on the page. */
  async estateGroupsOnMap(): Promise<{ code: string; name: string; level: string; count: number; x: number; y: number }[]> {
    return this.page.evaluate((sel) => {
      const map = window.__map!;
      const box = document.querySelector(sel)!.getBoundingClientRect();
      const seen = new Map<string, { code: string; name: string; level: string; count: number; x: number; y: number }>();
      for (const f of map.queryRenderedFeatures({ layers: ['estates-groups'] })) {
        if (f.geometry.type !== 'Point') continue;
        const p = map.project(f.geometry.coordinates as [number, number]);
        const key = `${f.properties.code}@${Math.round(p.x)},${Math.round(p.y)}`;
        seen.set(key, { code: f.properties.code, name: f.properties.name, level: f.properties.level, count: f.properties.count, x: box.left + p.x, y: box.top + p.y });
      }
      return [...seen.values()];
    }, MAP);
  }

  /** The map's camera: zoom and centre. */
  async camera(): Promise<{ zoom: number; center: [number, number] }> {
    return this.page.evaluate(() => {
      const map = window.__map!;
      const c = map.getCenter();
      return { zoom: map.getZoom(), center: [c.lng, c.lat] as [number, number] };
    });
  }

  /** The text of the tooltip shown while the pointer is at (x, y). */
  async hoverText(x: number, y: number): Promise<string> {
    await this.page.mouse.move(x, y);
    const tip = this.page.locator('.estate-hover');
    await tip.waitFor();
    return tip.innerText();
  }

  /** Moves the camera at once (as a shared link's v= would). */
  async jumpTo(center: [number, number], zoom: number): Promise<void> {
    await this.page.evaluate(({ c, z }) => window.__map!.jumpTo({ center: c, zoom: z }), { c: center, z: zoom });
    await this.waitForMap();
  }

  /** The map position under a page point. */
  async lngLatAt(x: number, y: number): Promise<[number, number]> {
    return this.page.evaluate(({ px, py, sel }) => {
      const box = document.querySelector(sel)!.getBoundingClientRect();
      const p = window.__map!.unproject([px - box.left, py - box.top]);
      return [p.lng, p.lat] as [number, number];
    }, { px: x, py: y, sel: MAP });
  }

  async clickAt(x: number, y: number): Promise<void> {
    await this.page.mouse.click(x, y);
  }

  /** Waits until the map has drawn what it was last given and the camera has stopped. */
  async waitForMap(): Promise<void> {
    await this.page.waitForFunction(
      (sel) => {
        const map = window.__map;
        const el = document.querySelector<HTMLElement>(sel);
        return !!map && el?.dataset.mapIdle === 'true' && !map.isMoving() && map.loaded();
      },
      MAP,
      { timeout: 60_000 },
    );
  }
}
