import { defineConfig } from 'vitest/config';

// Three projects: unit (pure functions, CSV totals, generator), api (HTTP against a real database:
// PGlite by default, the real PostGIS when DATABASE_URL is set), e2e (built server + Chromium).
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], testTimeout: 30_000 } },
      {
        test: {
          name: 'api',
          include: ['tests/api/**/*.test.ts'],
          globalSetup: ['tests/api/support/global-setup.ts'],
          // One database per worker file is expensive (PGlite cold start 3–10 s): run files in one
          // fork so they share the migrated template.
          pool: 'forks',
          fileParallelism: false,
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
