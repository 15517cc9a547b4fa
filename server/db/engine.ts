/**
 * One small interface over the two engines: embedded PGlite (default) and a real PostgreSQL
 * server through postgres.js. Queries are plain parameterised SQL ($1, $2, …) so that the same
 * text runs on both; results are normalised to arrays of plain objects.
 */
export type EngineKind = 'pglite' | 'postgres';

export interface Queryable {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Runs a multi-statement script without parameters (migrations, fixtures). */
  exec(script: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: EngineKind;
  /** Runs fn in one transaction: everything or nothing. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Subscribes to NOTIFY on a channel (delivered after the notifying transaction commits, to every
   * process connected to the same database). Resolves once listening; call the result to stop.
   */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  /** A streaming replica for read-only queries (DATABASE_REPLICA_URL), when configured. */
  replica?: Database;
  close(): Promise<void>;
}

/** Where read-only queries go: the replica when there is one, else the primary. */
export function readerOf(db: Database): Database {
  return db.replica ?? db;
}
