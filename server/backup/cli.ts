/**
 * npm run db:backup -- <file>     a backup of the configured database
 * npm run db:restore -- <file>    restore it into an empty database (DATABASE_URL) or a new DATA_DIR
 *
 * With DATABASE_URL: pg_dump/pg_restore (custom format). Without: the embedded data directory
 * (DATA_DIR, default .data) dumped by PGlite; stop the server first, it holds the directory.
 */
import { parseEnv } from '../env.ts';
import { backupPglite, backupPostgres, restorePglite, restorePostgres } from './backup.ts';

const [command, file] = process.argv.slice(2);
if ((command !== 'backup' && command !== 'restore') || !file) {
  console.error('usage: npm run db:backup -- <file> | npm run db:restore -- <file>');
  process.exit(2);
}
const env = parseEnv();
const started = Date.now();
try {
  if (command === 'backup') {
    await (env.DATABASE_URL ? backupPostgres(env.DATABASE_URL, file) : backupPglite(env.DATA_DIR, file));
  } else {
    await (env.DATABASE_URL ? restorePostgres(env.DATABASE_URL, file) : restorePglite(file, env.DATA_DIR));
  }
} catch (e) {
  console.error(`${command} failed: ${(e as Error).message}`);
  process.exit(1);
}
const where = env.DATABASE_URL ? 'DATABASE_URL' : `DATA_DIR ${env.DATA_DIR}`;
console.log(`${command === 'backup' ? `backed up ${where} to` : `restored into ${where} from`} ${file} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
