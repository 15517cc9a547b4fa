import { CSRF_HEADER } from '../../../shared/auth.ts';

/**
 * What every request needs from the session, kept outside React so that plain fetch helpers (and
 * the map's tile URLs) can use it: the CSRF token echoed on writes, a reporter's district (and
 * street) that scopes their tiles, and who to tell when the server says the session is gone.
 */
let csrfToken: string | null = null;
let scopeDistrict: string | null = null;
let scopeRegion: string | null = null;
let onUnauthorised: (() => void) | null = null;

export function setSessionScope(s: { csrfToken: string; district: string | null; region: string | null } | null): void {
  csrfToken = s?.csrfToken ?? null;
  scopeDistrict = s?.district ?? null;
  scopeRegion = s?.region ?? null;
}

/** Headers for a write: the server refuses a cookie-authenticated write without them (403 csrf). */
export function csrfHeaders(): Record<string, string> {
  return csrfToken ? { [CSRF_HEADER]: csrfToken } : {};
}

/** A reporter may only ask for their own district's tiles. */
export function tileScopeDistrict(): string | null {
  return scopeDistrict;
}

/** A street or community reporter asks for their region's estates and buildings only. */
export function tileScopeRegion(): string | null {
  return scopeRegion;
}

export function onSessionLost(fn: (() => void) | null): void {
  onUnauthorised = fn;
}

/** Called by the fetch helpers on a 401: the session expired or was ended elsewhere. */
export function sessionLost(): void {
  onUnauthorised?.();
}
