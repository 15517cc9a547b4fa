import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Context } from 'hono';
import type { Database } from '../db/engine.ts';
import { ChangeCache } from '../cache/changes.ts';
import { etagOf, matchesEtag } from '../http/etag.ts';
import type { RawJson } from '../http/register.ts';

/** An answer as it goes out: UTF-8 bytes encoded once, their gzip, and an ETag for each. */
export interface CachedAnswer {
  bytes: Uint8Array;
  etag: string;
  gzipped: Uint8Array;
  gzipEtag: string;
}

const gzipAsync = promisify(gzip);

/**
 * A city's list is megabytes of GeoJSON that gzip shrinks about tenfold. It is compressed once, when
 * it is cached (on libuv's thread pool, off the event loop), not per request: every browser asks
 * for gzip, and sending the uncompressed bytes was the bound on throughput (docs/benchmarks.md).
 */
async function cachedAnswer(text: string): Promise<CachedAnswer> {
  const bytes = Buffer.from(text, 'utf8');
  const gzipped = await gzipAsync(bytes);
  const etag = etagOf(bytes);
  // Another representation needs another strong tag (RFC 9110 §8.8.3): the same hash, marked.
  return { bytes, etag, gzipped, gzipEtag: `${etag.slice(0, -1)}-gz"` };
}

/** Accept-Encoding names gzip (or *) without refusing it with q=0. */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (coding !== 'gzip' && coding !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/**
 * Revalidate every time, as tiles do (a 304 costs a round trip but no bytes); private because an
 * answer can be scoped to the user who asked (a reporter's estates), so no shared cache may keep it.
 */
const CACHE_CONTROL = 'private, no-cache';
const GEOJSON = 'application/geo+json; charset=utf-8';

/**
 * GeoJSON lists served like tiles: each answer kept in memory, bounded in bytes, until a NOTIFY
 * data_changed for one of the tables it is read from (server/cache/changes.ts ChangeCache), with an
 * ETag (the SHA-1 of the body) and 304 for a matching If-None-Match. The key must hold everything
 * that shapes the answer: the parameters and, where the answer is scoped to the user, the scope.
 */
export class ListCache {
  private readonly cache: ChangeCache<CachedAnswer>;
  /** Resolves once LISTEN is in place (answers are cached from then on). */
  readonly ready: Promise<void>;

  /** Listens on the primary (NOTIFY is not replicated); answers may be read from the replica. */
  constructor(name: string, listenOn: Database, tables: ReadonlySet<string>, maxBytes: number) {
    this.cache = new ChangeCache<CachedAnswer>(tables, maxBytes, (a) => a.bytes.byteLength + a.gzipped.byteLength + 256);
    this.ready = this.cache.listen(listenOn).catch((err) => console.error(`[${name}] LISTEN failed; lists will not be cached:`, err));
  }

  get hits(): number {
    return this.cache.hits;
  }

  close(): Promise<void> {
    return this.cache.close();
  }

  /** The answer for `key` (from memory, or compute()'s GeoJSON text), or 304 when the client has it. */
  async respond<T>(c: Context, key: string, compute: () => Promise<string>): Promise<RawJson<T>> {
    const { value, hit } = await this.cache.getOrCompute(key, async () => cachedAnswer(await compute()));
    const gz = acceptsGzip(c.req.header('accept-encoding'));
    const etag = gz ? value.gzipEtag : value.etag;
    const headers: Record<string, string> = { etag, 'cache-control': CACHE_CONTROL, vary: 'Accept-Encoding', 'x-cache': hit ? 'hit' : 'miss' };
    const held = c.req.header('if-none-match');
    // Either tag says the client holds this answer's current content.
    if (matchesEtag(held, value.etag) || matchesEtag(held, value.gzipEtag)) return new Response(null, { status: 304, headers }) as RawJson<T>;
    headers['content-type'] = GEOJSON;
    if (gz) headers['content-encoding'] = 'gzip';
    return new Response((gz ? value.gzipped : value.bytes) as Uint8Array<ArrayBuffer>, { status: 200, headers }) as RawJson<T>;
  }
}
