import type { Context } from 'hono';
import type { Database } from '../db/engine.ts';
import { ChangeCache } from '../cache/changes.ts';
import { etagOf, matchesEtag } from '../http/etag.ts';
import type { RawJson } from '../http/register.ts';

/** An answer as it goes out: UTF-8 bytes encoded once, and their ETag. */
export interface CachedAnswer {
  bytes: Uint8Array;
  etag: string;
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
    this.cache = new ChangeCache<CachedAnswer>(tables, maxBytes, (a) => a.bytes.byteLength + 128);
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
    const { value, hit } = await this.cache.getOrCompute(key, async () => {
      const bytes = Buffer.from(await compute(), 'utf8');
      return { bytes, etag: etagOf(bytes) };
    });
    const headers = { etag: value.etag, 'cache-control': CACHE_CONTROL, 'x-cache': hit ? 'hit' : 'miss' };
    if (matchesEtag(c.req.header('if-none-match'), value.etag)) return new Response(null, { status: 304, headers }) as RawJson<T>;
    return new Response(value.bytes as Uint8Array<ArrayBuffer>, { status: 200, headers: { ...headers, 'content-type': GEOJSON } }) as RawJson<T>;
  }
}
