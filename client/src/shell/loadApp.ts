/**
 * The signed-in app (map, modes, MapLibre, deck.gl) is a chunk of its own, so the login page
 * loads only React, the i18n words and the login form. The browser keeps one module per URL: the
 * prefetches below and main.tsx's React.lazy share one download.
 *
 * main.tsx hands the app's import in (registerAppLoader) rather than this file importing App: the
 * login form and the session provider call prefetchApp, and App imports them, so an import here
 * would be a circle.
 */
let loadApp: (() => Promise<unknown>) | null = null;

export function registerAppLoader(load: () => Promise<unknown>): void {
  loadApp = load;
}

/** Set when a session was seen, cleared when it ends: a returning user is probably signed in. */
const HINT = 'signedIn';

/** Starts fetching the app (and, through Vite's preload list, MapLibre and deck.gl) without waiting. */
export function prefetchApp(): void {
  void loadApp?.().catch(() => undefined);
}

/**
 * At start-up, before /api/me answers: if this browser had a session, fetch the app alongside
 * /api/me instead of after it, so the first map is not a request later than before the split. A
 * stranger's first visit loads only the login page.
 */
export function prefetchAppIfReturning(): void {
  try {
    if (localStorage.getItem(HINT) === '1') prefetchApp();
  } catch {
    // Storage refused (private mode): the app is fetched after /api/me answers.
  }
}

export function rememberSession(signedIn: boolean): void {
  try {
    if (signedIn) localStorage.setItem(HINT, '1');
    else localStorage.removeItem(HINT);
  } catch {
    // Only a hint.
  }
}
