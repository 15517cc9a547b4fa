/**
 * What an admin does in the audit-log mode, in domain words.
 */
import type { Page } from './browser.ts';

const PANEL = '[data-testid="audit-panel"]';

export interface AuditLine {
  action: string;
  table: string;
  text: string;
}

export class AuditDriver {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.click('[role="tablist"] button[data-mode="audit"]');
    await this.page.waitForSelector(`${PANEL} [data-testid="audit-list"]`);
  }

  /** Narrows the log to one table and waits for its entries. */
  async filterTable(table: string): Promise<void> {
    await this.page.selectOption(`${PANEL} [data-testid="audit-table"]`, table);
    await this.page.waitForFunction(
      ({ panel, t }) => {
        const rows = [...document.querySelectorAll<HTMLElement>(`${panel} [data-testid="audit-list"] li`)];
        return rows.length > 0 && rows.every((r) => r.dataset.table === t);
      },
      { panel: PANEL, t: table },
    );
  }

  async lines(): Promise<AuditLine[]> {
    return this.page.$$eval(`${PANEL} [data-testid="audit-list"] li`, (rows) =>
      rows.map((r) => ({ action: (r as HTMLElement).dataset.action!, table: (r as HTMLElement).dataset.table!, text: (r as HTMLElement).innerText })),
    );
  }

  /** Opens the n-th entry and returns its before/after table as text. */
  async expand(n: number): Promise<string> {
    const row = this.page.locator(`${PANEL} [data-testid="audit-list"] li`).nth(n);
    await row.locator('button.audit-row').click();
    return row.locator('.audit-change').innerText();
  }
}
