import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type BrowserSession } from './support/browser.ts';
import { startApp, type RunningApp } from './support/app.ts';
import { PlannerDriver } from './support/driver.ts';

/**
 * 账户管理: the admin makes an account for the reporter of one street (东山街道, Nankang), who then
 * signs in with the password shown once and sees only their street's estates, on the list and
 * on the map.
 */
describe('an admin makes a street reporter, who sees only their street', () => {
  let app: RunningApp;
  let browser: BrowserSession;
  let person: PlannerDriver;
  let password = '';

  beforeAll(async () => {
    app = await startApp();
    browser = await openBrowser();
    person = new PlannerDriver(browser.page, app.baseUrl, 'admin');
    await person.open();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('creates the account with a generated password, listed with its street', async () => {
    const page = browser.page;
    await person.openProgramme('nankang-2024');
    await person.chooseMode('accounts');
    await page.fill('[data-testid="account-username"]', 'reporter-dongshan');
    await page.selectOption('[data-testid="account-role"]', 'reporter');
    await page.waitForSelector('[data-testid="account-region"] option[value="360703002"]', { state: 'attached' });
    await page.selectOption('[data-testid="account-region"]', '360703002');
    await page.click('[data-testid="account-submit"]');
    const shown = page.locator('[data-testid="account-password"]');
    await shown.waitFor();
    password = (await shown.getAttribute('data-password')) ?? '';
    expect(password).toMatch(/^[A-Za-z2-9]{16}$/);
    expect(await shown.innerText()).toContain('reporter-dongshan');
    const row = page.locator('[data-testid="accounts-table"] tr[data-username="reporter-dongshan"]');
    await row.waitFor();
    expect(await row.innerText()).toMatch(/填报人员[\s\S]*东山街道[\s\S]*从未登录/);
    await person.screenshot(fileURLToPath(new URL('../../docs/accounts.png', import.meta.url)));
    expect(browser.errors).toEqual([]);
  });

  it('the new reporter signs in and sees only the estates of 东山街道, in the list and on the map', async () => {
    await person.signOut();
    await person.signIn('reporter-dongshan', password);
    expect(await person.modes()).toEqual(['browse', 'reports']);
    await person.openProgramme('nankang-2024');
    const own = await person.apiGet<{ features: { id: number; properties: { streetCode: string } }[] }>('/api/estates?district=360703');
    expect(own.features.length).toBeGreaterThan(0);
    expect(own.features.every((f) => f.properties.streetCode === '360703002')).toBe(true);
    expect(await person.estateCount()).toBe(own.features.length);
    const drawn = await person.renderedEstateIds();
    expect(drawn.length).toBeGreaterThan(0);
    // The map's tiles hold this street's estates only (the server filters by region=).
    expect(drawn.filter((id) => !own.features.some((f) => f.id === id))).toEqual([]);
    expect(browser.errors).toEqual([]);
  });
});
