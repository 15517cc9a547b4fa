/**
 * What a planner does in the dig-once mode, in domain words (the pipelines panel and its map layers).
 */
import type { Page } from './browser.ts';
import type { PlannerDriver } from './driver.ts';

const PANEL = '[data-testid="pipelines-panel"]';

export class PipelinesDriver {
  constructor(
    private readonly page: Page,
    private readonly planner: PlannerDriver,
  ) {}

  /** Switches to the dig-once tab and waits until the conflicts have been computed. */
  async openDigOnce(): Promise<void> {
    await this.page.click('[role="tablist"] button[data-mode="pipelines"]');
    await this.page.waitForSelector(`${PANEL} [data-testid="pipelines-conflicts"] tbody tr`, { timeout: 60_000 });
    await this.planner.waitForMap();
  }

  /** The layer panel's entry for the works by utility (its legend). */
  legendText(): Promise<string> {
    return this.page.locator('[data-testid="legend"] [data-layer="pipelines"]').innerText();
  }

  summary(): Promise<string> {
    return this.page.locator('[data-testid="pipelines-summary"]').innerText();
  }

  /** Rows of the conflicts table as [workA, workB, kind, shared, gap] texts. */
  async conflictRows(): Promise<string[][]> {
    return this.page.$$eval('[data-testid="pipelines-conflicts"] tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
    );
  }

  async sortBy(key: 'kind' | 'sharedLengthMeters' | 'gapDays'): Promise<void> {
    await this.page.click(`[data-testid="pipelines-conflicts"] th[data-sort="${key}"]`);
  }

  /** Clicks a conflict row; the map frames the pair. Returns the zoom after the camera stops. */
  async zoomToConflict(index: number): Promise<number> {
    await this.page.click(`[data-testid="pipelines-conflicts"] tbody tr:nth-child(${index + 1})`);
    await this.page.waitForFunction(() => window.__map?.isMoving() === false);
    await this.planner.waitForMap();
    return this.page.evaluate(() => window.__map!.getZoom());
  }

  corridorsText(): Promise<string> {
    return this.page.locator('[data-testid="pipelines-corridors"]').innerText();
  }

  moratoriumText(): Promise<string> {
    return this.page.locator('[data-testid="pipelines-moratorium"]').innerText();
  }

  async setMonth(month: number): Promise<void> {
    await this.page.locator('[data-testid="pipelines-month-slider"]').fill(String(month));
  }
}
