import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { SlowestFirst } from './tests/support/slow-first.ts';

// Three projects: unit (pure functions, CSV totals, generator), api (HTTP against a real database:
// PGlite by default, the real PostGIS when DATABASE_URL is set), e2e (built server + Chromium).
export default defineConfig({
  test: {
    // Vitest's default, one worker fewer than the cores, but at least two: on a 2-core machine the
    // default ran the whole suite on one core (README, "Tests", has the figures).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // The slowest API files first, also in a fresh clone with no timings (tests/support/slow-first.ts).
    sequence: { sequencer: SlowestFirst },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          testTimeout: 30_000,
          // Pure functions: a worker runs file after file without re-importing the modules for
          // each (the import was 10 of the unit files' 13 s); a stubbed global is put back after
          // each test.
          isolate: false,
          unstubGlobals: true,
        },
      },
      {
        test: {
          name: 'api',
          include: ['tests/api/**/*.test.ts'],
          globalSetup: ['tests/api/support/global-setup.ts'],
          // Every file gets its own copy of the migrated, seeded template (support/test-app.ts), so
          // files run side by side. A worker runs file after file (isolate: false) instead of a new
          // process per file: PGlite's WebAssembly and the server modules load once per worker.
          pool: 'forks',
          isolate: false,
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
      {
        // Scale-out: a private primary + pg_basebackup replica, and a node:cluster server.
        test: {
          name: 'scale',
          include: ['tests/scale/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
