import type { Database } from '../db/engine.ts';
import { watchChanges } from '../cache/changes.ts';
import { namePinyin } from './pinyin.ts';
import { insertPinyinSql, namesWithoutPinyinSql } from './sql.ts';

/** The tables whose names the search finds: a change to one may bring a name without pinyin. */
const NAMED_TABLES = new Set(['estates', 'zones', 'regions']);

/**
 * Keeps search_pinyin (migration 0018) complete: before a search, the names it could find that
 * have no pinyin yet get theirs, computed here with pinyin-pro and stored once per distinct name.
 * The look for such names runs on the first search and then only after a NOTIFY data_changed for
 * estates, zones or regions (a plan imported, a zone saved, from any process); until LISTEN is in
 * place it runs before every search. A name written since the last look and not yet heard of is
 * still found as written, and by its pinyin from the next search after the notification.
 */
export class SearchNames {
  private generation = 0;
  private done = -1;
  private listening = false;
  private running: Promise<void> | null = null;

  constructor(private readonly db: Database) {}

  async listen(): Promise<void> {
    await watchChanges(this.db, (table) => {
      if (NAMED_TABLES.has(table)) this.generation++;
    });
    // A change made before LISTEN was in place went unheard: look once more.
    this.generation++;
    this.listening = true;
  }

  /** Resolves once every name a search could find has its pinyin (one refresh at a time). */
  async ensure(): Promise<void> {
    if (this.listening && this.done === this.generation) return;
    this.running ??= this.refresh().finally(() => {
      this.running = null;
    });
    await this.running;
  }

  /** The names that lacked pinyin and got it (how many), and how long that took. */
  lastRefresh: { names: number; ms: number } | null = null;

  private async refresh(): Promise<void> {
    const generation = this.generation;
    const started = performance.now();
    // Every candidate of every user: no reporter region ($1 null), zones included ($2 true).
    const rows = await this.db.query<{ name: string }>(namesWithoutPinyinSql, [null, true]);
    if (rows.length > 0) {
      const keys = rows.map((r) => namePinyin(r.name));
      await this.db.query(insertPinyinSql, [
        keys.map((k) => k.name),
        keys.map((k) => k.full),
        keys.map((k) => k.initials),
        keys.map((k) => k.fullStarts),
        keys.map((k) => k.initialsStarts),
      ]);
    }
    this.lastRefresh = { names: rows.length, ms: performance.now() - started };
    this.done = generation;
  }
}

const instances = new WeakMap<Database, SearchNames>();

/** One per database handle (the primary: the pinyin table is written there). */
export function searchNamesFor(db: Database): SearchNames {
  let names = instances.get(db);
  if (!names) {
    const created = new SearchNames(db);
    created.listen().catch((err) => console.error('[search] LISTEN data_changed failed; pinyin is looked for before every search:', err));
    instances.set(db, created);
    names = created;
  }
  return names;
}
