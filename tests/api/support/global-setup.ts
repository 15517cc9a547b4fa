import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../../server/db/open.ts';
import { loadDemoIfEmpty } from '../../../server/seed/demo.ts';
import { withAdmin } from './admin.ts';
import { databaseUrl } from './urls.ts';
import { ensureDemoAccounts } from '../../../server/auth/users.ts';
import { writeDataDirTar, writeSlimPostgisBundle } from './pglite-clone.ts';

/** Must equal TEST_PASSWORD in test-app.ts (not imported: that module needs vitest's inject). */
const TEST_PASSWORD = 'test-password-8';

/**
 * Builds the demo database once per run (PGlite cold start and the demo load take seconds) as a
 * template that every test file clones: a template database on the real server when DATABASE_URL
 * is set; for PGlite a data directory (for the tests that need one on disk), the same directory
 * as one tar that testApp() loads into memory, and a PostGIS bundle without the libraries no
 * migration loads (tests/api/support/pglite-clone.ts says why).
 */
export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (url) {
    const template = `${new URL(url).pathname.slice(1)}_template`;
    await withAdmin(url, async (run) => {
      await run(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
      await run(`CREATE DATABASE ${template}`);
    });
    const db = await openDatabase({ DATABASE_URL: databaseUrl(url, template), DATA_DIR: '' });
    await loadDemoIfEmpty(db);
    // The server never makes demo accounts on PostgreSQL; the tests need them on both engines.
    await ensureDemoAccounts(db, TEST_PASSWORD);
    await db.close();
    project.provide('template', { kind: 'postgres', name: template });
    return () => withAdmin(url, (run) => run(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`));
  }
  const dir = mkdtempSync(join(tmpdir(), 'estates-template-'));
  const db = await openDatabase({ DATA_DIR: dir });
  await loadDemoIfEmpty(db);
  await ensureDemoAccounts(db, TEST_PASSWORD);
  await db.close();
  const files = mkdtempSync(join(tmpdir(), 'estates-template-files-'));
  const tar = join(files, 'template.tar');
  const postgisBundle = join(files, 'postgis-slim.tar.gz');
  await writeDataDirTar(dir, tar);
  writeSlimPostgisBundle(postgisBundle);
  project.provide('template', { kind: 'pglite', name: dir, tar, postgisBundle });
  return () => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(files, { recursive: true, force: true });
  };
}

export function clonePgliteDir(template: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'estates-test-'));
  cpSync(template, dir, { recursive: true });
  return dir;
}

/**
 * A data directory for the embedded engine, for tests that need one whichever engine the run
 * tests: a copy of the PGlite template when the run has one, else an empty directory. An empty
 * directory costs PGlite's initdb and CREATE EXTENSION postgis on its first open, about 13 CPU
 * seconds; the copy opens in about 3. Use an empty one only where a test is about a first start.
 */
export function embeddedDataDir(template: { kind: 'pglite' | 'postgres'; name: string }): string {
  return template.kind === 'pglite' ? clonePgliteDir(template.name) : mkdtempSync(join(tmpdir(), 'estates-embedded-'));
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** name: the template database, or PGlite's template data directory; tar and postgisBundle: PGlite only. */
    template: { kind: 'pglite' | 'postgres'; name: string; tar?: string; postgisBundle?: string };
  }
}
