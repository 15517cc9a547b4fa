import { AsyncLocalStorage } from 'node:async_hooks';
import type { Database, Queryable } from '../db/engine.ts';

/** Who is writing, for the audit triggers (migration 0010_auth). */
export interface Actor {
  username: string;
  /** e.g. "POST /api/zones": what the audit trail shows as the cause of a change. */
  request: string;
}

const current = new AsyncLocalStorage<Actor>();

/** Runs fn (a request's handler) with its writes attributed to actor. */
export function asActor<T>(actor: Actor, fn: () => Promise<T>): Promise<T> {
  return current.run(actor, fn);
}

export function currentActor(): Actor | undefined {
  return current.getStore();
}

const STAMP = `SELECT set_config('app.user', $1, true), set_config('app.request', $2, true)`;

/**
 * The database as handlers see it: inside a write request, every statement runs in a transaction
 * stamped with the user (SET LOCAL app.user), which the audit triggers read. Handlers need not
 * know: the one middleware that authorises the request also names the actor, and no write path
 * can forget to. A statement outside a transaction becomes its own stamped transaction; reads
 * (no actor) pass straight through.
 */
export function audited(db: Database): Database {
  const stamped = <T>(actor: Actor, fn: (tx: Queryable) => Promise<T>) =>
    db.transaction(async (tx) => {
      await tx.query(STAMP, [actor.username, actor.request]);
      return fn(tx);
    });
  return {
    ...db,
    query<T>(text: string, params?: unknown[]) {
      const actor = current.getStore();
      return actor ? stamped(actor, (tx) => tx.query<T>(text, params)) : db.query<T>(text, params);
    },
    exec(script: string) {
      const actor = current.getStore();
      return actor ? stamped(actor, (tx) => tx.exec(script)) : db.exec(script);
    },
    transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      const actor = current.getStore();
      return actor ? stamped(actor, fn) : db.transaction(fn);
    },
  };
}
