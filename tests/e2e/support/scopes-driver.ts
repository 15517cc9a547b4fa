/**
 * What a designer does in the 设计范围 mode, in domain words: export a scope, draw a red line,
 * bring surveyed red lines back. Builds on the planner's driver for signing in and the map.
 */
import type { Page } from './browser.ts';
import { PlannerDriver } from './driver.ts';

const PANEL = '[data-testid="scopes-panel"]';
const MAP = '[data-testid="map"]';

export class DesignerDriver extends PlannerDriver {
  constructor(
    private readonly designerPage: Page,
    private readonly designerBaseUrl: string,
  ) {
    super(designerPage, designerBaseUrl, 'designer');
  }

  async openScopes(): Promise<void> {
    await this.chooseMode('scopes');
    await this.designerPage.waitForSelector(PANEL);
  }

  /** Clicks the estate on the map and waits until the panel offers to draw and export it. */
  async pickEstate(name: string): Promise<void> {
    await this.clickEstateOnMap(name);
    await this.designerPage.waitForSelector(`${PANEL} [data-testid="draw-box"] .export-title >> text=${name}`);
  }

  /** Frames a lon/lat box on the map (what a designer does with the mouse wheel before drawing). */
  async frame(bbox: [number, number, number, number]): Promise<void> {
    await this.designerPage.evaluate((b) => window.__map!.fitBounds([b[0], b[1], b[2], b[3]], { padding: 120, animate: false }), bbox);
    await this.waitForMap();
  }

  /** Screen position (page pixels) of a lon/lat on the map. */
  async screenOf(lngLat: [number, number]): Promise<{ x: number; y: number }> {
    return this.designerPage.evaluate(
      ({ p, sel }) => {
        const s = window.__map!.project(p);
        const box = document.querySelector(sel)!.getBoundingClientRect();
        return { x: box.left + s.x, y: box.top + s.y };
      },
      { p: lngLat, sel: MAP },
    );
  }

  /** The lon/lat under a page pixel of the map. */
  async lngLatOf(screen: { x: number; y: number }): Promise<[number, number]> {
    return this.designerPage.evaluate(
      ({ p, sel }) => {
        const box = document.querySelector(sel)!.getBoundingClientRect();
        const ll = window.__map!.unproject([p.x - box.left, p.y - box.top]);
        return [ll.lng, ll.lat] as [number, number];
      },
      { p: screen, sel: MAP },
    );
  }

  /** Starts a new outline and clicks its corners (page pixels), then the first one again to close it. */
  async drawOutline(corners: { x: number; y: number }[]): Promise<void> {
    // The legend overlays the map's top-left corner; a designer folds it away to draw there.
    if ((await this.designerPage.locator('[data-testid="legend"][open]').count()) > 0) {
      await this.designerPage.click('[data-testid="legend"] > summary');
    }
    await this.designerPage.click('[data-testid="draw-new"]');
    for (const c of [...corners, corners[0]!]) {
      await this.designerPage.mouse.click(c.x, c.y);
      // terra-draw reads pointer events on the next frame; a real hand is slower than this anyway.
      await this.designerPage.waitForTimeout(150);
    }
    await this.designerPage.waitForSelector('[data-testid="draw-area"]');
  }

  /** Starts reshaping the picked red line and drags one corner (page pixels) to another place. */
  async dragCorner(from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
    await this.designerPage.click('[data-testid="draw-reshape"]');
    await this.designerPage.waitForSelector('[data-testid="draw-area"], [data-testid="draw-message"].error');
    const refused = this.designerPage.locator('[data-testid="draw-message"].error');
    if (await refused.count()) throw new Error(`the red line cannot be reshaped: ${await refused.innerText()}`);
    const before = await this.shownAreaM2();
    await this.designerPage.mouse.move(from.x, from.y);
    await this.designerPage.mouse.down();
    for (let i = 1; i <= 10; i++) await this.designerPage.mouse.move(from.x + ((to.x - from.x) * i) / 10, from.y + ((to.y - from.y) * i) / 10);
    await this.designerPage.mouse.up();
    await this.designerPage.waitForFunction((a) => document.querySelector<HTMLElement>('[data-testid="draw-area"]')?.dataset.area !== a, before.toFixed(1));
  }

  /** The area the panel shows while drawing, in m² (data-area, unformatted). */
  async shownAreaM2(): Promise<number> {
    return Number(await this.designerPage.getAttribute('[data-testid="draw-area"]', 'data-area'));
  }

  /** Saves the drawn red line and returns the panel's message. */
  async saveRedLine(): Promise<string> {
    await this.designerPage.click('[data-testid="draw-save"]');
    const msg = this.designerPage.locator('[data-testid="draw-message"]');
    await msg.waitFor();
    return msg.innerText();
  }

