import { fileURLToPath } from 'node:url';
import { pointOnFeature } from '@turf/turf';
import type { Feature, MultiPolygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classify } from '../../client/src/map/classes.ts';
import type { EstateCollection } from '../../shared/estates/contract.ts';
import { openBrowser, type BrowserSession } from './support/browser.ts';
import { startApp, type RunningApp } from './support/app.ts';
import { LeaderDriver } from './support/leader-driver.ts';

// The dashboard's month moves the map: the estates' colours (tiles with period=), the legend's
// counts, the KPIs and the ranking. Figures are checked against GET /api/estates?period=, colours
// against what MapLibre rendered.
describe('replaying the months on the map (Nankang 2024, as a leader)', () => {
  let app: RunningApp;
  let browser: BrowserSession;
  let leader: LeaderDriver;
  const ESTATE = '金赣小区';
  const MONTH = '2024-04';

  const estatesAt = (period?: string) =>
    leader.apiGet<EstateCollection>(`/api/estates?${new URLSearchParams({ district: '360703', year: '2024', ...(period ? { period } : {}) })}`);
  const progressAt = async (period?: string) => (await estatesAt(period)).features.find((f) => f.properties.name === ESTATE)!.properties.progressPct;
  /** The legend's counts as the classes of the API's placed estates for the month. */
  const expectedLegend = async (period?: string) => {
    const counts: Record<string, number> = {};
    for (const f of (await estatesAt(period)).features) {
      if (f.properties.placement === 'unplaced') continue;
      const key = classify('progress', f.properties).key;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  };
  const nonZero = (c: Record<string, number>) => Object.fromEntries(Object.entries(c).filter(([, n]) => n > 0));

  beforeAll(async () => {
    app = await startApp();
    browser = await openBrowser();
    leader = new LeaderDriver(browser.page, app.baseUrl, 'leader');
    await leader.open();
    await leader.openProgramme('nankang-2024');
    await leader.openDashboard();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it(`recolours ${ESTATE} when the slider moves to ${MONTH}, with the legend counts, KPIs and ranking`, async () => {
    const estate = (await estatesAt()).features.find((f) => f.properties.name === ESTATE)!;
    const [lon, lat] = pointOnFeature(estate as Feature<MultiPolygon>).geometry.coordinates;
    await leader.lookAt([lon!, lat!], 16);

    const latest = await leader.drawnEstate(ESTATE);
    expect(latest?.progressPct).toBe(await progressAt());
    expect(nonZero(await leader.legendCounts())).toEqual(await expectedLegend());
    const latestCompleted = await leader.totalCompleted();

    await leader.replayMonth(MONTH);
    expect(await leader.month()).toBe(MONTH);
    const then = await leader.drawnEstate(ESTATE);
    const expected = await progressAt(MONTH);
    expect(expected).not.toBe(await progressAt());
    expect(then?.progressPct).toBe(expected);
    // Another class of progress, so another colour on screen.
    expect(classify('progress', { progressPct: expected, investmentRate: null }).key).not.toBe(
      classify('progress', { progressPct: latest!.progressPct, investmentRate: null }).key,
    );
    expect(then?.colour).not.toBe(latest?.colour);
    // The legend counts the month's classes; the table's completed count is the month's too.
    expect(nonZero(await leader.legendCounts())).toEqual(await expectedLegend(MONTH));
    const ranking = await leader.apiGet<{ total: { completedEstates: number; estates: number } }>(
      `/api/stats/ranking?${new URLSearchParams({ level: 'street', parent: '360703', year: '2024', period: MONTH })}`,
    );
    expect(await leader.totalCompleted()).toBe(`${ranking.total.completedEstates}/${ranking.total.estates}`);
    expect(await leader.totalCompleted()).not.toBe(latestCompleted);
    expect(browser.errors).toEqual([]);
  });

  it('replays the ledger as it was known when the month fell due: a report filed later does not count', async () => {
    // 老物资局集资房 filed its 2024-05 report on 2024-06-25 16:39 (late). Replayed, May's ledger
    // is asked as of 2024-06-21 00:00 Beijing time, when that report did not exist: missing.
    const NAME = '老物资局集资房';
    type Ledger = { items: { estateName: string | null; kind: string }[] };
    const ledger = (asOf?: string) =>
      leader.apiGet<Ledger>(`/api/stats/lagging?${new URLSearchParams({ parent: '360703', year: '2024', period: '2024-05', ...(asOf ? { asOf } : {}) })}`);
    const now = (await ledger()).items.find((i) => i.estateName === NAME)?.kind;
    const then = (await ledger('2024-06-21T00:00:00+08:00')).items.find((i) => i.estateName === NAME)?.kind;
    expect([now, then]).toEqual(['late', 'missing']);
    await leader.replayMonth('2024-05');
    await browser.page.waitForFunction(
      (name) => [...document.querySelectorAll('[data-testid="ledger"] li')].some((li) => li.textContent?.includes(name)),
      NAME,
    );
    const shown = await browser.page.$$eval('[data-testid="ledger"] li', (lis, name) => lis.filter((li) => li.textContent?.includes(name)).map((li) => li.className), NAME);
    expect(shown).toEqual(['db-ledger-missing']);
    expect(browser.errors).toEqual([]);
  });

  it('▶ plays the months at the speed chosen, the map following', async () => {
    await leader.play(0.5);
    const next = await leader.waitForMonthAfter(MONTH);
    expect(next > MONTH).toBe(true);
    await leader.waitForMonthAfter(next);
    await leader.pause();
    const shown = await leader.month();
    expect(shown > next).toBe(true);
    expect((await leader.drawnEstate(ESTATE))?.progressPct).toBe(await progressAt(shown));
    expect(nonZero(await leader.legendCounts())).toEqual(await expectedLegend(shown));

    // The screenshot: a month in the middle, the estates around 金赣小区 in that month's colours.
    await leader.replayMonth('2024-07');
    const estate = (await estatesAt()).features.find((f) => f.properties.name === ESTATE)!;
    const [lon, lat] = pointOnFeature(estate as Feature<MultiPolygon>).geometry.coordinates;
    await leader.lookAt([lon!, lat!], 14.2);
    await leader.screenshot(fileURLToPath(new URL('../../docs/replay.png', import.meta.url)));
    expect(browser.errors).toEqual([]);
  });

  it('plays to the end and stops at the latest month', async () => {
    await leader.replayMonth('2024-09');
    await leader.play(0.5);
    await browser.page.waitForSelector('[data-testid="period-replay"][data-playing="false"]', { timeout: 30_000 });
    await leader.waitForDashboard();
    expect(await browser.page.textContent('[data-testid="period-replay"]')).toContain('最新');
    expect((await leader.drawnEstate(ESTATE))?.progressPct ?? null).toBe(await progressAt());
    expect(browser.errors).toEqual([]);
  });

  it('hides the slider where the reports cover one month only (Wuhai 2021)', async () => {
    await leader.openProgramme('wuhai-2021');
    await leader.waitForDashboard();
    const body = await leader.apiGet<{ reportPeriods: { first: string; last: string } }>('/api/stats/ranking?level=district&parent=1503&year=2021');
    expect(body.reportPeriods.first).toBe(body.reportPeriods.last);
    expect(await leader.replayShown()).toBe(false);
    expect(browser.errors).toEqual([]);
  });
});
