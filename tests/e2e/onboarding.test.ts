import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSession } from './support/api.ts';
import { openBrowser, type BrowserSession } from './support/browser.ts';
import { startApp, type RunningApp } from './support/app.ts';
import { OnboardingDriver } from './support/onboarding-driver.ts';
import { DesignerDriver } from './support/scopes-driver.ts';

type Estate = { id: number; geometry: { type: string; coordinates: number[] } | null; properties: { name: string; placement: string } };
type Programme = { key: string; bbox: [number, number, number, number] | null; frame?: { bbox: [number, number, number, number] } };

const PLAN = fileURLToPath(new URL('../../geodata/seeds/nankang-2024-plan.csv', import.meta.url));
const shot = (name: string) => fileURLToPath(new URL(`../../docs/${name}`, import.meta.url));
const FIRST = '一建公司';
const SECOND = '老工商银行家属楼';
// Near the middle of 南康区, a few hundred metres apart.
const AT_FIRST: [number, number] = [114.757, 25.662];
const AT_SECOND: [number, number] = [114.766, 25.655];
const NO_DATA = '#b4b4b4';
const PROGRESS_40_60 = '#fee08b';

/**
 * The README's own onboarding example: Nankang's plan table imported for 2025, so a programme
 * whose 28 estates have no red lines. Every role opens it without a crash, a planner places two
 * estates by clicking the map, the district's reporter files a report for one from the list, and
 * the map draws both points, the reported one in its progress colour.
 */
