import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess } from './bench/support/server-process.ts';
import { login } from './bench/support/session.ts';
const dir = mkdtempSync(join(tmpdir(), 'diag-'));
const server = await startServerProcess({ DATA_DIR: dir, DEMO_DATA: '1', DEMO_PASSWORD: 'diag-password-1', DATABASE_URL: '' });
const d = await login(server.baseUrl, 'designer', 'diag-password-1');
function largeScopeFile(features: number, vertices: number): string {
  const out: string[] = [];
  for (let f = 0; f < features; f++) {
    const cx = 114.7 + (f % 50) * 0.002, cy = 25.6 + Math.floor(f / 50) * 0.002;
    const ring: string[] = [];
    for (let v = 0; v < vertices; v++) { const a = (2 * Math.PI * v) / vertices; ring.push(`[${(cx + 0.0004 * Math.cos(a)).toFixed(7)},${(cy + 0.0004 * Math.sin(a)).toFixed(7)}]`); }
    ring.push(ring[0]!);
    out.push(`{"type":"Feature","properties":{"name":"x${f}"},"geometry":{"type":"Polygon","coordinates":[[${ring.join(',')}]]}}`);
  }
  return `{"type":"FeatureCollection","features":[${out.join(',')}]}`;
}
const file = largeScopeFile(2000, 100);
let done = false; const T0 = performance.now();
let __l = performance.now(); const __iv = setInterval(() => { const n = performance.now(); if (n - __l > 150) console.log('CLIENT BLOCK', (n - __l).toFixed(0), 'ended', (n - T0).toFixed(0)); __l = n; }, 10);
const gaps: number[] = [];
const pinger = (async () => {
  while (!done) {
    const t0 = performance.now();
    try { await new Promise<void>((res, rej) => { (require('node:http') as typeof import('node:http')).get(server.baseUrl + '/api/health', { agent: false }, (r) => { r.resume(); r.on('end', () => res()); }).on('error', rej); }); } catch (e) { console.log('ping failed', (e as any).cause?.code ?? e, 'started', (t0 - T0).toFixed(0), 'failed', (performance.now() - T0).toFixed(0)); }
    const g = performance.now() - t0; gaps.push(g); if (g > 1000) console.log('slow ping', g.toFixed(0), 'started', (t0 - T0).toFixed(0), 'wall start', (Date.now() - g) % 100000);
    await new Promise((r) => setTimeout(r, 20));
  }
})();
const t0 = performance.now();
const fd = new FormData(); fd.set('file', new File([file], 'x.geojson'));
const res = await fetch(server.baseUrl + '/api/import/scope', { method: 'POST', body: fd, headers: { cookie: d.cookie, 'x-csrf-token': d.csrfToken } });
console.log(server.output().split('\n').filter((l) => l.includes('[diag]')).join(' | ')); console.log('import', res.status, (performance.now() - t0).toFixed(0), 'ms');
done = true; await pinger; clearInterval(__iv);
gaps.sort((a, b) => b - a);
console.log('worst pings', gaps.slice(0, 8).map((g) => g.toFixed(0)).join(' '), 'count', gaps.length);
await server.stop();
