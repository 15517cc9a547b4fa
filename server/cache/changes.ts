import { LRUCache } from 'lru-cache';
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/engine.ts';

/**
 * The one way a per-process cache hears that rows changed: NOTIFY data_changed '<table>'
 * (migrations 0006, 0011), sent after commit by every statement that writes a watched table, from
 * any process on the database. With a replica the cached answers are read there, and it applies
 * the change a little later: an answer computed in between would hold the old rows, so onChange
 * runs again once the replica has caught up. Resolves once listening; call the result to stop.
 */
export async function watchChanges(db: Database, onChange: (table: string) => void): Promise<() => Promise<void>> {
  await syncPointFor(db);
  return db.listen('data_changed', (table) => {
    if (table.startsWith(SYNC_PREFIX)) return;
    onChange(table);
    const replica = db.replica;
    if (replica) void replicaCaughtUp(db, replica).then(() => onChange(table));
  });
}

/** Payloads sent by changesHeard: not table names, so every watcher passes them by. */
const SYNC_PREFIX = 'sync:';

/**
 * One per database connection that caches listen on, keyed by its listen function: the audited
 * wrapper (server/auth/audited-db.ts) shares it with the database it wraps, and so does every
 * cache, since they all listen through the same LISTEN connection.
 */
const syncPoints = new WeakMap<Database['listen'], Promise<Map<string, () => void>>>();

function syncPointFor(db: Database): Promise<Map<string, () => void>> {
  let point = syncPoints.get(db.listen);
  if (!point) {
    const waiting = new Map<string, () => void>();
    point = db.listen('data_changed', (payload) => waiting.get(payload)?.()).then(() => waiting);
    syncPoints.set(db.listen, point);
    point.catch(() => syncPoints.delete(db.listen));
  }
  return point;
}

/**
 * Resolves once every NOTIFY committed before the call has reached this process's caches. NOTIFY
 * is delivered on its own connection, a moment after the writer's commit returns: without this,
 * the writer's own next request (a planner's map reloading after an import) could be answered from
 * a cache that has not heard of the write yet. It sends a token NOTIFY and waits for it to come
 * back: PostgreSQL delivers notifications in commit order, and all of this process's listeners on
 * one connection are called for each notification before the next, so the token arrives after
 * the write's own notifications were handled. The write guard (server/auth/guard.ts) calls it
 * before a write's answer goes out. Gives up after timeoutMs (the answer is then sent anyway).
 */
export async function changesHeard(db: Database, timeoutMs = 2_000): Promise<void> {
  const point = syncPoints.get(db.listen);
  if (!point) return; // nothing in this process caches answers from this database
  const waiting = await point.catch(() => null);
  if (!waiting) return;
  const token = `${SYNC_PREFIX}${randomUUID()}`;
  let timer: NodeJS.Timeout | undefined;
  const heard = new Promise<void>((resolve) => {
    waiting.set(token, resolve);
    timer = setTimeout(resolve, timeoutMs);
  });
  try {
    await db.query(`SELECT pg_notify('data_changed', $1)`, [token]);
    await heard;
  } catch (err) {
    console.error('[cache] could not wait for this write to be heard:', err);
  } finally {
    waiting.delete(token);
    clearTimeout(timer);
  }
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
