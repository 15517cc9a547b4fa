/**
 * What a planner does in the 形象进度与目标 mode, in domain words.
 */
import type { Page } from './browser.ts';

const PANEL = '[data-testid="goals-panel"]';

export class GoalsDriver {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.click('[role="tablist"] button[data-mode="goals"]');
    await this.page.waitForSelector(`${PANEL} [data-testid="milestones-table"]`);
  }

  /** Adds a milestone for an estate of the programme, saves the list and waits for the saved list. */
  async addMilestone(m: { quarter: number; estate: string; phase: string; pct: string }): Promise<string> {
    const editor = this.page.locator(`${PANEL} [data-testid="milestones-editor"]`);
    const before = Number(await editor.getAttribute('data-version'));
    const add = this.page.locator(`${PANEL} [data-testid="milestone-add"]`);
    await add.locator('[data-testid="milestone-quarter"]').selectOption(String(m.quarter));
    await add.locator('[data-testid="milestone-estate"]').selectOption({ label: m.estate });
    await add.locator('[data-testid="milestone-phase"]').selectOption(m.phase);
    await add.locator('[data-testid="milestone-pct"]').fill(m.pct);
    await add.locator('[data-testid="milestone-add-button"]').click();
    await this.page.click(`${PANEL} [data-testid="milestones-save"]`);
    const message = this.page.locator(`${PANEL} [data-testid="milestones-message"]`);
    await message.waitFor();
    await this.page.waitForFunction(
      ({ sel, v }) => {
        const el = document.querySelector<HTMLElement>(sel);
        return !!el && Number(el.dataset.version) > v && el.dataset.fetching === 'false';
      },
      { sel: `${PANEL} [data-testid="milestones-editor"]`, v: before },
    );
    return message.innerText();
  }

  async milestoneRows(): Promise<string[]> {
    await this.page.waitForSelector(`${PANEL} [data-testid="milestones-editor"][data-fetching="false"]`);
    return this.page.$$eval(`${PANEL} [data-testid="milestones-table"] tbody tr`, (rows) => rows.map((r) => (r as HTMLElement).innerText.replace(/\s+/g, ' ').trim()));
  }

  /** Previews a table in one of the two import boxes; the preview line, or the problems listed. */
  async previewImport(box: 'milestones-import' | 'targets-import', name: string, text: string): Promise<{ preview: string | null; problems: string[] }> {
    const root = this.page.locator(`${PANEL} [data-testid="${box}"]`);
    await root.locator(`[data-testid="${box}-file"]`).setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
    await root.locator(`[data-testid="${box}-preview-button"]`).click();
    await this.page.waitForFunction(
      (sel) => !!document.querySelector(`${sel} [data-testid$="-preview"], ${sel} [data-testid$="-problems"], ${sel} .error`),
      `${PANEL} [data-testid="${box}"]`,
    );
    const preview = root.locator(`[data-testid="${box}-preview"]`);
    return {
      preview: (await preview.count()) ? await preview.innerText() : null,
      problems: await root.locator(`[data-testid="${box}-problems"] li`).allInnerTexts(),
    };
  }

  /** Confirms the previewed import and waits for the list saved by it. */
  async confirmImport(box: 'milestones-import' | 'targets-import'): Promise<void> {
    const editor = `${PANEL} [data-testid="${box === 'milestones-import' ? 'milestones-editor' : 'targets-editor'}"]`;
    const before = Number(await this.page.locator(editor).getAttribute('data-version'));
    await this.page.click(`${PANEL} [data-testid="${box}"] [data-testid="${box}-confirm"]`);
    await this.page.waitForFunction(
      ({ sel, v }) => {
        const el = document.querySelector<HTMLElement>(sel);
        return !!el && Number(el.dataset.version) > v && el.dataset.fetching === 'false';
      },
      { sel: editor, v: before },
    );
  }

  async targetValues(): Promise<number[]> {
    return this.page.$$eval(`${PANEL} [data-testid="targets-table"] input[type="number"]`, (inputs) => inputs.map((i) => Number((i as HTMLInputElement).value)));
  }
}
