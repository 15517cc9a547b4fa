import { fileURLToPath } from 'node:url';
import { pointOnFeature } from '@turf/turf';
import type { Feature, FeatureCollection, LineString, MultiPolygon, Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OverlapsResponse, WorkProperties } from '../../shared/pipelines/contract.ts';
import type { LedgerResponse, RankingResponse } from '../../shared/progress/contract.ts';
import { openBrowser, type BrowserSession } from './support/browser.ts';
import { startApp, type RunningApp } from './support/app.ts';
import { LeaderDriver } from './support/leader-driver.ts';

// Popups on the dashboard's streets and on pipeline works (issue 16, item 4), and a shared URL that
// restores the month, the map's view and the colour mode (item 7a). Figures are checked against the
// API the panel reads, not against numbers written here.
describe('popups and a shared view (Nankang 2024, as a planner)', () => {
  let app: RunningApp;
  let browser: BrowserSession;
  let planner: LeaderDriver;
  const q = (o: Record<string, string>) => new URLSearchParams(o).toString();
  const pct = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(2)}%`);

  /** Clicks the map at a position (WGS84) as a user would. */
  const clickAt = async (lngLat: [number, number]) => {
    const page = browser.page;
    const p = await page.evaluate((c) => window.__map!.project(c), lngLat);
    const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
    await page.mouse.click(box.x + p.x, box.y + p.y);
  };

  beforeAll(async () => {
    app = await startApp();
    browser = await openBrowser();
    planner = new LeaderDriver(browser.page, app.baseUrl, 'planner');
    await planner.open();
    await planner.openProgramme('nankang-2024');
    await planner.openDashboard();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('a click on a street gives its popup: the rate as the ranking shows it, money behind, the late estates', async () => {
    // Nankang's plan has no investment figures: rank (and colour) by completion rate.
    await planner.rankBy('完工率');
    const ranking = await planner.apiGet<RankingResponse>(`/api/stats/ranking?${q({ level: 'street', parent: '360703', year: '2024', orderBy: 'completionRate' })}`);
    const row = ranking.rows.find((r) => r.bbox && (r.completionRate ?? 0) > 0) ?? ranking.rows.find((r) => r.bbox)!;
    expect(row).toBeDefined();
    const ledger = await planner.apiGet<LedgerResponse>(`/api/stats/lagging?${q({ parent: '360703', year: '2024', period: ranking.reportPeriods.last! })}`);
    const streets = await planner.apiGet<FeatureCollection<Polygon | MultiPolygon, { code: string }>>(`/api/regions?${q({ level: 'street', parent: '360703' })}`);
    const outline = streets.features.find((f) => f.properties.code === row.code)!;

    await planner.clickRankingRow(row.name);
    const [lon, lat] = pointOnFeature(outline as Feature<Polygon | MultiPolygon>).geometry.coordinates;
    await clickAt([lon!, lat!]);
    const popup = browser.page.locator('[data-testid="region-popup"]');
    await popup.waitFor();
    expect(await popup.locator(`[data-code="${row.code}"]`).count()).toBe(1);

    // The rate as the ranking table shows it (its own text, without the circular's stated figure).
    const shown = await browser.page.$eval(`[data-testid="ranking-table"] tr[data-code="${row.code}"] td.db-rate`, (td) => td.firstChild?.textContent?.trim());
    const rate = (await popup.locator('[data-field="completionRate"]').innerText()).trim();
    expect(rate).toBe(shown);
    expect(rate).toBe(pct(row.completionRate));
    expect((await popup.locator('[data-field="investmentRate"]').innerText()).trim()).toBe(pct(row.investmentRate));
    const behind = (await popup.locator('[data-field="moneyBehind"]').innerText()).trim();
    if (row.plannedInvestmentWan === null || row.completedInvestmentWan === null) expect(behind).toBe('—');
    else expect(Number(behind.replace(/[^\d.-]/g, ''))).toBeCloseTo(row.plannedInvestmentWan - row.completedInvestmentWan, 2);
    const late = ledger.items.filter((i) => i.kind === 'late' && i.streetName === row.name).length;
    expect(Number(await popup.locator('[data-field="late"]').innerText())).toBe(late);

    await planner.screenshot(fileURLToPath(new URL('../../docs/popup.png', import.meta.url)));
    expect(browser.errors).toEqual([]);
  });

  it('a click on a pipeline work gives its operator, road and dates; the tables name works by operator and road', async () => {
    const works = await planner.apiGet<FeatureCollection<LineString, WorkProperties>>('/api/pipelines?district=360703');
    const overlaps = await planner.apiGet<OverlapsResponse>('/api/pipelines/overlaps?district=360703');
    const inConflict = new Set(overlaps.conflicts.flatMap((c) => [c.a, c.b]));
    // A work along a road, in no conflict (nothing else drawn within picking distance of it).
    const work = works.features.find((f) => f.properties.road && !inConflict.has(f.properties.id) && f.geometry.coordinates.length === 2)!;
    expect(work).toBeDefined();

    await browser.page.click('[role="tablist"] button[data-mode="pipelines"]');
    await browser.page.waitForSelector('[data-testid="pipelines-conflicts"] tbody tr', { timeout: 60_000 });
    const [a, b] = work.geometry.coordinates as [[number, number], [number, number]];
    const mid: [number, number] = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
    await planner.lookAt(mid, 18);
    await clickAt(mid);
    const popup = browser.page.locator('[data-testid="pipelines-popup"]');
    await popup.waitFor();
    expect(await popup.locator(`[data-work="${work.properties.id}"]`).count()).toBe(1);
    expect((await popup.locator('[data-field="owner"]').innerText()).trim()).toBe(work.properties.owner);
    expect((await popup.locator('[data-field="road"]').innerText()).trim()).toBe(work.properties.road);
    expect((await popup.locator('[data-field="dates"]').innerText()).trim()).toBe(`${work.properties.startDate} – ${work.properties.endDate}`);

    // The conflicts table names each work by operator and road, not by its id.
    const first = overlaps.conflicts[0]!;
    const wa = works.features.find((f) => f.properties.id === first.a)!.properties;
    const cell = (await browser.page.locator(`[data-testid="pipelines-conflicts"] tr[data-pair="${first.a}-${first.b}"] td`).first().innerText()).trim();
    expect(cell).toBe(`${wa.owner} · ${wa.road ?? '不沿道路'}`);
    expect(cell).not.toMatch(/#\d/);
    expect(browser.errors).toEqual([]);
  });

  it('a shared URL restores the month, the map view and the colour mode', async () => {
    const page = browser.page;
    await page.click('[role="tab"][data-mode="dashboard"]');
    await planner.waitForDashboard();
    await planner.replayMonth('2024-05');
    expect(await planner.toggleColourMode()).toBe('investment');
    await planner.lookAt([114.76, 25.66], 13.37);
    const view = await page.evaluate(() => ({ zoom: window.__map!.getZoom(), centre: window.__map!.getCenter().toArray() }));
    const url = page.url();
    expect(url).toMatch(/[#&]t=2024-05/);

    await page.goto('about:blank');
    await page.goto(url);
    await planner.waitForDashboard();
    expect(await planner.month()).toBe('2024-05');
    expect(await page.getAttribute('[data-testid="colour-mode-toggle"]', 'data-mode')).toBe('investment');
    const restored = await page.evaluate(() => ({ zoom: window.__map!.getZoom(), centre: window.__map!.getCenter().toArray() }));
    expect(Math.abs(restored.zoom - view.zoom)).toBeLessThan(0.1);
    expect(restored.centre[0]).toBeCloseTo(view.centre[0]!, 3);
    expect(restored.centre[1]).toBeCloseTo(view.centre[1]!, 3);
    expect(browser.errors).toEqual([]);
  });
});
