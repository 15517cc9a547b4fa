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
    inFlight(p);
  }

  /** Signs in through the form; returns once the app is there, or the page crashed trying. */
  override async signIn(username: string, password = E2E_PASSWORD): Promise<void> {
    // From wherever the previous step left the page: a fresh load, signed out.
    await this.p.goto(this.base);
    await this.p.waitForSelector('[data-testid="login-form"], [data-testid="user-badge"], .crash');
    if ((await this.p.locator('[data-testid="login-form"]').count()) === 0) {
      await this.p.evaluate(async () => {
        const me = (await (await fetch('/api/auth/me')).json()) as { csrfToken?: string };
        await fetch('/api/auth/logout', { method: 'POST', headers: { 'x-csrf-token': me.csrfToken ?? '' } });
      });
      await this.p.goto(this.base);
    }
    await this.p.waitForSelector('[data-testid="login-form"]');
    await this.p.fill('[data-testid="login-username"]', username);
    await this.p.fill('[data-testid="login-password"]', password);
    await this.p.click('[data-testid="login-submit"]');
    await this.p.waitForSelector('[data-testid="user-badge"], .crash');
  }

  /** Runs fn while the server answers the programme list with none, as an empty database does. */
  async withoutProgrammes(fn: () => Promise<void>): Promise<void> {
    const empty = (route: { fulfill(r: { status: number; contentType: string; body: string }): Promise<void> }) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: '[]' });
    await this.p.route('**/api/programmes', empty);
    try {
      await fn();
    } finally {
      await this.p.unroute('**/api/programmes', empty);
    }
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
      // Each panel's figures come from its own requests: wait until they have all answered.
      await this.apiIdle();
      const crash = await this.crash();
      visits.push({ mode, crash, text: crash ? '' : await this.p.locator('.panel').innerText() });
      if (crash) break;
    }
    await this.chooseMode('browse');
    return visits;
  }

  /** As the planner's driver, but a timeout says what the map was still waiting for. */
  override async waitForMap(): Promise<void> {
    try {
      await super.waitForMap();
    } catch (e) {
      const state = await this.p.evaluate((sel) => {
        const map = window.__map;
        return {
          idleAttr: document.querySelector<HTMLElement>(sel)?.dataset.mapIdle,
          loaded: map?.loaded(),
          moving: map?.isMoving(),
          tilesLoaded: map?.areTilesLoaded(),
          styleLoaded: map?.isStyleLoaded(),
        };
      }, MAP);
      throw new Error(`${(e as Error).message}\nmap: ${JSON.stringify(state)}; requests pending: ${[...inFlight(this.p)].join(', ')}`);
    }
  }

  /** Waits until no API request has been in flight for half a second (a panel has its answers). */
  async apiIdle(): Promise<void> {
    const pending = inFlight(this.p);
    let quietSince = Date.now();
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if ([...pending].some((u) => new URL(u).pathname.startsWith('/api/'))) quietSince = Date.now();
      else if (Date.now() - quietSince >= 500) return;
      await this.p.waitForTimeout(100);
    }
    throw new Error(`API requests still pending after 60 s: ${[...pending].join(', ')}`);
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

  /** In 设计范围: picks an estate from the list of those without a red line. */
  async pickWithoutRedLine(name: string): Promise<void> {
    await this.p.locator('[data-testid="no-red-line"] li', { hasText: name }).locator('[data-testid="pick-no-red-line"]').click();
    await this.p.waitForSelector(`[data-testid="draw-box"] .export-title >> text=${name}`);
  }

  /** Where a lon/lat is on the map, as fractions of its width and height (0,0 top left). */
  async whereInMap(lngLat: [number, number]): Promise<[number, number]> {
    return this.p.evaluate(
      ({ ll, sel }) => {
        const s = window.__map!.project(ll);
        const box = document.querySelector(sel)!.getBoundingClientRect();
        return [s.x / box.width, s.y / box.height] as [number, number];
      },
      { ll: lngLat, sel: MAP },
    );
  }

  /** Where the map is looking. */
  async mapCentre(): Promise<{ lngLat: [number, number]; zoom: number }> {
    return this.p.evaluate(() => {
      const map = window.__map!;
      const c = map.getCenter();
      return { lngLat: [c.lng, c.lat] as [number, number], zoom: map.getZoom() };
    });
  }

  /** The legend's line for provisional points, if shown. */
  async legendProvisional(): Promise<string | null> {
    const el = this.p.locator('[data-testid="legend"] [data-layer="estates"] [data-item="provisional"]');
    return (await el.count()) > 0 ? el.innerText() : null;
  }
}

/** The API requests of a page that have not answered yet (one tracker per page). */
const trackers = new WeakMap<Page, Set<string>>();
function inFlight(page: Page): Set<string> {
  let pending = trackers.get(page);
  if (pending) return pending;
  const open = new Set<string>();
  const done = (r: { url(): string }) => open.delete(r.url());
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/api/') || path.startsWith('/tiles/')) open.add(r.url());
  });
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  trackers.set(page, open);
  pending = open;
  return pending;
}
