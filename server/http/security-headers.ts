import { secureHeaders } from 'hono/secure-headers';

/**
 * Security headers for every response. The CSP allows what MapLibre and deck.gl need and nothing
 * more: MapLibre starts its workers from blob: URLs and draws images from blob:/data:; React sets
 * styles through the CSSOM but MapLibre's controls carry inline style attributes. No page may
 * frame the app (clickjacking: frame-ancestors 'none' and X-Frame-Options DENY). A configured
 * basemap style (BASEMAP_STYLE_URL, e.g. Tianditu) adds its origin for styles, tiles and sprites.
 */
export function securityHeaders(basemapStyleUrl: string | undefined) {
  const basemap = basemapStyleUrl ? [new URL(basemapStyleUrl).origin] : [];
  // Tile servers of a third-party style can live on other hosts (t0…t7.tianditu.gov.cn): https: then.
  const remote = basemap.length ? ['https:'] : [];
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      workerSrc: ["'self'", 'blob:'],
      childSrc: ["'self'", 'blob:'],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:', ...remote],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'", ...basemap, ...remote],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: 'DENY',
    referrerPolicy: 'same-origin',
    // Vector tiles and GeoJSON are fetched by the page itself only.
    crossOriginResourcePolicy: 'same-origin',
  });
}
