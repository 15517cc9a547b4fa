import type { Context } from 'hono';

/** Sends a GeoJSON body that the database already serialised (no parse/stringify round trip). */
export function geojson(c: Context, body: string) {
  return c.body(body, 200, { 'content-type': 'application/geo+json; charset=utf-8' });
}
