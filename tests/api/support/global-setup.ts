import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, relative } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../../server/db/open.ts';
import { withAdmin } from './admin.ts';
import { databaseUrl } from './urls.ts';
import { seedTemplate, templateFiles } from './template-build.ts';

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
    await seedTemplate(db);
    await db.close();
    project.provide('template', { kind: 'postgres', name: template });
    return () => withAdmin(url, (run) => run(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`));
  }
  const { template, builder } = pgliteTemplate();
  project.provide('template', template);
  return () => {
    builder?.kill();
  };
}

/**
 * The PGlite template, kept under node_modules/.cache for later runs of the same code on the same
 * day. Building it costs about 13 s (PGlite's initdb and PostGIS, China's regions, the seed plans,
 * the demo accounts), mostly on one core, and a developer runs the suite many times a day. The key
 * is a hash of everything the template is made from: the code that builds it (this file, the
 * build script and every module they import, see modulesReachedFrom), the migrations, geodata/,
 * package-lock.json, the Node version and the UTC date (rows carry the time they were written).
 * TEST_TEMPLATE_CACHE=0 forces a build. Tests only ever copy the template, never write to it.
 *
 * A fresh clone, as in CI, always builds it: in a process of its own (template-build.ts), so that
 * Vitest starts its workers meanwhile; they load their modules and run the unit tests on the core
 * the build leaves idle, and every API file waits for the template where it first needs it
 * (tests/api/support/template.ts).
 */
function pgliteTemplate(): { template: PgliteTemplate; builder?: ChildProcess } {
  const key = templateKey();
  const final = join(CACHE_ROOT, key);
  const files = templateFiles(final);
  const template: PgliteTemplate = { kind: 'pglite', name: files.name, tar: files.tar, ready: files.complete, failed: `${final}.failed` };
  rmSync(template.failed, { force: true });
  if (process.env.TEST_TEMPLATE_CACHE !== '0' && existsSync(files.complete)) return { template };

  // A forced rebuild: no worker may take the old build for this one.
  rmSync(final, { recursive: true, force: true });
  mkdirSync(CACHE_ROOT, { recursive: true });
  const building = mkdtempSync(join(CACHE_ROOT, `${key}.building-`));
  const builder = spawn(process.execPath, ['--import', 'tsx', BUILDER, building, final], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  builder.stdout!.on('data', (d) => (output += d));
  builder.stderr!.on('data', (d) => (output += d));
  builder.on('error', (e) => writeFileSync(template.failed, `the test template's build did not start: ${e.message}`));
  builder.on('exit', (code, signal) => {
    if (code === 0) return;
    rmSync(building, { recursive: true, force: true });
    if (signal !== 'SIGTERM') writeFileSync(template.failed, `the test template's build failed (${code ?? signal}):\n${output}`);
  });
  return { template, builder };
}

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CACHE_ROOT = join(ROOT, 'node_modules', '.cache', 'estates-api-template');
/** What the template is made from besides the code: files the code reads while it builds it. */
const TEMPLATE_DATA = ['server/db/migrations', 'geodata', 'package-lock.json'];
/** Where the code that builds the template starts (it imports the build script, BUILDER). */
const SETUP = fileURLToPath(import.meta.url);
const BUILDER = fileURLToPath(new URL('./template-build.ts', import.meta.url));

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

/** The PGlite template: ready once `ready` exists; `failed` holds the build's output if it failed. */
export interface PgliteTemplate {
  kind: 'pglite';
  name: string;
  tar: string;
  ready: string;
  failed: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** postgres: name is the template database; pglite: the template data directory and its files. */
    template: { kind: 'postgres'; name: string } | PgliteTemplate;
  }
}
