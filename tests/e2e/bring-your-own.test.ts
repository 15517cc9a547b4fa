import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSession, type ApiSession } from './support/api.ts';
import { runCli, startApp, type RunningApp } from './support/app.ts';
import { openBrowser, type BrowserSession } from './support/browser.ts';
import { PlansDriver } from './support/plans-driver.ts';

type Estate = { id: number; geometry: { type: string } | null; properties: { name: string; placement: string; communityName: string | null; attributes: { name: string; value: string }[] } };

const TABLE = fileURLToPath(new URL('./fixtures/xihu-plan-sample.csv', import.meta.url));
/** The same table with a household count written as prose (约86): refused, naming its row and column. */
const TABLE_BAD = fileURLToPath(new URL('./fixtures/xihu-plan-sample-bad.csv', import.meta.url));
/** The same table corrected: one household count changed, one estate added. */
const TABLE_V2 = fileURLToPath(new URL('./fixtures/xihu-plan-sample-v2.csv', import.meta.url));
const shot = (name: string) => fileURLToPath(new URL(`../../docs/${name}`, import.meta.url));
const ADMIN = { username: 'ada', password: 'first-admin-pw-8' };
// Near 北山街道 and 西溪街道 in 西湖区, Hangzhou, a few hundred metres apart.
const AT_FIRST: [number, number] = [120.137, 30.262];
const AT_SECOND: [number, number] = [120.131, 30.268];
const NO_DATA = '#b4b4b4';
const PROGRESS_40_60 = '#fee08b';

/**
 * "Bring your own programme" as the README tells it, from an empty database: the first admin made
 * on the command line, accounts made by the admin, a planner importing the bureau's own table for
 * a district the project ships nothing for (西湖区, Hangzhou) through 计划管理, placing two estates,
 * the district's reporter filing the first report, and the leader seeing it coloured. No role's
 * page crashes on the way.
 */
