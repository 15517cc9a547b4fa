/**
 * `npm run geodata:load -- --set province|national [--database URL | --embedded DIR] [--estates N]`:
 * loads a generated set through COPY into a database on the real server, or into an embedded
 * PGlite data directory, migrating it first. If the embedded engine cannot hold the set, it says so
 * and exits with status 3 (see docs/benchmarks.md for what it holds on this machine).
 */
import { parseArgs } from 'node:util';
import { openDatabase } from '../../server/db/open.ts';
import { loadSyntheticSet, SETS } from './load-synthetic.ts';

const { values } = parseArgs({
  options: {
    set: { type: 'string', default: 'province' },
    database: { type: 'string', default: process.env.DATABASE_URL ?? '' },
    embedded: { type: 'string' },
    estates: { type: 'string' },
    seed: { type: 'string', default: '1' },
  },
});
const set = SETS[values.set as keyof typeof SETS];
if (!set) throw new Error(`--set must be one of ${Object.keys(SETS).join(', ')}`);
if (!values.database && !values.embedded) throw new Error('give --database postgres://… (or DATABASE_URL) or --embedded DATA_DIR');

const db = await openDatabase(values.embedded ? { DATA_DIR: values.embedded } : { DATABASE_URL: values.database, DATA_DIR: '' });
await db.close();
try {
  const { counts, seconds } = await loadSyntheticSet(values.embedded ? { pgliteDir: values.embedded } : { url: values.database }, {
    estates: values.estates ? Number(values.estates) : set.estates,
    province: set.province,
    seed: Number(values.seed),
    log: (m) => console.log(`  ${m}`),
  });
  console.log(`loaded in ${seconds.toFixed(1)} s (rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB):`, counts);
} catch (err) {
  if (!values.embedded) throw err;
  console.error(`The embedded engine could not hold the ${values.set} set: ${(err as Error).message}. Use the real server (--database).`);
  process.exit(3);
}
