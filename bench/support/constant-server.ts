/**
 * The ceilings for cached tiles: a Hono route on the same node server adapter returning a constant
 * buffer of CONSTANT_BYTES with the same headers, run as its own process by the tiles benchmark.
 * With DATABASE_URL it also serves the buffer at the tiles' own paths behind what a tile request
 * passes before its handler: the security headers middleware and the guard (session from the
 * per-process session cache, policy line, role), as server/app.ts mounts them.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { guard } from '../../server/auth/guard.ts';
import { openPostgres } from '../../server/db/postgres.ts';
import { securityHeaders, securityHeaderSet } from '../../server/http/security-headers.ts';

const body = new Uint8Array(Number(process.env.CONSTANT_BYTES ?? 20000)).fill(7);
const constant = (c: import('hono').Context) => {
  c.header('Cache-Control', 'public, no-cache');
  c.header('ETag', '"constant"');
  c.header('Content-Type', 'application/vnd.mapbox-vector-tile');
  return c.body(body);
};
const app = new Hono();
if (process.env.DATABASE_URL) {
  const db = await openPostgres(process.env.DATABASE_URL);
  app.use('*', securityHeaders(securityHeaderSet(undefined)));
  app.get('/api/health', (c) => c.text('ok'));
  app.route('/tiles', new Hono().use('*', guard(db)).get('/:layer/:z/:x/:file', constant));
} else {
  app.get('/api/health', (c) => c.text('ok')).get('/const/*', constant);
}
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' });
