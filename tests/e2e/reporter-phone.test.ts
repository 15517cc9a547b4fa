import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPeriod, lastReport, reportingWindow } from '../../client/src/reports/defaults.ts';
import { programmeExtent } from '../../client/src/places/extent.ts';
import { periodRange } from '../../shared/progress/periods.ts';
import type { EstateCollection } from '../../shared/estates/contract.ts';
import type { ProgrammeItem } from '../../shared/programmes/contract.ts';
import type { ProgressReport } from '../../shared/progress/contract.ts';
import { openBrowser, type BrowserSession } from './support/browser.ts';
import { startApp, type RunningApp } from './support/app.ts';
import { LeaderDriver } from './support/leader-driver.ts';

const docs = (name: string) => fileURLToPath(new URL(`../../docs/${name}`, import.meta.url));
const FORM = '[data-testid="report-form"]';

/**
 * The reporter of 南康区 (issue 16, items 8 and 9): their only programme is chosen for them, the
 * form's estate picker filters by name and marks the estates not reported for the month, progress
 * starts from the last report; on a 390 px phone the panel is a bottom sheet, nothing is wider
 * than the screen, and the map frames the programme clear of the sheet and the legend.
 */
describe('the reporter on a desktop and on a phone (Nankang 2024)', () => {
  let app: RunningApp;
  let browser: BrowserSession;
  let reporter: LeaderDriver;
  let programme: ProgrammeItem;
  let estates: EstateCollection;

  beforeAll(async () => {
    app = await startApp();
    browser = await openBrowser();
    reporter = new LeaderDriver(browser.page, app.baseUrl, 'reporter-360703');
    await browser.page.goto(app.baseUrl);
    await reporter.signIn('reporter-360703');
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const optionNames = () =>
    browser.page.$$eval(`${FORM} [data-testid="rf-estate"] option`, (os) =>
      os.map((o) => ({ id: Number((o as HTMLOptionElement).value), text: o.textContent ?? '', notYet: (o as HTMLElement).dataset.notYet === 'true' })),
    );
  const monthReports = async (period: string) =>
    (await reporter.apiGet<{ reports: ProgressReport[] }>(`/api/reports?period=${period}`)).reports;
  const countShown = async () => (await browser.page.textContent('[data-testid="rf-not-yet-count"]'))?.trim() ?? '';

  it('has the only programme chosen, without picking it, and framed', async () => {
    const programmes = await reporter.apiGet<ProgrammeItem[]>('/api/programmes');
    expect(programmes.map((p) => p.key)).toEqual(['nankang-2024']);
    programme = programmes[0]!;
    await browser.page.waitForFunction(() => document.querySelector<HTMLSelectElement>('[data-testid="place-picker"]')?.value === 'nankang-2024');
    expect(new URLSearchParams((await browser.page.evaluate(() => location.hash)).slice(1)).get('p')).toBe('nankang-2024');
    await browser.page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid="map"]')?.dataset.estateCount !== '0');
    await reporter.waitForMap();
    estates = await reporter.apiGet<EstateCollection>('/api/estates?district=360703&year=2024');
    expect(await reporter.estateCount()).toBe(estates.features.length);
    // Framed at the estates' scale, not the province's: every placed estate is drawn.
    const placed = estates.features.filter((f) => f.properties.placement !== 'unplaced').map((f) => Number(f.id));
    expect(await reporter.renderedEstateIds()).toEqual([...placed].sort((a, b) => a - b));
  });

  it('filters the picker by 金, marks the estates not reported for the month and counts them', async () => {
    await reporter.chooseMode('reports');
    await browser.page.waitForSelector(`${FORM} [data-testid="rf-not-yet-count"]`);
    // The programme's month: the rule of client/src/reports/defaults.ts, on the programme's data.
    const month = await browser.page.inputValue(`${FORM} input[type="month"]`);
    expect(month).toBe(defaultPeriod(reportingWindow(programme, estates.features.map((f) => f.properties)), new Date()));
    const total = estates.features.length;
    const checkMonth = async (period: string) => {
      const filed = new Set((await monthReports(period)).map((r) => r.estateId));
      const notYet = estates.features.filter((f) => !filed.has(Number(f.id))).length;
      await browser.page.waitForFunction(
        (want) => document.querySelector('[data-testid="rf-not-yet-count"]')?.textContent?.includes(want),
        `(${period}): ${notYet} / ${total}`,
      );
      const shown = await optionNames();
      const expected = estates.features.filter((f) => f.properties.name.includes('金'));
      expect(expected.length).toBeGreaterThan(0);
      expect(shown.map((o) => o.id).sort()).toEqual(expected.map((f) => Number(f.id)).sort());
      for (const o of shown) {
        expect(o.notYet).toBe(!filed.has(o.id));
        expect(o.text.includes('● 本月未填报')).toBe(!filed.has(o.id));
      }
      return { filed: filed.size, marked: shown.filter((o) => o.notYet).length };
    };

    await browser.page.fill(`${FORM} [data-testid="rf-filter"]`, '金');
    // At the programme's month the reporter sees the marker (the demo's reports stop before it).
    expect((await checkMonth(month)).marked).toBeGreaterThan(0);

    // A month some estates reported and some did not (from the API, month by month).
    const newest = estates.features.map((f) => f.properties.reportPeriod).filter((p): p is string => p !== null).sort().at(-1)!;
    let mixed: string | null = null;
    for (const p of periodRange(programme.reportingFrom, newest)) {
      const n = new Set((await monthReports(p)).map((r) => r.estateId)).size;
      if (n > 0 && n < total) mixed = p;
    }
    expect(mixed).not.toBeNull();
    await browser.page.fill(`${FORM} input[type="month"]`, mixed!);
    expect((await checkMonth(mixed!)).filed).toBeGreaterThan(0);

    // The choice followed the filter; ↓ goes from the filter to the picker.
    const chosen = Number(await browser.page.inputValue(`${FORM} [data-testid="rf-estate"]`));
    expect(estates.features.filter((f) => f.properties.name.includes('金')).map((f) => Number(f.id))).toContain(chosen);
    await browser.page.focus(`${FORM} [data-testid="rf-filter"]`);
    await browser.page.keyboard.press('ArrowDown');
    expect(await browser.page.evaluate(() => document.activeElement?.id)).toBe('rf-estate');
  });

  it('prefills phase, progress and money from the estate’s last report, and says so', async () => {
    const chosen = Number(await browser.page.inputValue(`${FORM} [data-testid="rf-estate"]`));
    const history = (await reporter.apiGet<{ reports: ProgressReport[] }>(`/api/reports?estateId=${chosen}`)).reports;
    const last = lastReport(history);
    expect(last).not.toBeNull();
    await browser.page.waitForSelector(`${FORM} [data-testid="rf-prefilled"]`);
    expect(await browser.page.textContent(`${FORM} [data-testid="rf-prefilled"]`)).toContain(`已按上次填报预填 (${last!.period} r${last!.revision})`);
    const numbers = browser.page.locator(`${FORM} input[type="number"]`);
    expect(Number(await numbers.nth(0).inputValue())).toBe(last!.progressPct);
    const estate = estates.features.find((f) => Number(f.id) === chosen)!;
    const money = await numbers.nth(1).inputValue();
    if (estate.properties.investmentLevel != null && last!.completedInvestmentWan !== null) expect(Number(money)).toBe(last!.completedInvestmentWan);
    else expect(money).toBe('');
    expect(await browser.page.locator(`${FORM} select`).nth(1).inputValue()).toBe(last!.phase ?? 'construction');
    await browser.page.locator('[data-testid="reports-panel"]').scrollIntoViewIfNeeded();
    await reporter.screenshot(docs('reporter-form.png'));
    expect(browser.errors).toEqual([]);
  });

  it('leaves the progress field alone once the reporter is in it, when the last report arrives late', async () => {
    // A reporter clicks into 形象进度 while the estate's history is still on its way, then types.
    // The prefill must not land in the field under their cursor: typing "55" after it once made
    // "73.755", filed as 73.76 %.
    await browser.page.fill(`${FORM} [data-testid="rf-filter"]`, ''); // every estate in the picker again
    const chosen = Number(await browser.page.inputValue(`${FORM} [data-testid="rf-estate"]`));
    // An estate this page has not shown yet (not the first, nor one the 金 filter chose), so that
    // its history is not in the page's cache and the prefill really comes late.
    const ids = (await optionNames()).filter((o, i) => i > 0 && o.id !== chosen && !o.text.includes('金')).map((o) => o.id).reverse();
    let other: number | null = null;
    for (const id of ids) {
      const history = (await reporter.apiGet<{ reports: ProgressReport[] }>(`/api/reports?estateId=${id}`)).reports;
      if (lastReport(history)?.progressPct != null) {
        other = id;
        break;
      }
    }
    expect(other).not.toBeNull();
    const late = async (route: import('playwright-core').Route) => {
      await new Promise((r) => setTimeout(r, 1500));
      await route.continue();
    };
    await browser.page.route('**/api/reports?estateId=*', late);
    try {
      await browser.page.selectOption(`${FORM} [data-testid="rf-estate"]`, String(other));
      const progress = browser.page.locator(`${FORM} input[type="number"]`).nth(0);
      await progress.click();
      expect(await browser.page.locator(`${FORM} [data-testid="rf-prefilled"]`).count()).toBe(0); // not here yet
      await browser.page.waitForSelector(`${FORM} [data-testid="rf-prefilled"]`);
      await browser.page.keyboard.type('55');
      expect(await progress.inputValue()).toBe('55');
    } finally {
      await browser.page.unroute('**/api/reports?estateId=*', late);
    }
    expect(browser.errors).toEqual([]);
  });

  it('on a 390×844 phone: a bottom sheet, no page wider than the screen, the programme framed clear of the sheet', async () => {
    await browser.page.setViewportSize({ width: 390, height: 844 });
    // A fresh load at phone size frames the programme for the phone. (Without the hash: a URL
    // that carries a view, #v=, restores that view instead, as a shared link must.)
    await browser.page.evaluate(() => history.replaceState(null, '', location.pathname));
    await browser.page.reload();
    await browser.page.waitForSelector('[data-testid="user-badge"]');
    await browser.page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid="map"]')?.dataset.estateCount !== '0');
    await reporter.waitForMap();
    const layout = await browser.page.evaluate(() => {
      const rect = (sel: string) => {
        const r = document.querySelector(sel)!.getBoundingClientRect();
        return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
      };
      return {
        scrollWidth: document.documentElement.scrollWidth,
        bodyScrollWidth: document.body.scrollWidth,
        panel: rect('.panel'),
        map: rect('[data-testid="map"]'),
        legend: document.querySelector('.legend') ? rect('.legend') : null,
      };
    });
    expect(layout.scrollWidth).toBeLessThanOrEqual(390);
    expect(layout.bodyScrollWidth).toBeLessThanOrEqual(390);
    // The sheet: full width along the bottom, over the map, which fills the screen.
    expect(layout.panel).toMatchObject({ left: 0, right: 390, bottom: 844 });
    expect(layout.panel.top).toBeGreaterThan(844 * 0.3);
    expect(layout.map).toMatchObject({ left: 0, top: 0, right: 390, bottom: 844 });
    // The programme's estates are framed in the part of the map left uncovered.
    const box = programmeExtent(programme, null)!.bbox;
    const corners = await browser.page.evaluate(
      (b) => [window.__map!.project([b[0], b[3]]), window.__map!.project([b[2], b[1]])].map((p) => ({ x: p.x, y: p.y })),
      box,
    );
    const [nw, se] = corners as [{ x: number; y: number }, { x: number; y: number }];
    expect(nw.x).toBeGreaterThanOrEqual(0);
    expect(se.x).toBeLessThanOrEqual(390);
    expect(se.y).toBeLessThanOrEqual(layout.panel.top);
    if (layout.legend) expect(nw.y >= layout.legend.bottom || nw.x >= layout.legend.right).toBe(true);

    await reporter.chooseMode('reports');
    await browser.page.waitForSelector(`${FORM} [data-testid="rf-prefilled"]`);
    expect(await browser.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // The sheet scrolls to the form; the page does not move.
    await browser.page.locator(`${FORM} [data-testid="rf-filter"]`).scrollIntoViewIfNeeded();
    expect(await browser.page.evaluate(() => [window.scrollX, window.scrollY])).toEqual([0, 0]);
    await reporter.screenshot(docs('phone.png'));
    expect(browser.errors).toEqual([]);
  });

  it('on the phone a wide table scrolls inside its card, not the page (the leader’s ranking)', async () => {
    await reporter.signOut();
    const leader = new LeaderDriver(browser.page, app.baseUrl, 'leader');
    await leader.signIn('leader');
    await browser.page.waitForSelector('[data-testid="place-picker"]:not([disabled])');
    await leader.openProgramme('nankang-2024');
    await leader.openDashboard();
    const sizes = await browser.page.evaluate(() => {
      const table = document.querySelector<HTMLElement>('[data-testid="ranking-table"]')!;
      const panel = document.querySelector<HTMLElement>('.panel')!;
      return {
        page: document.documentElement.scrollWidth,
        panel: { scroll: panel.scrollWidth, client: panel.clientWidth },
        table: { scroll: table.scrollWidth, client: table.clientWidth, right: table.getBoundingClientRect().right },
      };
    });
    expect(sizes.page).toBeLessThanOrEqual(390);
    expect(sizes.panel.scroll).toBeLessThanOrEqual(sizes.panel.client);
    expect(sizes.table.right).toBeLessThanOrEqual(390);
    // Wider than the screen, so it scrolls in its own box.
    expect(sizes.table.scroll).toBeGreaterThan(sizes.table.client);
    expect(browser.errors).toEqual([]);
  });
});
