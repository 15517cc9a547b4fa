import { LRUCache } from 'lru-cache';
import type { Database, Queryable } from '../db/engine.ts';
import { watchChanges } from '../cache/changes.ts';
import { estateFeaturesSql, estateIdsSql } from './sql.ts';

/**
 * Tables an estate's latest feature reads besides its own row and its newest report: plan (id,
 * year), region names, project, persons in charge. A change to any of them drops every kept text
 * (they are rare: a plan import, a region or project edit).
 */
export const SHARED_FEATURE_TABLES = new Set(['plans', 'regions', 'projects', 'responsibilities']);

/** A city's 3,000 estates are ~5 MB of text (UTF-16 in memory: ~10 MB); a province's 30,000 fit. */
const MAX_BYTES = 160 * 2 ** 20;

/** The opening of a FeatureCollection exactly as PostgreSQL's json_build_object writes it. */
const HEAD = '{"type" : "FeatureCollection", "features" : [';
/** json_agg's separator between elements. */
const SEP = ', ';
const TAIL = ']}';

export interface ListFilter {
  district: string | null;
  year: number | null;
  bbox: [number, number, number, number] | null;
  /** The region a reporter reports for (their estates only), or null for staff. */
  scope: string | null;
}

/**
 * Each estate's latest GeoJSON feature as JSON text, kept per process, so that a list is one
 * query for ids and a concatenation, not a rebuild of thousands of JSON objects. A kept text is
 * used only while its estate's fingerprint (the row versions of the estate and of its maintained
 * newest report, server/estates/sql.ts) is the one read with it: a report or an edit of one estate
 * makes only that estate's text be rebuilt. Changes to what many estates share
 * (SHARED_FEATURE_TABLES) drop them all; a text computed while such a change commits is not kept.
 * Until LISTEN is in place nothing is kept.
 *
 * The text is the one estatesCollectionSql aggregates for the latest figures (no period), and the
 * concatenation uses json_agg's and json_build_object's own punctuation: the answer is byte for
 * byte the one the SQL builds (tests/api/estates-list-cache.test.ts).
 */
export class EstateFeatureCache {
  private readonly lru = new LRUCache<number, { v: string; text: string }>({ maxSize: MAX_BYTES, sizeCalculation: (x) => x.text.length * 2 + 64 });
  private generation = 0;
  private listening = false;
  private stop: (() => Promise<void>) | null = null;
  /** Texts served from memory and rebuilt, since start (for tests and the bench). */
  reused = 0;
  rebuilt = 0;

  async listen(db: Database): Promise<void> {
    this.stop = await watchChanges(db, (table) => {
      if (SHARED_FEATURE_TABLES.has(table)) {
        this.generation++;
        this.lru.clear();
      }
    });
    this.listening = true;
  }

  async close(): Promise<void> {
    this.listening = false;
    await this.stop?.().catch(() => {});
  }

  /** The FeatureCollection text of the estates the filter selects, latest figures. */
  async collection(db: Queryable, f: ListFilter): Promise<string> {
    const generation = this.generation;
    const [minLon, minLat, maxLon, maxLat] = f.bbox ?? [null, null, null, null];
    const rows = await db.query<{ id: number; v: string }>(estateIdsSql, [f.district, f.year, minLon, minLat, maxLon, maxLat, f.scope]);
    const texts: (string | undefined)[] = new Array(rows.length);
    const missing: number[] = [];
    for (let i = 0; i < rows.length; i++) {
      const kept = this.listening ? this.lru.get(rows[i]!.id) : undefined;
      if (kept && kept.v === rows[i]!.v) texts[i] = kept.text;
      else missing.push(i);
    }
    this.reused += rows.length - missing.length;
    if (missing.length) {
      const built = await db.query<{ id: number; v: string; body: string }>(estateFeaturesSql, [missing.map((i) => rows[i]!.id)]);
      this.rebuilt += built.length;
      const byId = new Map(built.map((b) => [b.id, b]));
      const keep = this.listening && generation === this.generation;
      for (const i of missing) {
        const b = byId.get(rows[i]!.id);
        // Deleted between the two queries: left out, as a query a moment later would.
        if (!b) continue;
        texts[i] = b.body;
        if (keep) this.lru.set(b.id, { v: b.v, text: b.body });
      }
    }
    let out = HEAD;
    let first = true;
    for (const t of texts) {
      if (t === undefined) continue;
      out += first ? t : SEP + t;
      first = false;
    }
    return out + TAIL;
  }
}
