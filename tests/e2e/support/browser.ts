/**
 * The only file that imports playwright-core. It drives Debian's Chromium (/usr/bin/chromium), not a
 * downloaded browser. Headless Chromium with --disable-gpu still has WebGL through SwiftShader, so
 * MapLibre and deck.gl render and can be screenshotted.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export type { Page } from 'playwright-core';

export interface BrowserSession {
  page: Page;
  /** Uncaught exceptions, console errors and failed requests seen so far, for assertions and failure messages. */
  errors: string[];
  close(): Promise<void>;
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function openBrowser(viewport = { width: 1440, height: 900 }): Promise<BrowserSession> {
  // A fresh profile per run: no cached API answers or remembered language leak between runs.
  // Playwright wants the profile directory through launchPersistentContext, not --user-data-dir.
  const profile = await mkdtemp(path.join(tmpdir(), 'e2e-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport,
      locale: 'zh-CN',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  } catch (err) {
    await rm(profile, { recursive: true, force: true });
    throw err;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // Failed requests are reported with their URL by the response handler below.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    const url = new URL(r.url());
    // Asking whether there is a session (401 before the login form) is not an error.
    if (r.status() === 401 && url.pathname === '/api/auth/me') return;
    if (r.status() >= 500 || (r.status() >= 400 && url.pathname.startsWith('/api/'))) {
      errors.push(`HTTP ${r.status()} ${r.request().method()} ${url.pathname}${url.search}`);
    }
  });
  page.on('requestfailed', (r) => {
    const reason = r.failure()?.errorText ?? '?';
    // MapLibre cancels tile requests that the camera no longer needs: not a failure.
    if (reason === 'net::ERR_ABORTED' && new URL(r.url()).pathname.startsWith('/tiles/')) return;
    errors.push(`request failed: ${r.url()} (${reason})`);
  });
  return {
    page,
    errors,
    async close() {
      await context.close().catch(() => undefined);
      await rm(profile, { recursive: true, force: true });
    },
  };
}
