import { readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Database } from '../../../server/db/engine.ts';
import { openDatabase } from '../../../server/db/open.ts';
import { loadDemoIfEmpty } from '../../../server/seed/demo.ts';
import { ensureDemoAccounts } from '../../../server/auth/users.ts';
import { hashPassword } from '../../../server/auth/passwords.ts';
import { writeDataDirTar } from './pglite-clone.ts';

/** Must equal TEST_PASSWORD in test-app.ts (not imported: that module needs vitest's inject). */
const TEST_PASSWORD = 'test-password-8';

/** The scrypt cost of the demo accounts' hashes in the template (the server's is 2^15). */
const TEST_SCRYPT_N = 2 ** 10;

/** The files of a PGlite template built in `dir`: the data directory, and the same as one tar. */
export const templateFiles = (dir: string) => ({ name: join(dir, 'data'), tar: join(dir, 'template.tar'), complete: join(dir, 'complete') });

/** The template's content, on either engine: the demo programmes and one account per role. */
export async function seedTemplate(db: Database): Promise<void> {
  await loadDemoIfEmpty(db);
  // The server never makes demo accounts on PostgreSQL; the tests need them on both engines.
  await ensureDemoAccounts(db, TEST_PASSWORD);
  await cheaperDemoHashes(db);
}

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
 * Builds the PGlite template in `building`, marks it complete and moves it to `final`, where the
 * test files wait for it (tests/api/support/template.ts); then drops the cache's other builds.
 */
export async function buildPgliteTemplate(building: string, final: string): Promise<void> {
  const files = templateFiles(building);
  const db = await openDatabase({ DATA_DIR: files.name });
  await seedTemplate(db);
  await db.close();
  await writeDataDirTar(files.name, files.tar);
  writeFileSync(files.complete, new Date().toISOString());
  // Replace any older build of the same key (a forced rebuild), then drop other keys' builds.
  rmSync(final, { recursive: true, force: true });
  renameSync(building, final);
  const root = join(final, '..');
  const key = final.slice(root.length + 1);
  // A build left by a run that was stopped is dropped after an hour (a build takes under a minute).
  for (const entry of readdirSync(root)) {
    const path = join(root, entry);
    const stale = entry.includes('.building-') ? Date.now() - statSync(path).mtimeMs > 3_600_000 : entry !== key && !entry.startsWith(`${key}.`);
    if (stale) rmSync(path, { recursive: true, force: true });
  }
}

// Run by global setup as its own process (`node --import tsx template-build.ts <building> <final>`),
// so that the test workers start while it builds.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [building, final] = process.argv.slice(2);
  await buildPgliteTemplate(building!, final!);
}
