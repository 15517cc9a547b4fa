import { Hono } from 'hono';
import type { AppDeps } from '../deps.ts';
import { HttpError } from '../http/errors.ts';
import { parseQuery } from '../http/validate.ts';
import { tileQuery } from '../../shared/tiles/contract.ts';
import { TileCache } from './cache.ts';
import { TILE_LAYERS, type TileFilters, type TileLayer } from './layers.ts';
import { readerOf, type Database } from '../db/engine.ts';
import { tileSql } from './tile-sql.ts';
import { encodeTile } from './encode.ts';

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

/**
 * If-None-Match uses the weak comparison (RFC 9110 §13.1.2): W/"x" matches "x", any entry of a
 * list may match, and * matches any tile. Proxies and browsers send weak forms after compressing.
 */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

async function renderTile(db: Database, layer: TileLayer, filters: TileFilters, z: number, x: number, y: number): Promise<Uint8Array> {
  const { text, params } = tileSql(layer, filters, db.kind);
  const [row] = await db.query<{ tile?: Uint8Array | null; features?: string }>(text, [z, x, y, ...params]);
  if (db.kind === 'postgres') return row?.tile ?? new Uint8Array();
  return encodeTile(layer.name, row?.features ?? '[]');
}

/**
 * Vector tiles computed in PostGIS, one SQL per tile (see layers.ts), cached in process and
 * invalidated by NOTIFY when the rows under them change. The hot path is registered by hand (the
 * cached answer must cost little more than a constant buffer); shared/tiles/contract.ts documents
 * it and carries its policy line.
 */
export function tileRoutes({ db }: AppDeps, cache = new TileCache()) {
  cache.listen(db).catch((err) => console.error('[tiles] LISTEN failed; tiles will not be cached:', err));

  return new Hono().get('/:layer/:z/:x/:file', async (c) => {
    const { layer: name, z: zs, x: xs, file } = c.req.param();
    const layer = TILE_LAYERS[name];
    if (!layer) {
      throw new HttpError(404, 'unknown_layer', `No tile layer "${name}"; layers: ${Object.keys(TILE_LAYERS).join(', ')}`);
    }
    const { z, x, y } = tileAddress(zs, xs, file);
    const query = parseQuery(c, tileQuery);
    const filters = { year: query.year, districts: query.district ? [...new Set(query.district)].sort() : undefined, region: query.region, period: query.period };
    c.header('Cache-Control', CACHE_CONTROL);
    c.header('Vary', 'Accept-Encoding');
    if (z < layer.minZoom) return c.body(null, 204);

    const key = cache.key(layer.name, z, x, y, `${filters.year ?? ''}|${filters.districts?.join(',') ?? ''}|${filters.region ?? ''}|${filters.period ?? ''}`);
    let tile = cache.get(key);
    if (!tile) {
      tile = cache.store(key, await renderTile(readerOf(db), layer, filters, z, x, y));
    }
    c.header('ETag', tile.etag);
    if (tile.body.byteLength === 0) return c.body(null, 204);
    if (matchesEtag(c.req.header('If-None-Match'), tile.etag)) return c.body(null, 304);
    c.header('Content-Type', 'application/vnd.mapbox-vector-tile');
    return c.body(tile.body as Uint8Array<ArrayBuffer>);
  });
}
