import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Database } from '../db/engine.ts';
import { TILE_LAYERS } from './layers.ts';
import { watchChanges } from '../cache/changes.ts';

export interface CachedTile {
  /** Empty when the tile has no features (answered 204). */
  body: Uint8Array;
  etag: string;
}

/**
 * Encoded tiles kept in memory, bounded in bytes. Each layer has a generation that is part of the
 * key; a NOTIFY data_changed from any process on the database bumps the generation of every layer
 * drawn from that table, so stale tiles are never served again and age out of the LRU.
 *
 * A tile computed while a write commits is stored under the generation read before the query
 * started, which the write has already bumped: it cannot shadow the new data.
 */
export class TileCache {
  private readonly lru: LRUCache<string, CachedTile>;
  private readonly generations = new Map<string, number>();
  private readonly layersByTable = new Map<string, string[]>();
  /** Until LISTEN is in place a change could go unnoticed, so nothing is cached before then. */
  private listening = false;
  private stop: (() => Promise<void>) | null = null;

  private readonly enabled: boolean;

  /** maxBytes 0 turns caching off: every request runs the tile SQL. */
  constructor(maxBytes = 64 * 1024 * 1024) {
    this.enabled = maxBytes > 0;
    this.lru = new LRUCache({ maxSize: Math.max(maxBytes, 1), sizeCalculation: (t) => Math.max(t.body.byteLength, 1) + 64 });
    for (const layer of Object.values(TILE_LAYERS)) {
      this.generations.set(layer.name, 0);
      for (const table of layer.tables) this.layersByTable.set(table, [...(this.layersByTable.get(table) ?? []), layer.name]);
    }
  }

  async listen(db: Database): Promise<void> {
    this.stop = await watchChanges(db, (table) => this.invalidateTable(table));
    this.listening = true;
  }

  async close(): Promise<void> {
    this.listening = false;
    await this.stop?.().catch(() => {});
  }

  invalidateTable(table: string): void {
    for (const layer of this.layersByTable.get(table) ?? []) this.generations.set(layer, (this.generations.get(layer) ?? 0) + 1);
  }

  /** The cache key for a request, fixed before the tile SQL runs (see class comment). */
  key(layer: string, z: number, x: number, y: number, filters: string): string {
    return `${layer}@${this.generations.get(layer) ?? 0}/${z}/${x}/${y}?${filters}`;
  }

  get(key: string): CachedTile | undefined {
    return this.enabled && this.listening ? this.lru.get(key) : undefined;
  }

  store(key: string, body: Uint8Array): CachedTile {
    const tile = { body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
    if (this.enabled && this.listening) this.lru.set(key, tile);
    return tile;
  }

  get stats() {
    return { entries: this.lru.size, bytes: this.lru.calculatedSize };
  }
}