describe('bring your own programme: an empty database, 西湖区, the bureau’s own table', () => {
  let app: RunningApp;
  let browser: BrowserSession;
  let admin: ApiSession;
  const passwords: Record<string, string> = {};
  let key = '';

  const person = (account: string) => new PlansDriver(browser.page, app.baseUrl, account);
  const signIn = async (account: string) => {
    const who = person(account);
    await who.signIn(account, passwords[account]);
    expect(await who.crash(), `${account} after login`).toBeNull();
    return who;
  };
  const done = async (who: PlansDriver) => {
    expect(browser.errors).toEqual([]);
    await who.signOut();
    browser.errors.length = 0; // the probe of /api/auth/me after logout answers 401 by design
  };
  const estates = async () => (await admin.get<{ features: Estate[] }>('/api/estates?district=330106&year=2026')).body.features;

  beforeAll(async () => {
    app = await startApp({
      demo: false,
      prepare: async (env) => {
        await runCli('server/auth/cli.ts', ['--username', ADMIN.username, '--role', 'admin'], { ...env, USER_PASSWORD: ADMIN.password });
      },
    });
    browser = await openBrowser();
    passwords[ADMIN.username] = ADMIN.password;
    admin = await apiSession(app.baseUrl, ADMIN.username, ADMIN.password);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('starts empty: no programmes, no demo accounts, China on the map', async () => {
    expect((await admin.get<unknown[]>('/api/programmes')).body).toEqual([]);
    const accounts = (await admin.get<{ username: string }[]>('/api/accounts')).body.map((a) => a.username);
    expect(accounts).toEqual([ADMIN.username]);
    expect(app.log()).not.toContain('[demo]');

    const who = await signIn(ADMIN.username);
    await who.waitForMap();
    expect(await browser.page.locator('[data-testid="outline-notice"]').innerText()).toContain('非标准地图');
    await who.screenshot(shot('byo-1-empty.png'));
    // The admin makes the bureau's planner and leader (the reporter comes once the district is known).
    for (const [username, role] of [['wang', 'planner'], ['li', 'leader']] as const) {
      const made = await admin.send<{ password: string }>('POST', '/api/accounts', { username, role });
      expect(made.status).toBe(201);
      passwords[username] = made.body.password;
    }
    await done(who);
  });

  it('a planner finds 西湖区 by name, previews the bureau’s table in its own words and units, and imports it', async () => {
    const planner = await signIn('wang');
    await planner.openPlans();
    expect(await browser.page.locator('[data-testid="plans-panel"]').innerText()).toContain('还没有计划');
    const label = await planner.pickRegion('西湖', '330106');
    expect(label).toContain('西湖区 · 杭州市 · 浙江省');

    // A cell the importer cannot read exactly: refused with its row and column, nothing written.
    const problems = await planner.previewRefused(2026, TABLE_BAD);
    const cell = problems.find((p) => p.row === '5' && p.column === '户数（户）');
    expect(cell?.reason, JSON.stringify(problems)).toContain('约86');
    expect(await browser.page.locator('[data-testid="plan-confirm"]').isDisabled()).toBe(true);
    expect(browser.errors).toEqual(['HTTP 422 POST /api/import/plan']); // the refusal, as intended
    browser.errors.length = 0;

    const preview = await planner.previewImport(2026, TABLE);
    expect(preview.estates).toBe(5);
    expect(preview.text).toContain('尚未写入');
    // 文新东 is not in the NBS list: it will be created and flagged generated, and said so.
    expect(preview.text).toContain('文新东');
    expect(preview.warnings.join(' ')).toContain('“建成年代”不是系统建模的列'); // the warning in the UI's language
    expect((await admin.get<unknown[]>('/api/programmes')).body).toEqual([]); // a preview writes nothing
    await planner.screenshot(shot('byo-2-import-preview.png'));

    key = await planner.confirmImportAndOpen();
    expect(key).toBe('330106-2026');
    expect(await planner.crash()).toBeNull();
    expect(await planner.toPlace()).toHaveLength(5);

    // Every figure as the table wrote it: ㎡ stay m², the unknown column is kept on the estate, the
    // communities written without 社区 found in the NBS list.
    const list = await estates();
    expect(list).toHaveLength(5);
    const first = list.find((e) => e.properties.name === '示例小区一')!;
    expect(first.properties.placement).toBe('unplaced');
    expect(first.geometry).toBeNull();
    expect(first.properties.communityName).toBe('松木场社区');
    expect(first.properties.attributes).toEqual([{ name: '建成年代', value: '1988' }]);
    const ranking = (await admin.get<{ total: { households: number; plannedInvestmentWan: number } }>('/api/stats/ranking?level=street&parent=330106&year=2026')).body;
    expect(ranking.total).toMatchObject({ households: 780, plannedInvestmentWan: 2230 });

    // The details card shows the kept column once, under its own header.
    await planner.chooseMode('browse');
    await planner.selectFromList('示例小区一');
    const lines = (await planner.detailsText()).split('\n').map((line) => line.trim()).filter(Boolean);
    const at = lines.flatMap((line, i) => (line.startsWith('建成年代') ? [i] : []));
    expect(at).toHaveLength(1);
    expect(lines.slice(at[0]!, at[0]! + 2).join(' ')).toContain('1988');

    await planner.openPlans();
    expect(await planner.planCounts(key)).toMatchObject({ estates: 5, unplaced: 5, reports: 0 });
    await done(planner);
  });

  it('every role opens the new programme without a crash, before anything is placed', async () => {
    const made = await admin.send<{ password: string }>('POST', '/api/accounts', { username: 'xihu-reporter', role: 'reporter', regionCode: '330106' });
    expect(made.status).toBe(201);
    passwords['xihu-reporter'] = made.body.password;
    for (const account of [ADMIN.username, 'wang', 'li', 'xihu-reporter']) {
      const who = await signIn(account);
      await who.openProgramme(key);
      const visits = await who.visitEveryMode();
      expect(visits.filter((v) => v.crash), account).toEqual([]);
      expect(visits.find((v) => v.mode === 'browse')!.text, account).toContain('小区列表 (5)');
      await done(who);
    }
  });

  it('the planner places two estates; the reporter files the first report; the leader sees it coloured', async () => {
    const planner = await signIn('wang');
    await planner.openProgramme(key);
    await planner.zoomTo([120.134, 30.265], 15);
    await planner.placeEstate('示例小区一', AT_FIRST);
    await planner.placeEstate('示例小区三', AT_SECOND);
    expect(await planner.toPlace()).toHaveLength(3);
    const drawn = await planner.drawnPoints();
    expect(drawn.map((d) => [d.name, d.colour]).sort()).toEqual([['示例小区一', NO_DATA], ['示例小区三', NO_DATA]]);
    await planner.screenshot(shot('byo-3-placed.png'));
    await planner.openPlans();
    expect(await planner.planCounts(key)).toMatchObject({ estates: 5, unplaced: 3 });
    await done(planner);

    const reporter = await signIn('xihu-reporter');
    await reporter.openProgramme(key);
    await reporter.selectFromList('示例小区一');
    await reporter.openReportFromDetails();
    expect(await reporter.fileReport({ estate: '示例小区一', period: '2026-11', progressPct: '55', note: '首次月报' })).toMatch(/已提交/);
    await done(reporter);

    const leader = await signIn('li');
    await leader.openProgramme(key);
    await leader.zoomTo([120.134, 30.265], 15);
    const coloured = await leader.drawnPoints();
    expect(coloured.map((d) => [d.name, d.colour]).sort()).toEqual([['示例小区一', PROGRESS_40_60], ['示例小区三', NO_DATA]]);
    await leader.screenshot(shot('byo-4-coloured.png'));
    const visits = await leader.visitEveryMode();
    expect(visits.filter((v) => v.crash)).toEqual([]);
    expect(visits.find((v) => v.mode === 'dashboard')!.text).toContain('2026-11');
    await done(leader);
  });

  it('a corrected table replaces the plan as version 2, keeping the placed and reported estates; an admin can delete the plan', async () => {
    const before = await estates();
    const planner = await signIn('wang');
    await planner.openPlans();
    const preview = await planner.previewReplace(key, TABLE_V2);
    expect(preview.text).toContain('替换为第 2 版');
    expect(preview.changed.join(' ')).toContain('示例小区二');
    expect(preview.added.join(' ')).toContain('示例小区六');
    expect(preview.removed).toEqual([]);
    expect((await estates()).length).toBe(5); // a preview writes nothing
    expect(await planner.confirmReplace(key)).toContain('已替换为第 2 版');
    const after = await estates();
    expect(after).toHaveLength(6);
    // The same estates keep their ids, their points and their report.
    for (const name of ['示例小区一', '示例小区三']) {
      const was = before.find((e) => e.properties.name === name)!;
      const now = after.find((e) => e.properties.name === name)!;
      expect({ id: now.id, placement: now.properties.placement }).toEqual({ id: was.id, placement: 'provisional_point' });
    }
    expect(await planner.planCounts(key)).toMatchObject({ estates: 6, unplaced: 4, reports: 1 });
    await done(planner);

    const who = await signIn(ADMIN.username);
    await who.openPlans();
    await who.deletePlan(key);
    expect((await admin.get<unknown[]>('/api/programmes')).body).toEqual([]);
    expect(await estates()).toEqual([]);
    await done(who);
  });
});
