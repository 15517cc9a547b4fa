import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** docs/benchmarks.md: each case writes its own section between `<!-- bench:name -->` markers. */
export const BENCH_DOC = new URL('../../docs/benchmarks.md', import.meta.url);

/** The document with the section `name` replaced by `body` (markers included), or added at the end. */
export function rewriteSection(doc: string, name: string, body: string): string {
  const re = new RegExp(`<!-- bench:${name} -->[\\s\\S]*?<!-- /bench:${name} -->`);
  return re.test(doc) ? doc.replace(re, body) : `${doc.trimEnd()}\n\n${body}\n`;
}

/** Rewrites one section of docs/benchmarks.md in place. */
export function writeSection(name: string, body: string): void {
  const doc = existsSync(BENCH_DOC) ? readFileSync(BENCH_DOC, 'utf8') : '# Benchmarks\n';
  writeFileSync(BENCH_DOC, rewriteSection(doc, name, body));
}
