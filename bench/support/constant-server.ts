/**
 * The ceiling for cached tiles: a Hono route on the same node server adapter returning a constant
 * buffer of CONSTANT_BYTES with the same headers. Run as its own process by the tiles benchmark.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const body = new Uint8Array(Number(process.env.CONSTANT_BYTES ?? 20000)).fill(7);
const app = new Hono()
  .get('/api/health', (c) => c.text('ok'))
  .get('/const/*', (c) => {
    c.header('Cache-Control', 'public, no-cache');
    c.header('ETag', '"constant"');
    c.header('Content-Type', 'application/vnd.mapbox-vector-tile');
    return c.body(body);
  });
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' });
