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
  close(): Promise<void>;
}
