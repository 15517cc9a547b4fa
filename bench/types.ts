import type { Database } from '../server/db/engine.ts';

/**
 * One benchmark figure, always next to the limit it is measured against in the same run: the
 * machine is shared and noisy, so absolute times mean little and ratios are what we track.
 */
export interface BenchRow {
  /** What was measured, e.g. "suggest, 50,000 estates". */
  metric: string;
  /** The figure itself, human readable with its unit ("1.84 s", "412 req/s"). */
  value: string;
  /** The reference it is compared with, human readable ("ST_DWithin self-join: 1.52 s"). */
  limit: string;
  /** value ÷ limit (or limit ÷ value when higher is better; say which in `aim`). */
  ratio: number | null;
  /** The aim as written in the issue ("≤ 1.5× the join, < 5 s"). */
  aim: string;
  met: boolean | null;
}

export interface BenchResult {
  rows: BenchRow[];
  /** Why a figure misses its aim and what would fix it; how the data was made. */
  notes?: string[];
}

export interface BenchContext {
  /** A fresh, migrated database on the real PostgreSQL + PostGIS, dropped after the case. */
  db: Database;
  /** Its connection URL (for a second pool, a server process, psql). */
  url: string;
  log(message: string): void;
}

export interface BenchCase {
  /** Short id used on the command line and as the section marker in docs/benchmarks.md. */
  name: string;
  title: string;
  run(ctx: BenchContext): Promise<BenchResult>;
}

/** Median of repeated runs: a single timing on a 2-core shared machine is noise. */
export async function timeMedian(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}
