/**
 * What a bureau's people do with a programme that arrived as a bare table (no red lines), in
 * domain words: go through every tab, place estates on the map (待落图), file a report from the
 * estate list, and see what the map drew. Builds on the leader's driver (sign in, report form).
 */
import { E2E_PASSWORD } from './app.ts';
import type { Page } from './browser.ts';
import { LeaderDriver } from './leader-driver.ts';

const MAP = '[data-testid="map"]';
const TO_PLACE = '[data-testid="to-place"]';
/** The MapLibre layer that draws provisional points (client/src/map/style.ts). */
const POINT_LAYER = 'estates-provisional';

/** What one mode tab showed: whether the page crashed, and the panel's text. */
export interface ModeVisit {
  mode: string;
  crash: string | null;
  text: string;
}

/** A provisional point as MapLibre drew it, with the colour it was painted in (#rrggbb). */
export interface DrawnPoint {
  id: number;
  name: string;
  placement: string;
  colour: string;
}

export class OnboardingDriver extends LeaderDriver {
  constructor(
    private readonly p: Page,
    private readonly base: string,
    account: string,
  ) {
    super(p, base, account);
  }

  /** Signs in through the form; returns once the app is there, or the page crashed trying. */
  override async signIn(username: string, password = E2E_PASSWORD): Promise<void> {
    if (!this.p.url().startsWith(this.base)) await this.p.goto(this.base);
    await this.p.waitForSelector('[data-testid="login-form"]');
    await this.p.fill('[data-testid="login-username"]', username);
    await this.p.fill('[data-testid="login-password"]', password);
    await this.p.click('[data-testid="login-submit"]');
    await this.p.waitForSelector('[data-testid="user-badge"], .crash');
  }

  /** The error boundary's message, if the page crashed ("页面出错了 …"). */
  async crash(): Promise<string | null> {
    const el = this.p.locator('.crash');
    return (await el.count()) > 0 ? el.innerText() : null;
  }

  /** Opens every tab this role has, in order, and records what each one showed once it settled. */
  async visitEveryMode(): Promise<ModeVisit[]> {
    const visits: ModeVisit[] = [];
    for (const mode of await this.modes()) {
      await this.chooseMode(mode);
      // Each panel's figures come from its own requests: wait until nothing is loading.
      await this.p.waitForFunction(() => !document.querySelector('.panel')?.textContent?.includes('加载中'), undefined, { timeout: 30_000 }).catch(() => undefined);
      await this.p.waitForLoadState('networkidle');
      const crash = await this.crash();
      visits.push({ mode, crash, text: crash ? '' : await this.p.locator('.panel').innerText() });
      if (crash) break;
    }
    await this.chooseMode('browse');
    return visits;
  }

  /** The names in the programme's 待落图 list (estates with neither a red line nor a point). */
  async toPlace(): Promise<string[]> {
    if ((await this.p.locator(TO_PLACE).count()) === 0) return [];
    return this.p.$$eval(`${TO_PLACE} li [data-testid="to-place-name"]`, (els) => els.map((e) => e.textContent?.trim() ?? ''));
  }

  /** Clicks 落图 beside the estate, then the map at lon/lat; waits until it has left the list. */
  async placeEstate(name: string, lngLat: [number, number]): Promise<void> {
    await this.p.locator(`${TO_PLACE} li`, { hasText: name }).locator('[data-testid="place-estate"]').click();
    await this.p.waitForSelector('[data-testid="placing"]');
    const at = await this.screenOf(lngLat);
    await this.p.mouse.click(at.x, at.y);
    await this.p.waitForFunction(
      ({ sel, estate }) => ![...document.querySelectorAll(`${sel} [data-testid="to-place-name"]`)].some((e) => e.textContent?.trim() === estate),
      { sel: TO_PLACE, estate: name },
    );
    await this.p.waitForSelector('[data-testid="placing"]', { state: 'detached' });
    await this.waitForMap();
  }

  /** Page pixel of a lon/lat; throws when it is outside the map's visible area. */
  async screenOf(lngLat: [number, number]): Promise<{ x: number; y: number }> {
    return this.p.evaluate(
      ({ ll, sel }) => {
        const s = window.__map!.project(ll);
        const box = document.querySelector(sel)!.getBoundingClientRect();
        if (s.x < 0 || s.y < 0 || s.x > box.width || s.y > box.height) throw new Error(`${ll.join(',')} is not in view`);
        return { x: box.left + s.x, y: box.top + s.y };
      },
      { ll: lngLat, sel: MAP },
    );
  }

  /** The lon/lat one page pixel spans horizontally at lngLat (how precise a click can be). */
  async degreesPerPixel(lngLat: [number, number]): Promise<number> {
    return this.p.evaluate((ll) => {
      const map = window.__map!;
      const s = map.project(ll);
      return Math.abs(map.unproject([s.x + 1, s.y]).lng - ll[0]);
    }, lngLat);
  }

  /** Provisional points MapLibre drew in the viewport, with their painted colour. */
  async drawnPoints(): Promise<DrawnPoint[]> {
    return this.p.evaluate((layer) => {
      const hex = (c: { r: number; g: number; b: number }) =>
        `#${[c.r, c.g, c.b].map((v) => Math.round(v * 255).toString(16).padStart(2, '0')).join('')}`;
      const byId = new Map<number, DrawnPoint>();
      for (const f of window.__map!.queryRenderedFeatures({ layers: [layer] })) {
        const colour = (f.layer.paint as Record<string, { r: number; g: number; b: number }>)['circle-color']!;
        byId.set(Number(f.id), { id: Number(f.id), name: String(f.properties.name), placement: String(f.properties.placement), colour: hex(colour) });
      }
      return [...byId.values()].sort((a, b) => a.id - b.id);
    }, POINT_LAYER);
  }

  /** Selects an estate in the browse panel's list (what a reporter does when the map has nothing to click). */
  async selectFromList(name: string): Promise<void> {
    await this.p.locator('.estate-list button', { hasText: name }).first().click();
    await this.p.waitForSelector(`[data-testid="estate-details"] h2:text-is("${name}")`);
  }

  /** The placement line of the open details card: its state and its text. */
  async detailsPlacement(): Promise<{ placement: string; text: string }> {
    const el = this.p.locator('[data-testid="estate-details"] [data-testid="estate-placement"]');
    return { placement: (await el.getAttribute('data-placement')) ?? '', text: await el.innerText() };
  }

  /** Opens the report form from the details card of the selected estate. */
  async openReportFromDetails(): Promise<void> {
    await this.p.click('[data-testid="estate-details"] [data-testid="report-estate"]');
    await this.p.waitForSelector('[data-testid="estate-details"] [data-testid="report-form"]');
  }

  /** The legend's line for provisional points, if shown. */
  async legendProvisional(): Promise<string | null> {
    const el = this.p.locator('[data-testid="legend"] [data-class="provisional"]');
    return (await el.count()) > 0 ? el.innerText() : null;
  }
}
