import { LRUCache } from 'lru-cache';
import type { Database } from '../db/engine.ts';
import { loadSession, type SessionUser } from './sessions.ts';

/** How long a looked-up session is trusted without asking the database again. */
export const SESSION_CACHE_MS = 30_000;

/**
 * Sessions looked up recently, so that every request (a map asks for dozens of tiles a second) does
 * not cost a database round trip. Correctness first:
 * - NOTIFY data_changed 'sessions' or 'users' (migration 0011) from any process drops every
 *   entry: a logout, a disabled account or a changed role reaches all processes on commit;
 * - a write request through this process drops every entry too, before its answer is sent, so its
 *   own next request never sees the old session (NOTIFY arrives a moment after commit);
 * - an entry loaded while such a change happened is not stored (generation check), and none
 *   outlives its session's expiry or SESSION_CACHE_MS;
 * - until LISTEN is in place nothing is cached.
 */
export class SessionCache {
  private readonly lru = new LRUCache<string, { user: SessionUser; until: number }>({ max: 20_000 });
  private generation = 0;
  private listening = false;

  constructor(private readonly db: Database) {}

  async listen(): Promise<void> {
    await this.db.listen('data_changed', (table) => {
      if (table === 'sessions' || table === 'users') this.clear();
    });
    this.listening = true;
  }

  clear(): void {
    this.generation++;
    this.lru.clear();
  }

  async load(token: string): Promise<SessionUser | null> {
    // Keyed by the token itself: the process holds it anyway while it answers, and a hit then
    // costs no SHA-256 (the database keeps only the hash).
    const key = token;
    const now = Date.now();
    const hit = this.listening ? this.lru.get(key) : undefined;
    if (hit && hit.until > now) return hit.user;
    const generation = this.generation;
    const user = await loadSession(this.db, token);
    if (user && this.listening && generation === this.generation) {
      this.lru.set(key, { user, until: Math.min(now + SESSION_CACHE_MS, Date.parse(user.expiresAt)) });
    }
    return user;
  }
}

const caches = new WeakMap<Database, SessionCache>();

/** One cache per database handle, shared by the API's and the tiles' guards. */
export function sessionCacheFor(db: Database): SessionCache {
  let cache = caches.get(db);
  if (!cache) {
    const created = new SessionCache(db);
    created.listen().catch((err) => console.error('[auth] LISTEN data_changed failed; sessions will not be cached:', err));
    caches.set(db, created);
    cache = created;
  }
  return cache;
}
