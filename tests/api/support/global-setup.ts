import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { Database } from '../../../server/db/engine.ts';
import { openDatabase } from '../../../server/db/open.ts';
import { loadDemoIfEmpty } from '../../../server/seed/demo.ts';
import { withAdmin } from './admin.ts';
import { databaseUrl } from './urls.ts';
import { ensureDemoAccounts } from '../../../server/auth/users.ts';
import { hashPassword } from '../../../server/auth/passwords.ts';
import { writeDataDirTar } from './pglite-clone.ts';

/** Must equal TEST_PASSWORD in test-app.ts (not imported: that module needs vitest's inject). */
const TEST_PASSWORD = 'test-password-8';

/**
 * Builds the demo database once per run (PGlite cold start and the demo load take seconds) as a
 * template that every test file clones: a template database on the real server when DATABASE_URL
 * is set; for PGlite a data directory (for the tests that need one on disk), the same directory
 * as one tar that testApp() loads into memory (tests/api/support/pglite-clone.ts says why).
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
    await cheaperDemoHashes(db);
    await db.close();
    project.provide('template', { kind: 'postgres', name: template });
    return () => withAdmin(url, (run) => run(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`));
  }
  const cached = await cachedPgliteTemplate();
  project.provide('template', { kind: 'pglite', ...cached });
}

/** The scrypt cost of the demo accounts' hashes in the template (the server's is 2^15). */
const TEST_SCRYPT_N = 2 ** 10;

/**
 * The demo accounts' password hashes made again at a lower scrypt cost. Every test file signs in,
 * some as every role, and at the server's cost each check is about 100 CPU ms, several seconds of
 * the run. A stored hash names its own parameters ("scrypt$N$r$p$salt$hash",
 * server/auth/passwords.ts), so the server checks these exactly as it checks any. Accounts that
 * tests create through the API or the CLI get the server's cost (tests/api/auth.test.ts checks
 * it). Written with triggers off, so the template holds no audit row or notification for it.
 */
async function cheaperDemoHashes(db: Database): Promise<void> {
  const users = await db.query<{ id: number }>('SELECT id FROM users ORDER BY id');
  await db.transaction(async (tx) => {
    await tx.query('SET LOCAL session_replication_role = replica');
    for (const { id } of users) await tx.query('UPDATE users SET password_hash = $2 WHERE id = $1', [id, await hashPassword(TEST_PASSWORD, TEST_SCRYPT_N)]);
  });
}

/**
 * The PGlite template, built once and kept under node_modules/.cache for later runs of the same
 * code on the same day. Building it is about 20 s of the run's wall time before any API file can
 * start (PGlite's initdb and PostGIS, China's regions, the seed plans, the demo accounts), and a
 * developer runs the suite many times a day. The key is a hash of everything the template is made
 * from: the code that builds it (this file and every module it imports, see modulesReachedFrom),
 * the migrations, geodata/, package-lock.json, the Node version and the UTC date (rows carry the
 * time they were written). A fresh clone, as in CI, always builds it;
 * TEST_TEMPLATE_CACHE=0 forces a build. Tests only ever copy the template, never write to it.
 */
async function cachedPgliteTemplate(): Promise<{ name: string; tar: string }> {
  const key = templateKey();
  const at = (dir: string) => ({ name: join(dir, 'data'), tar: join(dir, 'template.tar') });
  const final = join(CACHE_ROOT, key);
  if (process.env.TEST_TEMPLATE_CACHE !== '0' && existsSync(join(final, 'complete'))) return at(final);

  mkdirSync(CACHE_ROOT, { recursive: true });
  const building = mkdtempSync(join(CACHE_ROOT, `${key}.building-`));
  const files = at(building);
  const db = await openDatabase({ DATA_DIR: files.name });
  await loadDemoIfEmpty(db);
  await ensureDemoAccounts(db, TEST_PASSWORD);
  await cheaperDemoHashes(db);
  await db.close();
  await writeDataDirTar(files.name, files.tar);
  writeFileSync(join(building, 'complete'), new Date().toISOString());
  // Replace any older build of the same key (a forced rebuild), then drop other keys' builds.
  rmSync(final, { recursive: true, force: true });
  renameSync(building, final);
  // A build left by a run that was stopped is dropped after an hour (a build takes under a minute).
  for (const entry of readdirSync(CACHE_ROOT)) {
    const path = join(CACHE_ROOT, entry);
    const abandoned = entry.includes('.building-') && Date.now() - statSync(path).mtimeMs > 3_600_000;
    if (entry !== key && (!entry.includes('.building-') || abandoned)) rmSync(path, { recursive: true, force: true });
  }
  return at(final);
}

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CACHE_ROOT = join(ROOT, 'node_modules', '.cache', 'estates-api-template');
/** What the template is made from besides the code: files the code reads while it builds it. */
const TEMPLATE_DATA = ['server/db/migrations', 'geodata', 'package-lock.json'];
/** Where the code that builds the template starts. */
const SETUP = fileURLToPath(import.meta.url);

function templateKey(): string {
  const hash = createHash('sha256').update(`${process.version}\n${new Date().toISOString().slice(0, 10)}\n`);
  const files = [...TEMPLATE_DATA.flatMap((input) => filesUnder(join(ROOT, input))), ...modulesReachedFrom(SETUP)];
  for (const path of files) hash.update(`${relative(ROOT, path)}\n`).update(readFileSync(path));
  return hash.digest('hex').slice(0, 16);
}

/** Every file under `path` (or `path` itself), in a stable order. */
function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).sort().flatMap((entry) => filesUnder(join(path, entry)));
}

/**
 * The source files a module imports, directly or not (relative specifiers, as this repository
 * writes them, with their .ts extension): the code that builds the template is about 70 files, 43
 * of them of the server's 178, so editing a route handler does not rebuild it. A specifier that
 * does not name a file makes the whole server, shared and geodata code count instead.
 */
export function modulesReachedFrom(entry: string): string[] {
  const seen = new Set<string>();
  const stack = [entry];
  const specifiers = /(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]|import\s*\(\s*['"](\.[^'"]+)['"]\s*\)|import\s+['"](\.[^'"]+)['"]/g;
  while (stack.length) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(specifiers)) {
      const target = join(dirname(file), (m[1] ?? m[2] ?? m[3])!);
      if (!existsSync(target) || statSync(target).isDirectory()) return everything();
      stack.push(target);
    }
  }
  return [...seen].sort();
}

function everything(): string[] {
  return ['server', 'shared', 'geodata', 'tests/api/support'].flatMap((dir) => filesUnder(join(ROOT, dir)));
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
    /** name: the template database, or PGlite's template data directory; tar: PGlite only. */
    template: { kind: 'pglite' | 'postgres'; name: string; tar?: string };
  }
}
