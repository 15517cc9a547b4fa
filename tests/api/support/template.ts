import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject } from 'vitest';

/**
 * The run's template (tests/api/support/global-setup.ts), once it is there. In a fresh clone the
 * PGlite template is still being built when the first files start; they wait here for it, and fail
 * with the build's own output if it failed.
 */
export async function readyTemplate() {
  const template = inject('template');
  if (template.kind === 'pglite') {
    while (!existsSync(template.ready)) {
      if (existsSync(template.failed)) throw new Error(readFileSync(template.failed, 'utf8'));
      await sleep(50);
    }
  }
  return template;
}

/** A copy of the PGlite template's data directory, for a test that needs one on disk. */
export async function clonePgliteDir(): Promise<string> {
  const template = await readyTemplate();
  if (template.kind !== 'pglite') throw new Error('this run tests PostgreSQL: it has no PGlite template');
  const dir = mkdtempSync(join(tmpdir(), 'estates-test-'));
  cpSync(template.name, dir, { recursive: true });
  return dir;
}

/**
 * A data directory for the embedded engine, for tests that need one whichever engine the run
 * tests: a copy of the PGlite template when the run has one, else an empty directory. An empty
 * directory costs PGlite's initdb and CREATE EXTENSION postgis on its first open, about 13 CPU
 * seconds; the copy opens in about 3. Use an empty one only where a test is about a first start.
 */
export async function embeddedDataDir(): Promise<string> {
  return (await readyTemplate()).kind === 'pglite' ? clonePgliteDir() : mkdtempSync(join(tmpdir(), 'estates-embedded-'));
}