  /** Chooses a file of surveyed red lines and asks for the preview; returns its summary and each row's status. */
  async previewImport(file: string): Promise<{ summary: string; statuses: string[]; rows: string[][] }> {
    await this.designerPage.setInputFiles('[data-testid="import-file"]', file);
    await this.designerPage.click('[data-testid="import-preview"]');
    await this.designerPage.waitForSelector('[data-testid="import-features"] tbody tr, [data-testid="import-error"]');
    const error = this.designerPage.locator('[data-testid="import-error"]');
    if (await error.count()) throw new Error(`the import was refused: ${await error.innerText()}`);
    return {
      summary: await this.designerPage.locator('[data-testid="import-summary"]').innerText(),
      statuses: await this.designerPage.$$eval('[data-testid="import-features"] tbody tr', (trs) => trs.map((tr) => (tr as HTMLElement).dataset.status ?? '')),
      rows: await this.designerPage.$$eval('[data-testid="import-features"] tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''))),
    };
  }

  /** Confirms the previewed import; returns the panel's summary once written. */
  async confirmImport(): Promise<string> {
    await this.designerPage.click('[data-testid="import-confirm"]');
    await this.designerPage.waitForSelector('[data-testid="import-confirm"]', { state: 'detached' });
    return this.designerPage.locator('[data-testid="import-summary"]').innerText();
  }

  /** Scrolls the panel to the import box (for screenshots). */
  async showImport(): Promise<void> {
    const table = this.designerPage.locator('[data-testid="import-features"]');
    await ((await table.count()) ? table : this.designerPage.locator('[data-testid="import-box"]')).scrollIntoViewIfNeeded();
  }

  /** Starts a new outline and clicks corners (page pixels) without closing it. */
  async placeCorners(corners: { x: number; y: number }[]): Promise<void> {
    if ((await this.designerPage.locator('[data-testid="legend"][open]').count()) > 0) {
      await this.designerPage.click('[data-testid="legend"] > summary');
    }
    if (await this.designerPage.locator('[data-testid="draw-new"]:not([disabled])').count()) await this.designerPage.click('[data-testid="draw-new"]');
    for (const c of corners) {
      await this.designerPage.mouse.click(c.x, c.y);
      await this.designerPage.waitForTimeout(150);
    }
  }

  /** The live figures under the drawing: corners, closed or not, area and perimeter (null when not shown). */
  async figures(): Promise<{ corners: number; closed: boolean; areaM2: number | null; perimeterM: number | null; text: string }> {
    return this.designerPage.evaluate(() => {
      const el = document.querySelector<HTMLElement>('[data-testid="draw-figures"]');
      const num = (sel: string, attr: string) => {
        const v = document.querySelector<HTMLElement>(sel)?.getAttribute(attr);
        return v == null ? null : Number(v);
      };
      return {
        corners: Number(el?.dataset.vertices ?? 0),
        closed: el?.dataset.closed === 'true',
        areaM2: num('[data-testid="draw-area"]', 'data-area'),
        perimeterM: num('[data-testid="draw-perimeter"]', 'data-perimeter'),
        text: el?.innerText ?? '',
      };
    });
  }

  /** Waits until the live figures satisfy a test on them (they follow the map a frame later). */
  async waitForFigures(test: string): Promise<void> {
    await this.designerPage.waitForFunction((src) => {
      const el = document.querySelector<HTMLElement>('[data-testid="draw-figures"]');
      const area = document.querySelector<HTMLElement>('[data-testid="draw-area"]')?.dataset.area;
      // eslint-disable-next-line no-new-func
      return new Function('corners', 'closed', 'area', `return ${src}`)(Number(el?.dataset.vertices ?? 0), el?.dataset.closed === 'true', area == null ? null : Number(area));
    }, test);
  }

  /** Ctrl+Z, or Ctrl+Shift+Z / Ctrl+Y (`keys`), as a designer presses them over the map. */
  async press(keys: 'Control+z' | 'Control+Shift+z' | 'Control+y'): Promise<void> {
    await this.designerPage.keyboard.press(keys);
    await this.designerPage.waitForTimeout(100);
  }

  async clickTool(testId: 'draw-undo' | 'draw-redo' | 'draw-reshape' | 'draw-cancel'): Promise<void> {
    await this.designerPage.click(`[data-testid="${testId}"]`);
    await this.designerPage.waitForTimeout(100);
  }

  async saveEnabled(): Promise<boolean> {
    return this.designerPage.locator('[data-testid="draw-save"]').isEnabled();
  }

  /** The name the draw box shows: the estate the panel has picked (null when none). */
  async pickedName(): Promise<string | null> {
    const title = this.designerPage.locator('[data-testid="draw-box"] .export-title');
    return (await title.count()) ? title.innerText() : null;
  }

  /** Opens a link (a bookmarked or shared URL) afresh in this signed-in browser. */
  async openLink(hash: string): Promise<void> {
    await this.designerPage.goto('about:blank');
    await this.designerPage.goto(`${this.url}/${hash}`);
    await this.designerPage.waitForSelector('[data-testid="place-picker"]:not([disabled])');
    await this.waitForMap();
  }

  private get url(): string {
    return this.designerBaseUrl;
  }

  /** Drags a corner of the outline being reshaped (page pixels), in ten steps as a hand would. */
  async drag(from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
    await this.designerPage.mouse.move(from.x, from.y);
    await this.designerPage.mouse.down();
    for (let i = 1; i <= 10; i++) await this.designerPage.mouse.move(from.x + ((to.x - from.x) * i) / 10, from.y + ((to.y - from.y) * i) / 10);
    await this.designerPage.mouse.up();
  }

  /** The overlaps the panel shows before saving, once the server has answered for the ring as it stands. */
  async liveOverlaps(): Promise<{ estateId: number; areaM2: number; text: string }[]> {
    await this.designerPage.waitForSelector('[data-testid="overlap-live"][data-checking="false"]');
    return this.designerPage.$$eval('[data-testid="overlap-live"] li', (lis) =>
      lis.map((li) => ({ estateId: Number((li as HTMLElement).dataset.estateId), areaM2: Number((li as HTMLElement).dataset.area), text: li.textContent ?? '' })),
    );
  }

  /** Clicks 保存红线 and, when the overlap question comes, answers with the reason; returns the panel's message. */
  async saveOverlapping(reason: string): Promise<{ asked: { estateId: number; areaM2: number }[]; message: string }> {
    await this.designerPage.click('[data-testid="draw-save"]');
    await this.designerPage.waitForSelector('[data-testid="overlap-confirm"]');
    const asked = await this.designerPage.$$eval('[data-testid="overlap-confirm"] li', (lis) =>
      lis.map((li) => ({ estateId: Number((li as HTMLElement).dataset.estateId), areaM2: Number((li as HTMLElement).dataset.area) })),
    );
    await this.designerPage.fill('[data-testid="overlap-reason"]', reason);
    await this.designerPage.click('[data-testid="overlap-save"]');
    const msg = this.designerPage.locator('[data-testid="draw-message"]');
    await msg.waitFor();
    return { asked, message: await msg.innerText() };
  }

  /** The red line history rows of the picked estate: [history id, version]. */
  async historyRows(): Promise<{ id: number; version: number; text: string }[]> {
    await this.designerPage.waitForSelector('[data-testid="history-box"]');
    return this.designerPage.$$eval('[data-testid="history-box"] li', (lis) =>
      lis.map((li) => ({ id: Number((li as HTMLElement).dataset.historyId), version: Number((li as HTMLElement).dataset.version), text: li.textContent ?? '' })),
    );
  }

  /** 查看 on a history row: the version and its replacement drawn on the map. */
  async showVersion(historyId: number): Promise<void> {
    await this.designerPage.click(`[data-testid="history-box"] li[data-history-id="${historyId}"] [data-testid="history-show"]`);
    await this.waitForMap();
  }

  /** 恢复 on a history row; returns the panel's message. */
  async restoreVersion(historyId: number): Promise<string> {
    await this.designerPage.click(`[data-testid="history-box"] li[data-history-id="${historyId}"] [data-testid="history-restore"]`);
    const msg = this.designerPage.locator('[data-testid="history-message"]');
    await msg.waitFor();
    return msg.innerText();
  }

  /** Assigns an imported feature to an estate with the table's select, and waits for the preview to follow. */
  async assignInTable(index: number, estateId: number): Promise<void> {
    await this.designerPage.selectOption(`[data-testid="import-features"] tr[data-index="${index}"] [data-testid="import-assign"]`, String(estateId));
    await this.designerPage.waitForSelector(`[data-testid="import-features"] tr[data-index="${index}"][data-estate-id="${estateId}"]`);
  }

  /** Clicks an imported feature on the map (page pixels), then the named estate; waits for the preview to follow. */
  async assignOnMap(index: number, at: { x: number; y: number }, estateName: string, estateId: number): Promise<void> {
    await this.designerPage.mouse.click(at.x, at.y);
    await this.designerPage.waitForSelector('[data-testid="import-armed"]');
    await this.clickEstateOnMap(estateName);
    await this.designerPage.waitForSelector(`[data-testid="import-features"] tr[data-index="${index}"][data-estate-id="${estateId}"]`);
  }

  /** Confirms the import, giving a reason if the server asks about overlaps; returns the summary once written. */
  async confirmImportWithReason(reason: string): Promise<string> {
    await this.designerPage.click('[data-testid="import-confirm"]');
    await this.designerPage.waitForSelector('[data-testid="overlap-confirm"], [data-testid="import-error"], [data-testid="import-summary"]:has-text("已导入")');
    if (await this.designerPage.locator('[data-testid="import-box"] [data-testid="overlap-confirm"]').count()) {
      await this.designerPage.fill('[data-testid="import-box"] [data-testid="overlap-reason"]', reason);
      await this.designerPage.click('[data-testid="import-box"] [data-testid="overlap-save"]');
    }
    await this.designerPage.waitForSelector('[data-testid="import-summary"]:has-text("已导入"), [data-testid="import-error"]');
    const error = this.designerPage.locator('[data-testid="import-error"]');
    if (await error.count()) throw new Error(`the import was refused: ${await error.innerText()}`);
    return this.designerPage.locator('[data-testid="import-summary"]').innerText();
  }
}
