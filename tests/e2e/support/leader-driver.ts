/**
 * What a leader does on the dashboard, in domain words. Builds on the planner's driver for
 * opening the app and waiting for the map.
 */
import type { Page } from './browser.ts';
import { PlannerDriver } from './driver.ts';

export interface RankingLine {
  rank: string;
  name: string;
  rate: string;
  /** The rate the source circular printed (column 通报所列…), when the table shows one. */
  stated?: string;
}

/** An estate as MapLibre drew it: the layer, the figure the tile carried and the colour painted. */
export interface DrawnEstate {
  layer: string;
  progressPct: number | null;
  /** rgba() of the fill or dot; 'hatched' for the no-data pattern. */
  colour: string;
}

export class LeaderDriver extends PlannerDriver {
  constructor(
    private readonly leaderPage: Page,
    baseUrl: string,
    account = 'leader',
  ) {
    super(leaderPage, baseUrl, account);
  }

  /** Switches to the dashboard mode and waits for its ranking and the map to settle. */
  async openDashboard(): Promise<void> {
    await this.leaderPage.click('[role="tab"][data-mode="dashboard"]');
    await this.waitForDashboard();
  }

  async waitForDashboard(): Promise<void> {
    await this.leaderPage.waitForSelector('[data-testid="dashboard"][data-loading="false"] [data-testid="ranking-table"] tbody tr');
    await this.waitForMap();
  }

  /** Scrolls the panel so that the ranking table is in view (for screenshots). */
  async showRanking(): Promise<void> {
    await this.leaderPage.locator('[data-testid="ranking-table"]').scrollIntoViewIfNeeded();
  }

  /** The ranking table as shown: rank, region name, rate text. */
  async rankingLines(): Promise<RankingLine[]> {
    return this.leaderPage.$$eval('[data-testid="ranking-table"] tbody tr', (rows) =>
      rows.map((r) => {
        const cells = [...r.querySelectorAll('td')].map((c) => c.textContent?.trim() ?? '');
        const stated = r.querySelector('td.db-stated')?.textContent?.trim();
        return { rank: cells[0]!, name: cells[1]!, rate: cells[2]!, ...(stated === undefined ? {} : { stated }) };
      }),
    );
  }

  async totalRate(): Promise<string> {
    return (await this.leaderPage.textContent('[data-testid="ranking-table"] tfoot td.db-rate'))?.trim() ?? '';
  }

  async kpisText(): Promise<string> {
    return this.leaderPage.locator('[data-testid="dashboard-kpis"]').innerText();
  }

  /** Moves the month slider (by keyboard, as a user can) until it shows the period. */
  async replayMonth(period: string): Promise<void> {
    const slider = this.leaderPage.locator('[data-testid="period-slider"]');
    await slider.focus();
    await slider.press('Home');
    // One month at a time, each drawn before the next (as a person reads it): a month left before
    // its estates arrive has its request cancelled, which the browser reports as a failed request.
    for (let i = 0; i < 120 && (await this.month()) !== period; i++) {
      await slider.press('ArrowRight');
      await this.waitForDashboard();
    }
    if ((await this.month()) !== period) throw new Error(`the slider has no month ${period}`);
    await this.waitForDashboard();
  }

  async month(): Promise<string> {
    return (await this.leaderPage.textContent('[data-testid="dashboard-period"]'))?.trim() ?? '';
  }

  /** The total line's "completed / estates" cell. */
  async totalCompleted(): Promise<string> {
    return (await this.leaderPage.textContent('[data-testid="ranking-table"] tfoot td.db-completed'))?.trim() ?? '';
  }

  /** Chooses the rate the table ranks and the map colours by (its label as shown). */
  async rankBy(label: string): Promise<void> {
    await this.leaderPage.click(`[data-testid="dashboard"] .db-segmented button:text-is("${label}")`);
    await this.waitForDashboard();
  }

