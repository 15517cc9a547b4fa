import { LRUCache } from 'lru-cache';
import type { Database } from '../db/engine.ts';

/**
 * The one way a per-process cache hears that rows changed: NOTIFY data_changed '<table>'
 * (migrations 0006, 0011), sent after commit by every statement that writes a watched table, from
 * any process on the database. With a replica the cached answers are read there, and it applies
 * the change a little later: an answer computed in between would hold the old rows, so onChange
 * runs again once the replica has caught up. Resolves once listening; call the result to stop.
 */
export async function watchChanges(db: Database, onChange: (table: string) => void): Promise<() => Promise<void>> {
  return db.listen('data_changed', (table) => {
    onChange(table);
    const replica = db.replica;
    if (replica) void replicaCaughtUp(db, replica).then(() => onChange(table));
  });
}

/** Resolves when the replica has replayed the primary's WAL as of now (or after ~10 s regardless). */
async function replicaCaughtUp(primary: Database, replica: Database): Promise<void> {
  try {
    const [{ lsn } = { lsn: '0/0' }] = await primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
    for (let i = 0; i < 400; i++) {
      const [row] = await replica.query<{ ok: boolean }>('SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok', [lsn]);
      if (row?.ok) return;
      await new Promise((r) => setTimeout(r, 25));
    }
  } catch (err) {
    console.error('[cache] could not compare replica LSN:', err);
  }
}

/**
 * Answers kept in memory (bounded in bytes) until a table they are read from changes. A change to
 * any of `tables` bumps the generation, which is part of every key: stale answers are never served
 * again and age out of the LRU. The key is fixed before the answer is computed, so an answer
 * computed while a write commits is stored under the generation the write has already bumped and
 * cannot shadow the new data. Until LISTEN is in place nothing is cached (a change could go unheard).
 */
export class ChangeCache<V extends {}> {
  private readonly lru: LRUCache<string, V>;
  private generation = 0;
  private listening = false;
  private stop: (() => Promise<void>) | null = null;
  private readonly running = new Map<string, Promise<V>>();
  /** How many answers were served from memory (for tests and the bench). */
  hits = 0;

  constructor(
    private readonly tables: ReadonlySet<string>,
    maxBytes: number,
    sizeOf: (v: V) => number,
  ) {
    this.lru = new LRUCache({ maxSize: Math.max(maxBytes, 1), sizeCalculation: (v) => Math.max(sizeOf(v), 1) });
  }

  async listen(db: Database): Promise<void> {
    this.stop = await watchChanges(db, (table) => {
      if (this.tables.has(table)) this.generation++;
    });
    this.listening = true;
  }

  async close(): Promise<void> {
    this.listening = false;
    await this.stop?.().catch(() => {});
  }

  /**
   * The cached answer for `key`, or compute() stored under the generation read before it ran.
   * Identical requests arriving while it runs wait for the same computation (one per key) and
   * count as hits: they do not compute.
   */
  async getOrCompute(key: string, compute: () => Promise<V>): Promise<{ value: V; hit: boolean }> {
    const full = `${this.generation}|${key}`;
    const cached = this.listening ? this.lru.get(full) : undefined;
    if (cached !== undefined) {
      this.hits++;
      return { value: cached, hit: true };
    }
    const joined = this.listening ? this.running.get(full) : undefined;
    if (joined) {
      this.hits++;
      return { value: await joined, hit: true };
    }
    const running = compute();
    if (this.listening) {
      this.running.set(full, running);
      running.then((value) => this.lru.set(full, value), () => {}).finally(() => this.running.delete(full));
    }
    return { value: await running, hit: false };
  }
}
