/**
 * No import circles (issue 15): a file never imports, directly or through others, a file that
 * imports it back. Type-only imports count too: a circle of types is still a knot a reader has to
 * untie (the route files once imported AppDeps from the app that imported them).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    return statSync(p).isDirectory() ? sourceFiles(p) : /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [resolve(p)] : [];
  });
}

const IMPORT = /(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\sfrom\s+)?'(\.{1,2}\/[^']+)'|import\(\s*'(\.{1,2}\/[^']+)'\s*\)/g;

/** Strongly connected components of more than one file (or a file importing itself): Tarjan. */
function circles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

describe('imports', () => {
  it('form no circles in server, shared and client', () => {
    const files = ['server', 'shared', join('client', 'src')].flatMap(sourceFiles);
    const graph = new Map<string, string[]>();
    for (const f of files) {
      const deps: string[] = [];
      for (const m of readFileSync(f, 'utf8').matchAll(IMPORT)) deps.push(resolve(dirname(f), (m[1] ?? m[2])!));
      graph.set(f, deps);
    }
    expect(files.length).toBeGreaterThan(200);
    const cwd = process.cwd() + '/';
    expect(circles(graph).map((c) => c.map((f) => f.replace(cwd, '')))).toEqual([]);
  });
});
