/**
 * What a bureau's planner does in 计划管理, in domain words: find the district, preview the
 * bureau's own table, import it, open it. Builds on the onboarding driver (signing in, placing
 * estates, what the map drew).
 */
import type { Page } from './browser.ts';
import { OnboardingDriver } from './onboarding-driver.ts';

export interface ImportPreview {
  estates: number;
  text: string;
  warnings: string[];
}

export class PlansDriver extends OnboardingDriver {
  constructor(
    private readonly pg: Page,
    baseUrl: string,
    account: string,
  ) {
    super(pg, baseUrl, account);
  }

  async openPlans(): Promise<void> {
    await this.chooseMode('plans');
    await this.pg.waitForSelector('[data-testid="plans-panel"]');
  }

  /** Types a name into the region search and picks the hit with this code. */
  async pickRegion(query: string, code: string): Promise<string> {
    await this.pg.fill('[data-testid="plan-region-search"]', query);
    const hit = this.pg.locator(`[data-testid="plan-region-hits"] button[data-code="${code}"]`);
    await hit.waitFor();
    const label = (await hit.innerText()).trim();
    await hit.click();
    await this.pg.waitForSelector(`[data-testid="plan-region-picked"][data-code="${code}"]`);
    return label;
  }

  /** Year and file, then 预览: what the importer read, nothing written. */
  async previewImport(year: number, file: string): Promise<ImportPreview> {
    await this.pg.fill('[data-testid="plan-year"]', String(year));
    await this.pg.setInputFiles('[data-testid="plan-file"]', file);
    await this.pg.click('[data-testid="plan-preview"]');
    const summary = this.pg.locator('[data-testid="plan-preview-summary"]');
    await summary.waitFor();
    const warnings = await this.pg.$$eval('[data-testid="plan-warnings"] li', (els) => els.map((e) => e.textContent?.trim() ?? ''));
    return { estates: Number(await summary.getAttribute('data-estates')), text: await summary.innerText(), warnings };
  }

  /** Year and file, then 预览 of a table the importer refuses: the rows and columns it names. */
  async previewRefused(year: number, file: string): Promise<{ row: string; column: string; reason: string }[]> {
    await this.pg.fill('[data-testid="plan-year"]', String(year));
    await this.pg.setInputFiles('[data-testid="plan-file"]', file);
    await this.pg.click('[data-testid="plan-preview"]');
    await this.pg.waitForSelector('[data-testid="plan-import-error"] [data-testid="plan-problems"]');
    return this.pg.$$eval('[data-testid="plan-problems"] tbody tr', (rows) =>
      rows.map((r) => {
        const [row, column, reason] = [...r.querySelectorAll('td')].map((c) => c.textContent?.trim() ?? '');
        return { row: row!, column: column!, reason: reason! };
      }),
    );
  }

  /** 确认导入, then 打开计划: returns the programme key the app opened. */
  async confirmImportAndOpen(): Promise<string> {
    await this.pg.click('[data-testid="plan-confirm"]');
    await this.pg.waitForSelector('[data-testid="plan-imported"]');
    await this.pg.click('[data-testid="plan-open-imported"]');
    await this.pg.waitForFunction(() => new URLSearchParams(location.hash.slice(1)).has('p'));
    await this.apiIdle();
    await this.waitForMap();
    return this.pg.evaluate(() => new URLSearchParams(location.hash.slice(1)).get('p')!);
  }

  /** The plan's line in the list: estates, unplaced and reports as the panel shows them. */
  async planCounts(slug: string): Promise<{ estates: number; unplaced: number; reports: number; text: string }> {
    const el = this.pg.locator(`[data-testid="plans-list"] li[data-slug="${slug}"] [data-testid="plan-counts"]`);
    await el.waitFor();
    const n = async (a: string) => Number(await el.getAttribute(a));
    return { estates: await n('data-estates'), unplaced: await n('data-unplaced'), reports: await n('data-reports'), text: await el.innerText() };
  }

  /** Moves the camera as a planner would by scrolling in on a place. */
  async zoomTo(lngLat: [number, number], zoom: number): Promise<void> {
    await this.pg.evaluate(({ ll, z }) => window.__map!.jumpTo({ center: ll, zoom: z }), { ll: lngLat, z: zoom });
    await this.waitForMap();
  }

  /** 替换表格 on the plan's line, a corrected file, 预览: the counts the preview states. */
  async previewReplace(slug: string, file: string): Promise<{ text: string; changed: string[]; added: string[]; removed: string[] }> {
    const item = this.pg.locator(`[data-testid="plans-list"] li[data-slug="${slug}"]`);
    await item.locator('[data-testid="plan-replace-open"]').click();
    await item.locator('[data-testid="plan-replace-file"]').setInputFiles(file);
    await item.locator('[data-testid="plan-replace-preview"]').click();
    const summary = item.locator('[data-testid="plan-replace-summary"]');
    await summary.waitFor();
    const names = (kind: string) => item.locator(`[data-testid="plan-rows-${kind}"] li`).allInnerTexts();
    return { text: await summary.innerText(), changed: await names('changed'), added: await names('added'), removed: await names('removed') };
  }

  /** Confirms the previewed replacement; returns what the panel says was done. */
  async confirmReplace(slug: string): Promise<string> {
    const item = this.pg.locator(`[data-testid="plans-list"] li[data-slug="${slug}"]`);
    await item.locator('[data-testid="plan-replace-confirm"]').click();
    await item.locator('[data-testid="plan-replace-confirm"]').waitFor({ state: 'detached' });
    return item.locator('[data-testid="plan-replace-summary"]').innerText();
  }

  /** 删除计划 (admins): types the plan's code, confirms (with its reports when it has any). */
  async deletePlan(slug: string): Promise<void> {
    const item = this.pg.locator(`[data-testid="plans-list"] li[data-slug="${slug}"]`);
    await item.locator('[data-testid="plan-delete-open"]').click();
    await item.locator('[data-testid="plan-delete-slug"]').fill(slug);
    const force = item.locator('[data-testid="plan-delete-force"]');
    await ((await force.count()) > 0 ? force : item.locator('[data-testid="plan-delete-confirm"]')).click();
    await item.waitFor({ state: 'detached' });
  }
}
