import type { MiddlewareHandler } from 'hono';

/**
 * Security headers for every response. The CSP allows what MapLibre and deck.gl need and nothing
 * more: MapLibre starts its workers from blob: URLs and draws images from blob:/data:; React sets
 * styles through the CSSOM but MapLibre's controls carry inline style attributes. No page may
 * frame the app (clickjacking: frame-ancestors 'none' and X-Frame-Options DENY). A configured
 * basemap style (BASEMAP_STYLE_URL, e.g. Tianditu) adds its origin for styles, tiles and sprites.
 *
 * The set is the one hono/secure-headers writes with these options (tests/unit/security-headers
 * checks it header for header), computed once: a cached tile answers with it already in place
 * (SECURITY_HEADERS_SET marks such a response), so the hot path neither builds nor sets headers
 * one by one.
 */
export function securityHeaderSet(basemapStyleUrl: string | undefined): Readonly<Record<string, string>> {
  const basemap = basemapStyleUrl ? [new URL(basemapStyleUrl).origin] : [];
  // Tile servers of a third-party style can live on other hosts (t0…t7.tianditu.gov.cn): https: then.
  const remote = basemap.length ? ['https:'] : [];
  const csp: [string, string[]][] = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
    ['worker-src', ["'self'", 'blob:']],
    ['child-src', ["'self'", 'blob:']],
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:', 'blob:', ...remote]],
    ['font-src', ["'self'", 'data:']],
    ['connect-src', ["'self'", ...basemap, ...remote]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'self'"]],
    ['form-action', ["'self'"]],
    ['frame-ancestors', ["'none'"]],
  ];
  return Object.freeze({
    // Vector tiles and GeoJSON are fetched by the page itself only.
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Origin-Agent-Cluster': '?1',
    'Referrer-Policy': 'same-origin',
    'Strict-Transport-Security': 'max-age=15552000; includeSubDomains',
    'X-Content-Type-Options': 'nosniff',
    'X-DNS-Prefetch-Control': 'off',
    'X-Download-Options': 'noopen',
    'X-Frame-Options': 'DENY',
    'X-Permitted-Cross-Domain-Policies': 'none',
    'X-XSS-Protection': '0',
    'Content-Security-Policy': csp.map(([d, v]) => `${d} ${v.join(' ')}`).join('; '),
  });
}

/** Set on a Response whose headers already hold the security set (built from securityHeaderSet). */
export const SECURITY_HEADERS_SET = Symbol('securityHeadersSet');

/** The middleware: adds the set to every response that does not carry it yet. */
export function securityHeaders(set: Readonly<Record<string, string>>): MiddlewareHandler {
  const entries = Object.entries(set);
  return async (c, next) => {
    await next();
    const res = c.res as Response & { [SECURITY_HEADERS_SET]?: true };
    if (res[SECURITY_HEADERS_SET]) return;
    const headers = res.headers;
    for (const [name, value] of entries) headers.set(name, value);
    headers.delete('X-Powered-By');
  };
}
