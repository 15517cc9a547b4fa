import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { describe, expect, it } from 'vitest';
import { SECURITY_HEADERS_SET, securityHeaderSet, securityHeaders } from '../../server/http/security-headers.ts';

/** The options the app passed to hono/secure-headers before the set was computed once. */
function honoOptions(basemapStyleUrl: string | undefined) {
  const basemap = basemapStyleUrl ? [new URL(basemapStyleUrl).origin] : [];
  const remote = basemap.length ? ['https:'] : [];
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"], scriptSrc: ["'self'"], workerSrc: ["'self'", 'blob:'], childSrc: ["'self'", 'blob:'],
      styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:', 'blob:', ...remote], fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'", ...basemap, ...remote], objectSrc: ["'none'"], baseUri: ["'self'"], formAction: ["'self'"], frameAncestors: ["'none'"],
    },
    xFrameOptions: 'DENY',
    referrerPolicy: 'same-origin',
    crossOriginResourcePolicy: 'same-origin',
  });
}

const headersOf = async (app: Hono) => Object.fromEntries([...(await app.request('/')).headers].filter(([k]) => k !== 'content-type'));

describe('security headers, computed once', () => {
  it.each([undefined, 'https://t0.tianditu.gov.cn/style.json'])('are exactly what hono/secure-headers writes (basemap %s)', async (basemap) => {
    const theirs = new Hono().use(honoOptions(basemap)).get('/', (c) => c.text('x'));
    const ours = new Hono().use(securityHeaders(securityHeaderSet(basemap))).get('/', (c) => c.text('x'));
    const expected = await headersOf(theirs);
    expect(Object.keys(expected).length).toBeGreaterThan(10);
    expect(await headersOf(ours)).toEqual(expected);
  });

  it('leave a response that already carries the set as it is', async () => {
    const set = securityHeaderSet(undefined);
    const app = new Hono()
      .use(securityHeaders(set))
      .get('/', () => Object.assign(new Response('x', { headers: { ...set, 'x-own': '1' } }), { [SECURITY_HEADERS_SET]: true }));
    const h = await headersOf(app);
    expect(h['x-own']).toBe('1');
    expect(h['content-security-policy']).toBe(set['Content-Security-Policy']);
  });
});
