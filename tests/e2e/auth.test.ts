import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type BrowserSession } from './support/browser.ts';
import { startApp, type RunningApp } from './support/app.ts';
import { AuditDriver } from './support/audit-driver.ts';
import { LeaderDriver } from './support/leader-driver.ts';

/**
 * Signing in through the real form as each kind of user, seeing only what the role allows, and
 * the admin reading in the audit log what a reporter just did.
 */
describe('accounts and roles in the browser (embedded demo accounts)', () => {
  let app: RunningApp;
  let browser: BrowserSession;
  let person: LeaderDriver;

  beforeAll(async () => {
    app = await startApp();
    browser = await openBrowser();
    person = new LeaderDriver(browser.page, app.baseUrl, 'reporter-360703');
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('asks for a login before anything else, and says so when the password is wrong (zh, then en)', async () => {
    const { page } = browser;
    await page.goto(app.baseUrl);
    await page.waitForSelector('[data-testid="login-form"]');
    expect(await page.locator('[data-testid="login-form"]').innerText()).toContain('用户名');
    // Nothing behind the form answers without a session.
    expect(await page.evaluate(async () => (await fetch('/api/programmes')).status)).toBe(401);
    await page.fill('[data-testid="login-username"]', 'admin');
    await page.fill('[data-testid="login-password"]', 'not-the-password');
    await page.click('[data-testid="login-submit"]');
    await page.waitForSelector('[data-testid="login-error"]');
    expect(await page.locator('[data-testid="login-error"]').innerText()).toBe('用户名或密码错误');
    await page.click('[data-testid="lang-toggle"]');
    expect(await page.locator('[data-testid="login-form"]').innerText()).toContain('Username');
    expect(await page.locator('[data-testid="login-error"]').innerText()).toBe('Wrong username or password');
    await page.screenshot({ path: fileURLToPath(new URL('../../docs/login.png', import.meta.url)) });
    await page.click('[data-testid="lang-toggle"]');
    // The failed login and the probe answered 401 by design; nothing else went wrong.
    const unexpected = browser.errors.filter((e) => e !== 'HTTP 401 POST /api/auth/login' && e !== 'HTTP 401 GET /api/programmes');
    browser.errors.length = 0;
    expect(unexpected).toEqual([]);
  });

  it('a reporter gets the map and the monthly report of their own district only, and files one', async () => {
    await person.signIn('reporter-360703');
    expect(await browser.page.locator('[data-testid="user-badge"]').innerText()).toContain('南康区');
    expect(await person.modes()).toEqual(['browse', 'reports']);
    // The picker is enabled once the programmes have loaded (on a busy machine, after the badge).
    await browser.page.waitForSelector('[data-testid="place-picker"]:not([disabled])');
    const places = await browser.page.$$eval('[data-testid="place-picker"] option', (os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    expect(places).toEqual(['nankang-2024']);
    await person.openProgramme('nankang-2024');
    expect(await person.estateCount()).toBe(28);
    expect((await person.renderedEstateIds()).length).toBe(28);

    await person.chooseMode('reports');
    await browser.page.waitForSelector('[data-testid="reports-panel"] [data-testid="report-form"]');
    const outcome = await person.fileReport({ estate: '一建公司', period: '2025-06', progressPct: '55', note: 'e2e' });
    expect(outcome).toMatch(/已提交|Filed/);
    expect(browser.errors).toEqual([]);
    await person.signOut();
    expect(await browser.page.evaluate(async () => (await fetch('/api/programmes')).status)).toBe(401);
    browser.errors.length = 0; // that 401 was the point
  });

  it('a leader reads the dashboard but gets no report form and no editing modes', async () => {
    await person.signIn('leader');
    expect(await person.modes()).toEqual(['browse', 'dashboard']);
    await person.openProgramme('wuhai-2021');
    await person.openDashboard();
    expect(await browser.page.locator('[data-testid="report-form-toggle"]').count()).toBe(0);
    expect(browser.errors).toEqual([]);
    await person.signOut();
  });

  it('the admin sees every mode and, in the audit log, the reporter\'s report with who filed it', async () => {
    await person.signIn('admin');
    expect(await person.modes()).toEqual(['browse', 'zones', 'dashboard', 'pipelines', 'scopes', 'plans', 'goals', 'audit', 'accounts']);
    await person.openProgramme('nankang-2024');
    const audit = new AuditDriver(browser.page);
    await audit.open();
    await audit.filterTable('progress_reports');
    const [newest] = await audit.lines();
    expect(newest).toMatchObject({ action: 'insert', table: 'progress_reports' });
    expect(newest!.text).toContain('reporter-360703');
    expect(newest!.text).toContain('2025-06');
    const change = await audit.expand(0);
    expect(change).toContain('POST /api/reports');
    expect(change).toMatch(/progress_pct\s+55\b/);
    await person.screenshot(fileURLToPath(new URL('../../docs/audit.png', import.meta.url)));
    expect(browser.errors).toEqual([]);
  });
});
