import { Hono, type Context } from 'hono';
import type { AppDeps } from '../deps.ts';
import { HttpError } from '../http/errors.ts';
import { parseQuery } from '../http/validate.ts';
import { tileQuery } from '../../shared/tiles/contract.ts';
import { TileCache, type CachedTile } from './cache.ts';
import { TILE_LAYERS, type TileFilters, type TileLayer } from './layers.ts';
import { readerOf, type Database } from '../db/engine.ts';
import { tileSql } from './tile-sql.ts';
import { encodeTile } from './encode.ts';
import { matchesEtag } from '../http/etag.ts';
import { SECURITY_HEADERS_SET } from '../http/security-headers.ts';

/** Kept for callers of the old place; the comparison lives in server/http/etag.ts. */
export { matchesEtag };

const MAX_ZOOM = 22;


/**
 * Revalidate every time: the data changes under the tiles (reports, edits), and a 304 against the
 * ETag costs a round trip but no bytes. Correct figures beat a stale map.
 */
const CACHE_CONTROL = 'public, no-cache';

function tileAddress(z: string, x: string, file: string) {
  const m = /^(\d+)\.mvt$/.exec(file);
  const zi = Number(z);
  const xi = Number(x);
  const yi = m ? Number(m[1]) : NaN;
  if (!/^\d+$/.test(z) || !/^\d+$/.test(x) || !m || zi > MAX_ZOOM || xi >= 2 ** zi || yi >= 2 ** zi) {
    throw new HttpError(400, 'bad_tile', `No tile ${z}/${x}/${file}: expected {z}/{x}/{y}.mvt with 0 ≤ z ≤ ${MAX_ZOOM} and 0 ≤ x, y < 2^z`, {
      z,
      x,
      y: file,
    });
  }
  return { z: zi, x: xi, y: yi };
}

async function renderTile(db: Database, layer: TileLayer, sql: { text: string; params: unknown[] }, z: number, x: number, y: number): Promise<Uint8Array> {
  const { text, params } = sql;
  const [row] = await db.query<{ tile?: Uint8Array | null; features?: string }>(text, [z, x, y, ...params]);
  if (db.kind === 'postgres') return row?.tile ?? new Uint8Array();
  return encodeTile(layer.name, row?.features ?? '[]');
}

/** The answers' header sets of one cached tile, built once with the tile (see tileRoutes). */
interface TileHeaders {
  ok?: Record<string, string>;
  notModified?: Record<string, string>;
}

/** Parsed tile queries by their raw text: the parse is a pure function of it, and maps ask the same few. */
const QUERY_MEMO_MAX = 1024;

/**
 * Vector tiles computed in PostGIS, one SQL per tile (see layers.ts), cached in process and
 * invalidated by NOTIFY when the rows under them change. The hot path is registered by hand (the
 * cached answer must cost little more than a constant buffer); shared/tiles/contract.ts documents
 * it and carries its policy line.
 *
 * A cached tile costs no per-request parsing or header work: its query's parse is remembered by
 * the raw query text, and each tile keeps its 200 and 304 header sets (the security headers, which
 * the app's middleware then leaves alone, ETag, caching) as plain objects that the node adapter
 * writes as they are.
 */
export function tileRoutes({ db }: AppDeps, cache = new TileCache(), security: Readonly<Record<string, string>> = {}) {
  cache.listen(db).catch((err) => console.error('[tiles] LISTEN failed; tiles will not be cached:', err));
  // Per query string: its filters, their cache key, and each layer's tile SQL (the same text for
  // every tile of the layer, so a miss does not rebuild it).
  const queries = new Map<string, { filters: TileFilters; key: string; sql: Map<TileLayer, { text: string; params: unknown[] }> }>();
  const parsed = (c: Context) => {
    const url = c.req.url;
    const q = url.indexOf('?');
    const raw = q < 0 ? '' : url.slice(q + 1);
    let memo = queries.get(raw);
    if (!memo) {
      const query = parseQuery(c, tileQuery);
      const filters = { year: query.year, districts: query.district ? [...new Set(query.district)].sort() : undefined, region: query.region, period: query.period };
      memo = { filters, key: `${filters.year ?? ''}|${filters.districts?.join(',') ?? ''}|${filters.region ?? ''}|${filters.period ?? ''}`, sql: new Map() };
      if (queries.size >= QUERY_MEMO_MAX) queries.clear();
      queries.set(raw, memo);
    }
    return memo;
  };
  const base = { ...security, 'Cache-Control': CACHE_CONTROL, Vary: 'Accept-Encoding' };
  const mark = { [SECURITY_HEADERS_SET]: true as const };
  const answer = (status: number, body: Uint8Array | null, headers: Record<string, string>) =>
    Object.assign(new Response(body as Uint8Array<ArrayBuffer> | null, { status, headers }), mark);
  const below = answer.bind(null, 204, null);

  return new Hono().get('/:layer/:z/:x/:file', async (c) => {
    const name = c.req.param('layer');
    const layer = TILE_LAYERS[name];
    if (!layer) {
      throw new HttpError(404, 'unknown_layer', `No tile layer "${name}"; layers: ${Object.keys(TILE_LAYERS).join(', ')}`);
    }
    const { z, x, y } = tileAddress(c.req.param('z'), c.req.param('x'), c.req.param('file'));
    const query = parsed(c);
    if (z < layer.minZoom) return below(base);

    const key = cache.key(layer.name, z, x, y, query.key);
    let tile = cache.get(key) as (CachedTile & TileHeaders) | undefined;
    if (!tile) {
      const reader = readerOf(db);
      let sql = query.sql.get(layer);
      if (!sql) query.sql.set(layer, (sql = tileSql(layer, query.filters, reader.kind)));
      tile = cache.store(key, await renderTile(reader, layer, sql, z, x, y));
    }
    if (tile.body.byteLength === 0) return answer(204, null, (tile.notModified ??= { ...base, ETag: tile.etag }));
    if (matchesEtag(c.req.header('If-None-Match'), tile.etag)) return answer(304, null, (tile.notModified ??= { ...base, ETag: tile.etag }));
    return answer(200, tile.body, (tile.ok ??= { ...base, ETag: tile.etag, 'Content-Type': 'application/vnd.mapbox-vector-tile' }));
  });
}
