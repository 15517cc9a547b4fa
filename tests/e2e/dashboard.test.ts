import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type BrowserSession } from './support/browser.ts';
import { startApp, type RunningApp } from './support/app.ts';
import { LeaderDriver } from './support/leader-driver.ts';

// The dashboard is the leaders' view, but this spec also files a report through it, which a leader
// may not (read everything, write nothing): it signs in as the admin, who may do both. That a
// leader gets the dashboard without the report form is checked in auth.test.ts.
describe('the dashboard, with a report filed from it (embedded default database)', () => {
  let app: RunningApp;
  let browser: BrowserSession;
  let leader: LeaderDriver;

  beforeAll(async () => {
    app = await startApp();
    browser = await openBrowser();
    leader = new LeaderDriver(browser.page, app.baseUrl, 'admin');
    await leader.open();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('asks for a programme when the dashboard opens before one is chosen', async () => {
    await browser.page.click('[role="tab"][data-mode="dashboard"]');
    // The dashboard's panel is a chunk of its own (issue 18 item 7): a loading line comes first.
    await expect.poll(() => browser.page.locator('.panel').innerText(), { timeout: 30_000 }).toContain('请先选择一个改造计划');
    expect(browser.errors).toEqual([]);
  });

  it('shows Wuhai 2021 ranked as the circular does: 海勃湾区 3.07%, 乌达区 0.58%, 海南区 0.56%', async () => {
    await leader.openProgramme('wuhai-2021');
    await leader.waitForDashboard();

    expect(await leader.rankingLines()).toEqual([
      { rank: '1', name: '海勃湾区', rate: '3.07%', stated: '3.07%' },
      { rank: '2', name: '乌达区', rate: '0.58%', stated: '0.58%' },
      { rank: '3', name: '海南区', rate: '0.56%', stated: '0.56%' },
    ]);
    // The circular's own figure has a column of its own, labelled.
    expect(await browser.page.textContent('[data-testid="stated-header"]')).toBe('通报所列投资完成率');
    expect(await leader.totalRate()).toBe('1.71%');
    const kpis = await leader.kpisText();
    expect(kpis).toContain('16');
    expect(kpis).toContain('4,006');
    // The panel's households agree with the KPI: no estate lists them, the circular states 4,006.
    const summary = await browser.page.locator('.panel dl.summary').first().innerText();
    expect(summary.replace(/\s+/g, ' ')).toContain('4,006 户 （计划文件所载）');
    await leader.showRanking();
    await leader.screenshot(fileURLToPath(new URL('./artifacts/dashboard-wuhai-2021.png', import.meta.url)));
    expect(browser.errors).toEqual([]);
  });

  it('ranks by completion rate on request (Wuhai 2021: nothing completed yet)', async () => {
    await leader.rankBy('完工率');
    const lines = await leader.rankingLines();
    expect(lines.map((l) => l.rate)).toEqual(['0.00%', '0.00%', '0.00%']);
    expect(browser.errors).toEqual([]);
  });

  it('refuses a bad report in the form, files a good one, and the ranking moves', async () => {
    await leader.rankBy('投资完成率');
    const refused = await leader.fileReport({ estate: '海天花园小区', period: '2021-05', progressPct: '120' });
    expect(refused).toBe('形象进度须在 0–100 之间');
    const filed = await leader.fileReport({ estate: '海天花园小区', period: '2021-05', progressPct: '20', investmentWan: '300' });
    expect(filed).toContain('已提交，版本 1');
    await leader.waitForDashboard();
    await browser.page.waitForFunction(() => document.querySelector('[data-testid="ranking-table"] tbody tr td.db-name')?.textContent === '海南区');
    expect((await leader.rankingLines())[0]).toEqual({ rank: '1', name: '海南区', rate: '16.67%' });
    expect(browser.errors).toEqual([]);
  });

  it('replays Nankang 2024 month by month: the table follows the reports of the month chosen', async () => {
    await leader.openProgramme('nankang-2024');
    await leader.waitForDashboard();
    const api = async (period?: string) => {
      const q = new URLSearchParams({ level: 'street', parent: '360703', year: '2024', orderBy: 'completionRate', ...(period ? { period } : {}) });
      const body = await leader.apiGet<{ total: { completedEstates: number; estates: number } }>(`/api/stats/ranking?${q}`);
      return `${body.total.completedEstates}/${body.total.estates}`;
    };
    expect(await leader.totalCompleted()).toBe(await api());
    await leader.replayMonth('2024-06');
    expect(await leader.month()).toBe('2024-06');
    expect(await leader.totalCompleted()).toBe(await api('2024-06'));
    // The history moves: fewer estates were done in June than at the end of the reports.
    expect(await api('2024-06')).not.toBe(await api());
    expect(browser.errors).toEqual([]);
  });
});
