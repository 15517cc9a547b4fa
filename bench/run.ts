/**
 * `npm run bench [case ...]`: runs the benchmark cases against the real PostgreSQL + PostGIS
 * (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/estates_bench), each in a fresh
 * database, prints a table and rewrites that case's section of docs/benchmarks.md, keeping the
 * sections of cases not run this time.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import postgres from 'postgres';
import { openDatabase } from '../server/db/open.ts';
import { cases } from './cases/index.ts';
import type { BenchCase, BenchResult } from './types.ts';
import { BENCH_DOC, rewriteSection } from './support/doc-section.ts';

const DOC = BENCH_DOC;
const baseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/estates_bench';

function withName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin(statement: string): Promise<void> {
  const sql = postgres(withName(baseUrl, 'postgres'), { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(statement);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function runCase(c: BenchCase): Promise<BenchResult> {
  const name = `${new URL(baseUrl).pathname.slice(1)}_${c.name.replace(/\W/g, '_')}`;
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${name}`);
  const url = withName(baseUrl, name);
  const db = await openDatabase({ DATABASE_URL: url, DATA_DIR: '' });
  try {
    return await c.run({ db, url, log: (m) => console.log(`  [${c.name}] ${m}`) });
  } finally {
    await db.close();
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

async function machine(): Promise<string> {
  const sql = postgres(withName(baseUrl, 'postgres'), { max: 1, onnotice: () => {} });
  try {
    const [pg] = await sql`SELECT current_setting('server_version') AS v`;
    const [gis] = await sql`SELECT default_version AS v FROM pg_available_extensions WHERE name = 'postgis'`;
    return [
      `- CPU: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
      `- Memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
      `- Node.js ${process.version}, PostgreSQL ${pg?.v}, PostGIS ${gis?.v}`,
    ].join('\n');
  } finally {
    await sql.end({ timeout: 5 });
  }
}

function section(c: BenchCase, r: BenchResult, when: string): string {
  const fmt = (x: number | null) => (x === null ? '–' : x.toFixed(2));
  const lines = [
    `<!-- bench:${c.name} -->`,
    `## ${c.title}`,
    '',
    `Measured ${when}.`,
    '',
    '| Metric | Figure | Limit (same run) | Ratio | Aim | Met |',
    '| --- | --- | --- | --- | --- | --- |',
    ...r.rows.map((row) => `| ${row.metric} | ${row.value} | ${row.limit} | ${fmt(row.ratio)} | ${row.aim} | ${row.met === null ? '–' : row.met ? 'yes' : '**no**'} |`),
  ];
  if (r.notes?.length) lines.push('', ...r.notes.map((n) => `- ${n}`));
  lines.push(`<!-- /bench:${c.name} -->`);
  return lines.join('\n');
}

const wanted = process.argv.slice(2);
const selected = wanted.length ? cases.filter((c) => wanted.includes(c.name)) : cases;
if (wanted.length && selected.length !== wanted.length) {
  console.error(`unknown case; known: ${cases.map((c) => c.name).join(', ')}`);
  process.exit(2);
}

const header = '# Benchmarks\n\nWritten by `npm run bench` against the real PostgreSQL + PostGIS on this machine. Every figure is a ratio against its limit measured in the same run, because the machine is shared and noisy.\n';
let doc = existsSync(DOC) ? readFileSync(DOC, 'utf8') : header;
doc = rewriteSection(doc, 'machine', `<!-- bench:machine -->\n## Machine\n\n${await machine()}\n<!-- /bench:machine -->`);
for (const c of selected) {
  console.log(`\n${c.title}`);
  const r = await runCase(c);
  console.table(r.rows);
  doc = rewriteSection(doc, c.name, section(c, r, new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC'));
  writeFileSync(DOC, doc);
}
writeFileSync(DOC, doc);
console.log(`\nwrote ${DOC.pathname}`);