  /** Opens the report form and files a report; returns what the form says afterwards. */
  async fileReport(r: { estate: string; period: string; progressPct: string; investmentWan?: string; note?: string }): Promise<string> {
    const page = this.leaderPage;
    if (!(await page.locator('[data-testid="report-form"]').isVisible())) await page.click('[data-testid="report-form-toggle"]');
    const form = page.locator('[data-testid="report-form"]');
    const option = form.locator('select').first().locator('option', { hasText: r.estate });
    await form.locator('select').first().selectOption((await option.first().getAttribute('value'))!);
    await form.locator('input[type="month"]').fill(r.period);
    await form.locator('input[type="number"]').nth(0).fill(r.progressPct);
    if (r.investmentWan !== undefined) await form.locator('input[type="number"]').nth(1).fill(r.investmentWan);
    if (r.note !== undefined) await form.locator('textarea').fill(r.note);
    await form.locator('button[type="submit"]').click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="report-outcome"]') || document.querySelector('[data-testid="report-form"] span.error'),
    );
    const outcome = page.locator('[data-testid="report-outcome"]');
    if (await outcome.isVisible()) return (await outcome.innerText()).trim();
    return (await form.locator('span.error').allInnerTexts()).join(' | ');
  }

  /** Centres the map on a point at a zoom (where the estate's red line is drawn, from z12). */
  async lookAt(lngLat: [number, number], zoom: number): Promise<void> {
    await this.leaderPage.evaluate(({ c, z }) => window.__map!.jumpTo({ center: c, zoom: z, pitch: 0, bearing: 0 }), { c: lngLat, z: zoom });
    await this.waitForMap();
  }

  /** The named estate as the map rendered it (queryRenderedFeatures on the estate layers), null when not drawn. */
  async drawnEstate(name: string): Promise<DrawnEstate | null> {
    return this.leaderPage.evaluate((estateName) => {
      const layers = ['estates-fill', 'estates-nodata', 'estates-dots', 'estates-provisional'];
      const hit = window.__map!.queryRenderedFeatures({ layers }).find((f) => f.properties?.name === estateName);
      if (!hit) return null;
      const paint = (hit.layer as { paint?: Record<string, unknown> }).paint ?? {};
      const c = (paint['fill-color'] ?? paint['circle-color']) as { r: number; g: number; b: number; a: number } | undefined;
      const colour =
        hit.layer.id === 'estates-nodata' || !c ? 'hatched' : `rgba(${Math.round(c.r * 255)},${Math.round(c.g * 255)},${Math.round(c.b * 255)},${c.a})`;
      const pct = hit.properties?.progressPct;
      return { layer: hit.layer.id, progressPct: pct === undefined || pct === null ? null : Number(pct), colour };
    }, name);
  }

  /** The layer panel's estates entry: its count per class (data-class → count). */
  async legendCounts(): Promise<Record<string, number>> {
    return this.leaderPage.$$eval('[data-testid="legend"] [data-layer="estates"] li[data-class]', (items) =>
      Object.fromEntries(
        items
          .map((li) => [(li as HTMLElement).dataset.class!, li.querySelector(':scope > .count')?.textContent] as const)
          .filter(([, n]) => n !== undefined && n !== null)
          .map(([k, n]) => [k, Number(n)]),
      ),
    );
  }

  /** Whether the month slider and its ▶ are shown (only when the reports cover several months). */
  async replayShown(): Promise<boolean> {
    return this.leaderPage.locator('[data-testid="period-replay"]').isVisible();
  }

  /** Chooses the replay speed (seconds per month) and presses ▶. */
  async play(secondsPerMonth: number): Promise<void> {
    await this.leaderPage.selectOption('[data-testid="period-speed"]', String(secondsPerMonth));
    await this.leaderPage.click('[data-testid="period-play"]');
    await this.leaderPage.waitForSelector('[data-testid="period-replay"][data-playing="true"]');
  }

  /** Presses ❚❚ and waits for the month on screen to finish loading. */
  async pause(): Promise<void> {
    await this.leaderPage.click('[data-testid="period-play"]');
    await this.leaderPage.waitForSelector('[data-testid="period-replay"][data-playing="false"]');
    await this.waitForDashboard();
  }

  /** Waits until the slider shows a month after `period` (it is playing). */
  async waitForMonthAfter(period: string, timeout = 30_000): Promise<string> {
    await this.leaderPage.waitForFunction(
      (p) => (document.querySelector('[data-testid="dashboard-period"]')?.textContent?.trim() ?? '') > p,
      period,
      { timeout },
    );
    return this.month();
  }

  async clickRankingRow(name: string): Promise<void> {
    await this.leaderPage.click(`[data-testid="ranking-table"] tbody tr:has(td.db-name:text-is("${name}"))`);
    await this.waitForMap();
  }
}