describe('a programme imported as a bare table (Nankang’s plan for 2025, no red lines)', () => {
  let app: RunningApp;
  let browser: BrowserSession;
  let key: string;

  const person = (account: string) => new OnboardingDriver(browser.page, app.baseUrl, account);
  const estates = async () => (await (await apiSession(app.baseUrl, 'planner')).get<{ features: Estate[] }>('/api/estates?district=360703&year=2025')).body.features;
  const byName = (list: Estate[], name: string) => list.find((e) => e.properties.name === name)!;

  beforeAll(async () => {
    app = await startApp();
    browser = await openBrowser();
    const planner = await apiSession(app.baseUrl, 'planner');
    const imported = await planner.upload<{ plan: { slug: string }; estates: number }>('/api/import/plan', PLAN, { region: '360703', year: '2025' });
    expect(imported.status).toBe(201);
    expect(imported.body.estates).toBe(28);
    key = imported.body.plan.slug;
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('no page crashes for admin, planner, leader, designer or reporter: every tab renders its empty state', async () => {
    for (const account of ['admin', 'planner', 'leader', 'designer', 'reporter-360703']) {
      const who = person(account);
      await who.signIn(account);
      expect(await who.crash(), `${account} after login`).toBeNull();
      await who.openProgramme(key);
      expect(await who.crash(), `${account} on ${key}`).toBeNull();
      if (account === 'planner') await who.screenshot(shot('onboarding-unplaced.png'));

      const visits = await who.visitEveryMode();
      expect(visits.filter((v) => v.crash), account).toEqual([]);
      const text = Object.fromEntries(visits.map((v) => [v.mode, v.text]));
      expect(Object.keys(text), account).toEqual(
        {
          admin: ['browse', 'zones', 'dashboard', 'pipelines', 'scopes', 'plans', 'goals', 'audit', 'accounts'],
          planner: ['browse', 'zones', 'dashboard', 'pipelines', 'scopes', 'plans', 'goals'],
          leader: ['browse', 'dashboard'],
          designer: ['browse', 'dashboard', 'scopes'],
        }[account] ?? ['browse', 'reports'],
      );
      // Browsing: the 28 estates listed, none on the map yet; those who may place see them all 待落图.
      expect(text.browse).toContain('小区列表 (28)');
      expect(text.browse).toContain('未落图 28');
      if (['admin', 'planner', 'designer'].includes(account)) expect(await who.toPlace()).toHaveLength(28);
      else expect(await who.toPlace()).toEqual([]);
      if (text.dashboard !== undefined) expect(text.dashboard).toContain('排名');
      if (text.scopes !== undefined) expect(text.scopes).toContain('无红线 (28)');
      // No red lines, no contiguity: the suggestion list says why, not that no group qualifies.
      if (text.zones !== undefined) expect(text.zones).toContain('本计划的小区还没有红线，无法判断是否连片');
      if (text.reports !== undefined) expect(text.reports).toContain('填报月报');
      expect(browser.errors, account).toEqual([]);
      await who.signOut();
      browser.errors.length = 0; // the probe of /api/auth/me after logout answers 401 by design
    }
  });

  it('with no programme at all (an empty database), every tab of every mode still renders', async () => {
    const admin = person('admin');
    await admin.withoutProgrammes(async () => {
      await admin.signIn('admin');
      expect(await admin.crash()).toBeNull();
      const visits = await admin.visitEveryMode();
      expect(visits.filter((v) => v.crash)).toEqual([]);
      expect(visits.map((v) => v.mode)).toEqual(['browse', 'zones', 'dashboard', 'pipelines', 'scopes', 'plans', 'goals', 'audit', 'accounts']);
      for (const v of visits.filter((x) => ['zones', 'dashboard', 'scopes'].includes(x.mode))) expect(v.text, v.mode).toContain('请先选择一个改造计划');
      expect(browser.errors).toEqual([]);
      await admin.signOut();
      browser.errors.length = 0;
    });
  });

  it('a planner places two estates by clicking the map: they leave 待落图 and are drawn as provisional points', async () => {
    const planner = person('planner');
    await planner.signIn('planner');
    await planner.openProgramme(key);
    await planner.placeEstate(FIRST, AT_FIRST);
    await planner.placeEstate(SECOND, AT_SECOND);

    const left = await planner.toPlace();
    expect(left).toHaveLength(26);
    expect(left).not.toContain(FIRST);
    expect(left).not.toContain(SECOND);

    // Stored where clicked (within a pixel), as a point flagged provisional.
    const list = await estates();
    for (const [name, at] of [[FIRST, AT_FIRST], [SECOND, AT_SECOND]] as const) {
      const e = byName(list, name);
      expect(e.properties.placement).toBe('provisional_point');
      expect(e.geometry!.type).toBe('Point');
      const pixel = await planner.degreesPerPixel(at);
      expect(Math.hypot(e.geometry!.coordinates[0]! - at[0], e.geometry!.coordinates[1]! - at[1])).toBeLessThan(1.5 * pixel);
    }
    expect(list.filter((e) => e.properties.placement === 'unplaced')).toHaveLength(26);

    // The programme's extent now follows its placed estates.
    const programmes = (await (await apiSession(app.baseUrl, 'planner')).get<Programme[]>('/api/programmes')).body;
    const extent = programmes.find((p) => p.key === key)!.bbox!;
    expect(extent[0]).toBeCloseTo(Math.min(AT_FIRST[0], AT_SECOND[0]), 3);
    expect(extent[3]).toBeCloseTo(Math.max(AT_FIRST[1], AT_SECOND[1]), 3);

    // On the map: two points, not red lines, grey until someone reports.
    const drawn = await planner.drawnPoints();
    expect(drawn.map((d) => d.name).sort()).toEqual([FIRST, SECOND].sort());
    expect(drawn.every((d) => d.placement === 'provisional_point' && d.colour === NO_DATA)).toBe(true);
    expect(await planner.legendProvisional()).toContain('临时位置');
    await planner.screenshot(shot('onboarding-place.png'));

    await planner.selectFromList(FIRST);
    const placement = await planner.detailsPlacement();
    expect(placement.placement).toBe('provisional_point');
    expect(placement.text).toContain('临时位置');
    expect(browser.errors).toEqual([]);
    await planner.signOut();
    browser.errors.length = 0;
  });

  it('the district’s reporter files a report for a placed estate from the list, and its point takes the progress colour', async () => {
    const reporter = person('reporter-360703');
    await reporter.signIn('reporter-360703');
    await reporter.openProgramme(key);
    await reporter.selectFromList(FIRST);
    await reporter.openReportFromDetails();
    const outcome = await reporter.fileReport({ estate: FIRST, period: '2025-06', progressPct: '55', note: '首次月报' });
    expect(outcome).toMatch(/已提交/);
    await reporter.screenshot(shot('onboarding-report.png'));
    await reporter.waitForMap();
    expect((await reporter.drawnPoints()).find((d) => d.name === FIRST)?.colour).toBe(PROGRESS_40_60);
    expect(browser.errors).toEqual([]);
    await reporter.signOut();
    browser.errors.length = 0;

    // Anyone opening the programme now sees the reported estate in its class, the other one grey.
    const leader = person('leader');
    await leader.signIn('leader');
    await leader.openProgramme(key);
    const drawn = await leader.drawnPoints();
    expect(drawn.map((d) => [d.name, d.colour]).sort()).toEqual([[FIRST, PROGRESS_40_60], [SECOND, NO_DATA]].sort());
    await leader.screenshot(shot('onboarding-coloured.png'));
    // The programme now has one month of reports: the dashboard shows it, its slider has nowhere to go.
    const visits = await leader.visitEveryMode();
    expect(visits.filter((v) => v.crash)).toEqual([]);
    expect(visits.find((v) => v.mode === 'dashboard')!.text).toContain('2025-06');
    expect(browser.errors).toEqual([]);
    await leader.signOut();
    browser.errors.length = 0;
  });

  it('a designer draws the red line of an estate placed by a point: drawing starts there, and the red line replaces the point', async () => {
    const who = person('designer');
    await who.signIn('designer');
    await who.openProgramme(key);
    const designer = new DesignerDriver(browser.page, app.baseUrl);
    await designer.openScopes();
    await who.pickWithoutRedLine(SECOND);
    await browser.page.click('[data-testid="draw-new"]');
    await browser.page.waitForSelector('[data-testid="draw-from-point"]');
    await who.waitForMap();
    // The map has moved to the point (in the middle of the map, the legend's corner kept clear),
    // close enough to draw.
    const [fx, fy] = await who.whereInMap(AT_SECOND);
    expect(fx).toBeGreaterThan(0.3);
    expect(fx).toBeLessThan(0.7);
    expect(fy).toBeGreaterThan(0.3);
    expect(fy).toBeLessThan(0.7);
    expect((await who.mapCentre()).zoom).toBeGreaterThan(15);
    await browser.page.click('[data-testid="draw-cancel"]'); // then draw the outline for real
    const c = await who.screenOf(AT_SECOND);
    await designer.drawOutline([{ x: c.x - 60, y: c.y - 40 }, { x: c.x + 60, y: c.y - 40 }, { x: c.x + 60, y: c.y + 40 }, { x: c.x - 60, y: c.y + 40 }]);
    await designer.screenshot(shot('onboarding-draw.png'));
    expect(await designer.saveRedLine()).toMatch(/已保存/);
    await who.waitForMap();

    const e = byName(await estates(), SECOND);
    expect(e.properties.placement).toBe('red_line');
    expect(e.geometry!.type).toBe('MultiPolygon');
    expect((await who.drawnPoints()).map((d) => d.name)).not.toContain(SECOND);
    expect((await who.renderedEstateIds())).toContain(e.id);
    expect(browser.errors).toEqual([]);
  });
});
