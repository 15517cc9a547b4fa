import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type BrowserSession } from './support/browser.ts';
import { startApp, type RunningApp } from './support/app.ts';
import { LeaderDriver } from './support/leader-driver.ts';
import type { RankingResponse } from '../../shared/progress/contract.ts';

// The wide dashboard (#w=1) and the 大屏 (#w=big) with their ECharts charts, for a leader. ECharts
// comes in a chunk of its own that only the wide and big layouts fetch: the login page and the
// other modes never load it (checked on the JavaScript the browser actually received).
const ECHARTS_SIGNATURE = '_echarts_instance_';

describe('the wide dashboard and the 大屏, with charts (embedded default database)', () => {
  let app: RunningApp;
  let browser: BrowserSession;
  let leader: LeaderDriver;
  /** Every JavaScript file the browser received, in order, with whether it holds ECharts. */
  const scripts: Promise<{ url: string; echarts: boolean }>[] = [];
  const loadedScripts = () => Promise.all(scripts);
  const page = () => browser.page;
  const hash = () => page().evaluate(() => Object.fromEntries(new URLSearchParams(location.hash.slice(1))));
  const hashParam = async (k: string) => page().evaluate((key) => new URLSearchParams(location.hash.slice(1)).get(key), k);

  beforeAll(async () => {
    app = await startApp();
    browser = await openBrowser();
    browser.page.on('response', (r) => {
      if (!new URL(r.url()).pathname.endsWith('.js')) return;
      scripts.push(r.text().then((body) => ({ url: r.url(), echarts: body.includes(ECHARTS_SIGNATURE) })).catch(() => ({ url: r.url(), echarts: false })));
    });
    leader = new LeaderDriver(browser.page, app.baseUrl, 'leader');
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const ranking = (q: Record<string, string>) => leader.apiGet<RankingResponse>(`/api/stats/ranking?${new URLSearchParams(q)}`);
  const chart = (id: string) => page().locator(`[data-testid="${id}"][data-rendered="true"]`);
  /** Clicks the bar of the row with the highest rate (a bar of 0 has no width to click). */
  const clickBarOfTopRow = async (body: RankingResponse) => {
    const i = body.rows.reduce((best, r, k) => ((r.completionRate ?? -1) > (body.rows[best]!.completionRate ?? -1) ? k : best), 0);
    const target = body.rows[i]!;
    expect(target.completionRate).toBeGreaterThan(0);
    const centres = JSON.parse((await chart('chart-rates-canvas').getAttribute('data-bar-centres'))!) as ([number, number] | null)[];
    const box = (await chart('chart-rates-canvas').boundingBox())!;
    const at = centres[i]!;
    await page().mouse.click(box.x + at[0], box.y + at[1]);
    await page().waitForFunction((code) => new URLSearchParams(location.hash.slice(1)).get('r') === code, target.code);
    await expect.poll(() => page().getAttribute(`[data-testid="ranking-table"] tbody tr[data-code="${target.code}"]`, 'class')).toBe('selected');
    await leader.waitForMap();
    return target;
  };
  const renderedBars = async () => Number(await chart('chart-rates-canvas').getAttribute('data-rendered-bars'));

  it('the login page, and the app outside the dashboard, load no ECharts', async () => {
    await page().goto(app.baseUrl);
    await page().waitForSelector('[data-testid="login-form"]');
    await page().waitForLoadState('networkidle');
    const atLogin = await loadedScripts();
    expect(atLogin.length).toBeGreaterThan(0);
    expect(atLogin.filter((s) => s.echarts)).toEqual([]);
    await leader.signIn('leader');
    await page().waitForSelector('[data-testid="place-picker"]:not([disabled])');
    await leader.waitForMap();
    await leader.openProgramme('nankang-2024');
    await leader.openDashboard();
    // The dashboard in its side panel draws no chart either.
    await page().waitForLoadState('networkidle');
    expect((await loadedScripts()).filter((s) => s.echarts)).toEqual([]);
    expect(browser.errors).toEqual([]);
  });

  it('宽屏 widens the panel to ~60% with the map beside it, loads the charts and keeps #w=1 in the URL', async () => {
    await page().click('[data-testid="dashboard-layout"] button[data-layout="wide"]');
    await leader.waitForDashboard();
    expect(await hashParam('w')).toBe('1');
    const { panel, map, vw } = await page().evaluate(() => ({
      panel: document.querySelector('.panel')!.getBoundingClientRect().width,
      map: document.querySelector('.map-wrap')!.getBoundingClientRect().width,
      vw: window.innerWidth,
    }));
    expect(panel / vw).toBeGreaterThan(0.55);
    expect(map).toBeGreaterThan(400);
    // ECharts arrived now, in a chunk of its own.
    await chart('chart-progress-canvas').waitFor();
    expect((await loadedScripts()).filter((s) => s.echarts)).toHaveLength(1);
    expect(browser.errors).toEqual([]);
  });

  it('Nankang lists no money: the investment-rate bars say so instead of drawing, and so does the money chart', async () => {
    expect(await page().locator('[data-testid="chart-rates"] [data-testid="chart-empty"]').innerText()).toContain('本计划未列计划投资额');
    expect(await page().locator('[data-testid="chart-money"] [data-testid="chart-empty"]').innerText()).toContain('本计划未列计划投资额');
  });

  it('by completion rate: one bar per ranked street, on a canvas; the ranking table is not cut off', async () => {
    await leader.rankBy('完工率');
    const body = await ranking({ level: 'street', parent: '360703', year: '2024', orderBy: 'completionRate' });
    expect(body.rows.length).toBeGreaterThan(2);
    await page().waitForFunction(
      (n) => document.querySelector<HTMLElement>('[data-testid="chart-rates-canvas"]')?.dataset.renderedBars === String(n),
      body.rows.filter((r) => r.completionRate !== null).length,
    );
    expect(await renderedBars()).toBe(body.rows.length);
    expect(await page().locator('[data-testid="chart-rates-canvas"] canvas').count()).toBeGreaterThan(0);
    expect(await page().locator('[data-testid="chart-progress-canvas"] canvas').count()).toBeGreaterThan(0);
    // Nankang has targets (28 estates by the end of 2024): no "no plan" note.
    expect(await page().locator('[data-testid="chart-no-plan"]').count()).toBe(0);
    const fit = await page().evaluate(() => {
      const table = document.querySelector<HTMLElement>('[data-testid="ranking-table"]')!;
      const wrap = table.parentElement!;
      const panel = document.querySelector('.panel')!.getBoundingClientRect();
      return { scroll: table.scrollWidth, width: wrap.clientWidth, right: table.getBoundingClientRect().right, panelRight: panel.right };
    });
    expect(fit.scroll).toBeLessThanOrEqual(fit.width);
    expect(fit.right).toBeLessThanOrEqual(fit.panelRight);
    // Every column has its header.
    const headers = await page().$$eval('[data-testid="ranking-table"] thead th', (ths) => ths.map((th) => th.textContent?.trim() ?? ''));
    expect(headers.every((h) => h.length > 0)).toBe(true);
    expect(browser.errors).toEqual([]);
  });

  it('a click on a bar selects its street as a map click would (#r=), and the table marks it', async () => {
    const body = await ranking({ level: 'street', parent: '360703', year: '2024', orderBy: 'completionRate' });
    await clickBarOfTopRow(body);
    expect(browser.errors).toEqual([]);
  });

  it('the charts follow the month slider: a marker at the month replayed, the bars of that month', async () => {
    await leader.replayMonth('2024-06');
    await expect.poll(() => page().locator('[data-testid="chart-month"]').innerText()).toContain('2024-06');
    const body = await ranking({ level: 'street', parent: '360703', year: '2024', orderBy: 'completionRate', period: '2024-06' });
    await expect.poll(renderedBars).toBe(body.rows.filter((r) => r.completionRate !== null).length);
    expect(browser.errors).toEqual([]);
  });

  it('Beilun 2019: a bar per street, the milestones drawn as the planned curve; 2019-12 replayed', async () => {
    await leader.openProgramme('beilun-2019');
    await leader.waitForDashboard();
    // The month as a shared URL gives it (#t=): eleven quick slider steps would cancel ten months' estates.
    await page().evaluate(() => {
      const p = new URLSearchParams(location.hash.slice(1));
      p.set('t', '2019-12');
      location.hash = p.toString();
    });
    await page().waitForFunction(() => document.querySelector('[data-testid="dashboard-period"]')?.textContent === '2019-12');
    await leader.waitForDashboard();
    const body = await ranking({ level: 'street', parent: '330206', year: '2019', orderBy: 'completionRate', period: '2019-12' });
    expect(body.rows.length).toBe(8);
    await expect.poll(renderedBars).toBe(body.rows.filter((r) => r.completionRate !== null).length);
    await chart('chart-progress-canvas').waitFor();
    expect(await page().locator('[data-testid="chart-no-plan"]').count()).toBe(0);
    expect(await page().locator('[data-testid="chart-month"]').innerText()).toContain('2019-12');
    // The layout switch at the top, under the panel's sticky search box.
    await page().locator('[data-testid="dashboard"] .db-controls').evaluate((el) => {
      el.scrollIntoView({ block: 'start' });
      document.querySelector('.panel')!.scrollBy(0, -64);
    });
    await leader.screenshot(fileURLToPath(new URL('../../docs/dashboard-wide.png', import.meta.url)));
    expect(browser.errors).toEqual([]);
  });

  it('大屏: the whole window, dark, KPIs, charts and ranking around the live map; #w=big; Esc goes back to 宽屏', async () => {
    await page().click('[data-testid="dashboard-layout"] button[data-layout="big"]');
    await page().waitForSelector('[data-testid="bigscreen"]');
    expect(await hashParam('w')).toBe('big');
    await chart('chart-rates-canvas').waitFor();
    await chart('chart-progress-canvas').waitFor();
    const body = await ranking({ level: 'street', parent: '330206', year: '2019', orderBy: 'completionRate', period: '2019-12' });
    await expect.poll(renderedBars).toBe(body.rows.filter((r) => r.completionRate !== null).length);
    const look = await page().evaluate(() => {
      const big = document.querySelector<HTMLElement>('[data-testid="bigscreen"]')!.getBoundingClientRect();
      const mid = document.elementFromPoint(window.innerWidth / 2, window.innerHeight * 0.7);
      return {
        full: big.width === window.innerWidth && big.height === window.innerHeight,
        panelShown: getComputedStyle(document.querySelector('.panel')!).display !== 'none',
        mapInMiddle: !!mid?.closest('.map-wrap'),
        kpis: document.querySelector('[data-testid="bigscreen"] [data-testid="dashboard-kpis"]')?.textContent ?? '',
        table: !!document.querySelector('[data-testid="bigscreen"] [data-testid="ranking-table"]'),
      };
    });
    expect(look).toMatchObject({ full: true, panelShown: false, mapInMiddle: true, table: true });
    expect(look.kpis).toContain('93');
    // A bar of the dark chart selects too.
    await clickBarOfTopRow(body);
    await leader.waitForMap();
    await leader.screenshot(fileURLToPath(new URL('../../docs/dashboard-bigscreen.png', import.meta.url)));

    await page().keyboard.press('Escape');
    await page().waitForSelector('[data-testid="bigscreen"]', { state: 'detached' });
    expect(await hashParam('w')).toBe('1');
    expect(browser.errors).toEqual([]);
  });

  it('a shared URL with #w=big opens the 大屏 on the same month and selection', async () => {
    const selectedBeforeShare = await hashParam('r');
    expect(selectedBeforeShare).not.toBeNull();
    await page().evaluate(() => {
      const p = new URLSearchParams(location.hash.slice(1));
      p.set('w', 'big');
      location.hash = p.toString();
    });
    // Let the charts' requests finish: leaving the page would cancel them.
    await page().waitForLoadState('networkidle');
    const url = page().url();
    await page().goto('about:blank');
    await page().goto(url);
    await page().waitForSelector('[data-testid="bigscreen"] [data-testid="dashboard-period"]');
    expect(await page().locator('[data-testid="bigscreen"] [data-testid="dashboard-period"]').innerText()).toBe('2019-12');
    const h = await hash();
    expect(h.r).toBe(selectedBeforeShare);
    await expect.poll(() => page().getAttribute(`[data-testid="bigscreen"] [data-testid="ranking-table"] tbody tr[data-code="${h.r}"]`, 'class')).toBe('selected');
    await page().click('[data-testid="bigscreen-exit"]');
    await page().waitForSelector('[data-testid="bigscreen"]', { state: 'detached' });
    expect(browser.errors).toEqual([]);
  });

  it('Wuhai 2021: three district bars by investment rate; reports cover one month, and the chart says so', async () => {
    await leader.openProgramme('wuhai-2021');
    await leader.waitForDashboard();
    await leader.rankBy('投资完成率');
    await expect.poll(renderedBars).toBe(3);
    await chart('chart-progress-canvas').waitFor();
    expect(await page().locator('[data-testid="chart-progress"] [data-testid="chart-note"]').innerText()).toContain('月报只覆盖一个月（2021-04）');
    expect(await page().locator('[data-testid="chart-money-canvas"] canvas').count()).toBeGreaterThan(0);
    expect(browser.errors).toEqual([]);
  });
});
