/**
 * npm run load — many sessions at once against the running server on loopback: mixed reads
 * (estates, vector tiles, rankings) and writes (monthly reports), bounded in time and requests.
 * Afterwards every write is counted back through the API: zero errors, zero lost, zero duplicated
 * writes are required (exit code 1 otherwise). p50/p95/p99 go to docs/benchmarks.md.
 *
 *   npm run load                               starts its own embedded server (fresh DATA_DIR, demo data)
 *   DATABASE_URL=postgres://… npm run load     the same server on PostgreSQL (demo data loaded if empty)
 *   LOAD_URL=http://127.0.0.1:8080 LOAD_PASSWORD=… npm run load
 *                                              an already running embedded demo (its demo accounts)
 *
 * LOAD_SESSIONS (24), LOAD_SECONDS (20) and LOAD_MAX_REQUESTS (5000) bound the run.
 *
 * Then reads during a large import (issue 14): 8 leader sessions read for LOAD_IMPORT_SECONDS
 * (10) alone, then as long again while a designer sends one large scope import preview after
 * another (a GeoJSON of LOAD_IMPORT_FEATURES 2,000 red lines × LOAD_IMPORT_VERTICES 100 vertices,
 * 200,000 vertices, within the upload limits). The p95 of the reads in both halves goes to its
 * own section of docs/benchmarks.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { hashPassword } from '../server/auth/passwords.ts';
import { login } from './support/session.ts';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';
import { percentile } from './support/stats.ts';
import { writeSection } from './support/doc-section.ts';

const SESSIONS = Number(process.env.LOAD_SESSIONS ?? 24);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 20);
const MAX_REQUESTS = Number(process.env.LOAD_MAX_REQUESTS ?? 5000);
/** A past month every Nankang 2024 estate may report for; each run's writes are told apart by their note. */
const PERIOD = '2025-09';
const IMPORT_SECONDS = Number(process.env.LOAD_IMPORT_SECONDS ?? 10);
const IMPORT_FEATURES = Number(process.env.LOAD_IMPORT_FEATURES ?? 2000);
const IMPORT_VERTICES = Number(process.env.LOAD_IMPORT_VERTICES ?? 100);

type Op = 'estates' | 'tiles' | 'ranking' | 'report';
interface Session {
  role: 'leader' | 'reporter';
  headers: Record<string, string>;
}

function log(msg: string) {
  console.log(`[load] ${msg}`);
}

/** The server under load and the passwords of its accounts. */
type Target = { baseUrl: string; engine: string; leader: [string, string]; reporter: [string, string]; designer: [string, string]; stop: () => Promise<void> };

async function target(): Promise<Target> {
  if (process.env.LOAD_URL) {
    const pw = process.env.LOAD_PASSWORD;
    if (!pw) throw new Error('LOAD_URL needs LOAD_PASSWORD (the demo accounts\' password)');
    const health = (await (await fetch(`${process.env.LOAD_URL}/api/health`)).json()) as { db: string };
    return { baseUrl: process.env.LOAD_URL.replace(/\/$/, ''), engine: health.db, leader: ['leader', pw], reporter: ['reporter-360703', pw], designer: ['designer', pw], stop: async () => {} };
  }
  const password = `load-${process.pid}-${Date.now()}`;
  const url = process.env.DATABASE_URL;
  let dataDir: string | null = null;
  let server: ServerProcess;
  if (url) {
    log('starting a server on DATABASE_URL (demo data loaded if the database is empty)');
    server = await startServerProcess({ DATABASE_URL: url, DEMO_DATA: '1' });
    // A real server has no demo accounts: make two for the run, straight in the database.
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const hash = await hashPassword(password);
      for (const [username, role, region] of [['load-leader', 'leader', null], ['load-reporter', 'reporter', '360703'], ['load-designer', 'designer', null]] as const) {
        await sql`INSERT INTO users (username, password_hash, role, region_code) VALUES (${username}, ${hash}, ${role}, ${region})
                  ON CONFLICT (username) DO UPDATE SET password_hash = EXCLUDED.password_hash, disabled = false`;
      }
    } finally {
      await sql.end({ timeout: 5 });
    }
    return { baseUrl: server.baseUrl, engine: 'postgres', leader: ['load-leader', password], reporter: ['load-reporter', password], designer: ['load-designer', password], stop: () => server.stop() };
  }
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'load-data-'));
  log(`starting an embedded server in ${dataDir} (first start loads the demo data)`);
  server = await startServerProcess({ DATA_DIR: dataDir, DEMO_DATA: '1', DEMO_PASSWORD: password, DATABASE_URL: '' });
  return {
    baseUrl: server.baseUrl,
    engine: 'pglite',
    leader: ['leader', password],
    reporter: ['reporter-360703', password],
    designer: ['designer', password],
    stop: async () => {
      await server.stop();
      rmSync(dataDir!, { recursive: true, force: true });
    },
  };
}

/** Web-mercator tiles at zoom z covering a bbox. */
function tilesOver([minx, miny, maxx, maxy]: number[], z: number): string[] {
  const n = 2 ** z;
  const tx = (lon: number) => Math.floor(((lon + 180) / 360) * n);
  const ty = (lat: number) => {
    const r = (lat * Math.PI) / 180;
    return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  };
  const out: string[] = [];
  for (let x = tx(minx!); x <= tx(maxx!); x++) for (let y = ty(maxy!); y <= ty(miny!); y++) out.push(`${z}/${x}/${y}`);
  return out;
}

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;

async function main() {
  const server = await target();
  try {
    const runId = Date.now().toString(36);
    log(`${SESSIONS} sessions, ${SECONDS} s or ${MAX_REQUESTS} requests, against ${server.baseUrl} (${server.engine})`);

    // Sessions: two thirds leaders (reads), one third reporters (their district's reads and the writes).
    const sessions: Session[] = [];
    for (let i = 0; i < SESSIONS; i++) {
      const role = i % 3 === 2 ? 'reporter' : 'leader';
      const [user, pw] = role === 'leader' ? server.leader : server.reporter;
      const { cookie, csrfToken } = await login(server.baseUrl, user, pw);
      sessions.push({ role, headers: { cookie, 'x-csrf-token': csrfToken } });
    }
    const leader = sessions[0]!;
    const reporter = sessions.find((s) => s.role === 'reporter')!;
    const get = async <T>(s: Session, p: string) => (await (await fetch(server.baseUrl + p, { headers: s.headers })).json()) as T;

    const programmes = await get<{ key: string; bbox: number[] | null }[]>(leader, '/api/programmes');
    const nankang = programmes.find((p) => p.key === 'nankang-2024');
    if (!nankang?.bbox) throw new Error('the demo programme nankang-2024 is not loaded');
    const tiles = [...tilesOver(nankang.bbox, 14), ...tilesOver(nankang.bbox, 15), ...tilesOver(nankang.bbox, 16)];
    const estates = (await get<{ features: { id: number }[] }>(reporter, '/api/estates?district=360703&year=2024')).features.map((f) => f.id);
    const READS: Record<Session['role'], [Op, string[]][]> = {
      leader: [
        ['estates', ['/api/estates?district=360703&year=2024', '/api/estates?district=150302', '/api/estates?district=320614&year=2021']],
        ['tiles', tiles.map((t) => `/tiles/estates/${t}.mvt?district=360703`).concat(tiles.map((t) => `/tiles/buildings/${t}.mvt`))],
        ['ranking', ['/api/stats/ranking?parent=360703&year=2024', '/api/stats/ranking?level=street&parent=360703&year=2024', '/api/stats/ranking?parent=1503&year=2021']],
      ],
      reporter: [
        ['estates', ['/api/estates?district=360703&year=2024']],
        ['tiles', tiles.map((t) => `/tiles/estates/${t}.mvt?district=360703`)],
      ],
    };

    const latencies: Record<Op, number[]> = { estates: [], tiles: [], ranking: [], report: [] };
    const failures: string[] = [];
    const written: string[] = [];
    let sent = 0;
    let seq = 0;
    const started = performance.now();
    const deadline = started + SECONDS * 1000;

    async function one(s: Session): Promise<void> {
      let op: Op;
      let init: RequestInit = { headers: s.headers };
      let p: string;
      let note = '';
      if (s.role === 'reporter' && Math.random() < 0.5) {
        op = 'report';
        note = `load ${runId} #${++seq}`;
        p = '/api/reports';
        init = {
          method: 'POST',
          headers: { ...s.headers, 'content-type': 'application/json' },
          body: JSON.stringify({ estateId: pick(estates), period: PERIOD, phase: 'construction', progressPct: Math.round(Math.random() * 10000) / 100, completed: false, note }),
        };
      } else {
        const [o, paths] = pick(READS[s.role]);
        op = o;
        p = pick(paths);
      }
      const t0 = performance.now();
      try {
        const res = await fetch(server.baseUrl + p, init);
        await res.arrayBuffer();
        latencies[op].push(performance.now() - t0);
        const ok = op === 'report' ? res.status === 201 : res.status === 200 || (op === 'tiles' && res.status === 204);
        if (!ok) failures.push(`${res.status} ${init.method ?? 'GET'} ${p}`);
        else if (op === 'report') written.push(note);
      } catch (e) {
        failures.push(`${(e as Error).message} ${p}`);
      }
    }

    await Promise.all(
      sessions.map(async (s) => {
        while (performance.now() < deadline && sent < MAX_REQUESTS) {
          sent++;
          await one(s);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;

    // Count the writes back: every accepted report exactly once, revisions without gaps or repeats.
    const reports = (await get<{ reports: { estateId: number; revision: number; note: string | null }[] }>(leader, `/api/reports?period=${PERIOD}`)).reports;
    const mine = reports.filter((r) => r.note?.startsWith(`load ${runId} `));
    const notes = new Set(mine.map((r) => r.note));
    const lost = written.filter((n) => !notes.has(n)).length;
    const duplicated = mine.length - notes.size + [...notes].filter((n) => !written.includes(n!)).length;
    const byEstate = new Map<number, number[]>();
    for (const r of reports) byEstate.set(r.estateId, [...(byEstate.get(r.estateId) ?? []), r.revision]);
    const brokenRevisions = [...byEstate.values()].filter((revs) => {
      const sorted = [...revs].sort((a, b) => a - b);
      return sorted.some((v, i) => v !== i + 1);
    }).length;

    const all = Object.values(latencies).flat().sort((a, b) => a - b);
    const row = (name: string, xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return { name, requests: s.length, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99) };
    };
    const rows = [row('all', all), ...(['estates', 'tiles', 'ranking', 'report'] as Op[]).map((o) => row(o === 'report' ? 'report (write)' : o, latencies[o]))];
    console.table(rows.map((r) => ({ ...r, p50: r.p50.toFixed(1), p95: r.p95.toFixed(1), p99: r.p99.toFixed(1) })));
    log(`${all.length} requests in ${seconds.toFixed(1)} s (${(all.length / seconds).toFixed(0)} req/s); errors ${failures.length}; writes accepted ${written.length}, counted back ${mine.length}, lost ${lost}, duplicated ${duplicated}; estates with broken revision sequences ${brokenRevisions}`);
    if (failures.length) log(`first errors: ${[...new Set(failures)].slice(0, 5).join('; ')}`);

    const when = new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
    const name = `load-${server.engine}`;
    const body = [
      `<!-- bench:${name} -->`,
      `## Load: mixed reads and writes from many sessions, ${server.engine === 'postgres' ? 'PostgreSQL' : 'embedded PGlite'} (issue 8)`,
      '',
      `Measured ${when} by \`${server.engine === 'postgres' ? 'DATABASE_URL=… ' : ''}npm run load\`: ${SESSIONS} signed-in sessions on loopback (${sessions.filter((s) => s.role === 'leader').length} leaders reading, ${sessions.filter((s) => s.role === 'reporter').length} reporters reading their district and filing reports), ${seconds.toFixed(1)} s, ${all.length} requests (${(all.length / seconds).toFixed(0)} req/s).`,
      '',
      '| Requests | Count | p50 | p95 | p99 |',
      '| --- | --- | --- | --- | --- |',
      ...rows.map((r) => `| ${r.name} | ${r.requests} | ${r.p50.toFixed(1)} ms | ${r.p95.toFixed(1)} ms | ${r.p99.toFixed(1)} ms |`),
      '',
      `- Errors (unexpected status or failed request): ${failures.length}.`,
      `- Writes: ${written.length} reports accepted (201), ${mine.length} counted back through \`GET /api/reports\`: ${lost} lost, ${duplicated} duplicated; revisions of every estate in ${PERIOD} run 1…n without gaps or repeats (${brokenRevisions} broken).`,
      `- Reads: estates GeoJSON (Nankang, Wuhai, Haimen), vector tiles z14–16 over Nankang (estates, buildings), rankings; every request carries its session cookie (one session lookup each), writes the CSRF header and are audited.`,
      `<!-- /bench:${name} -->`,
    ].join('\n');
    writeSection(name, body);
    log(`wrote the ${name} section of docs/benchmarks.md`);
    if (failures.length || lost || duplicated || brokenRevisions) process.exitCode = 1;

    const leaders = sessions.filter((s) => s.role === 'leader').slice(0, 8);
    if (!(await readsDuringImport(server, leaders, READS.leader))) process.exitCode = 1;
  } finally {
    await server.stop();
  }
}

/** A scope file of `features` square-ish red lines with `vertices` corners each, near Nankang, matching no estate. */
function largeScopeFile(features: number, vertices: number): string {
  const out: string[] = [];
  for (let f = 0; f < features; f++) {
    const cx = 114.7 + (f % 50) * 0.002;
    const cy = 25.6 + Math.floor(f / 50) * 0.002;
    const ring: string[] = [];
    for (let v = 0; v < vertices; v++) {
      const a = (2 * Math.PI * v) / vertices;
      ring.push(`[${(cx + 0.0004 * Math.cos(a)).toFixed(7)},${(cy + 0.0004 * Math.sin(a)).toFixed(7)}]`);
    }
    ring.push(ring[0]!);
    out.push(`{"type":"Feature","properties":{"name":"负载测试红线${f}"},"geometry":{"type":"Polygon","coordinates":[[${ring.join(',')}]]}}`);
  }
  return `{"type":"FeatureCollection","features":[${out.join(',')}]}`;
}

/**
 * The p95 of reads alone, then of the same reads while one large import after another runs
 * (issue 14: an upload must not hold the server). Writes its section of docs/benchmarks.md.
 */
async function readsDuringImport(server: Target, readers: Session[], reads: [Op, string[]][]): Promise<boolean> {
  const designer = await login(server.baseUrl, ...server.designer);
  const file = largeScopeFile(IMPORT_FEATURES, IMPORT_VERTICES);
  const failures: string[] = [];
  const readFor = async (seconds: number) => {
    const latencies: number[] = [];
    const until = performance.now() + seconds * 1000;
    await Promise.all(
      readers.map(async (s) => {
        while (performance.now() < until) {
          const [, paths] = pick(reads);
          const p = pick(paths);
          const t0 = performance.now();
          try {
            const res = await fetch(server.baseUrl + p, { headers: s.headers });
            await res.arrayBuffer();
            latencies.push(performance.now() - t0);
            if (res.status !== 200 && res.status !== 204) failures.push(`${res.status} GET ${p}`);
          } catch (e) {
            failures.push(`${(e as Error).message} ${p}`);
          }
        }
      }),
    );
    return latencies.sort((a, b) => a - b);
  };
  const machineLoad = os.loadavg()[0]!;
  log(`reads alone for ${IMPORT_SECONDS} s, then with scope import previews of ${IMPORT_FEATURES} features × ${IMPORT_VERTICES} vertices (${(file.length / 2 ** 20).toFixed(1)} MiB)`);
  const alone = await readFor(IMPORT_SECONDS);
  const imports: number[] = [];
  let importing = true;
  // The designer uploads from their own browser: its own connection (node:http, no keep-alive),
  // not one of the readers' pooled fetch connections.
  const boundary = `----load${Date.now()}`;
  const upload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="large-scope.geojson"\r\nContent-Type: application/geo+json\r\n\r\n`),
    Buffer.from(file),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const postImport = () =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(`${server.baseUrl}/api/import/scope`, {
        method: 'POST',
        agent: false,
        headers: { cookie: designer.cookie, 'x-csrf-token': designer.csrfToken, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': upload.length },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      });
      req.on('error', reject);
      req.end(upload);
    });
  const importer = (async () => {
    while (importing) {
      const t0 = performance.now();
      try {
        const res = await postImport();
        if (res.status !== 200) failures.push(`${res.status} POST /api/import/scope: ${res.body.slice(0, 200)}`);
      } catch (e) {
        failures.push(`${(e as Error).message} POST /api/import/scope`);
      }
      imports.push(performance.now() - t0);
    }
  })();
  const during = await readFor(IMPORT_SECONDS);
  importing = false;
  await importer;
  const row = (name: string, xs: number[]) => `| ${name} | ${xs.length} | ${percentile(xs, 50).toFixed(1)} ms | ${percentile(xs, 95).toFixed(1)} ms | ${percentile(xs, 99).toFixed(1)} ms |`;
  const sortedImports = [...imports].sort((a, b) => a - b);
  log(`reads p95 alone ${percentile(alone, 95).toFixed(1)} ms, during imports ${percentile(during, 95).toFixed(1)} ms; ${imports.length} imports, p50 ${(percentile(sortedImports, 50) / 1000).toFixed(1)} s; errors ${failures.length}`);
  if (failures.length) log(`first errors: ${[...new Set(failures)].slice(0, 5).join('; ')}`);
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  const name = `load-import-${server.engine}`;
  const body = [
    `<!-- bench:${name} -->`,
    `## Load: reads while a large import runs, ${server.engine === 'postgres' ? 'PostgreSQL' : 'embedded PGlite'} (issue 14)`,
    '',
    `Measured ${when} by \`${server.engine === 'postgres' ? 'DATABASE_URL=… ' : ''}npm run load\`: ${readers.length} leader sessions reading (estates, tiles, rankings) for ${IMPORT_SECONDS} s alone, then ${IMPORT_SECONDS} s while a designer sends one scope import preview after another: a GeoJSON of ${IMPORT_FEATURES.toLocaleString('en')} red lines × ${IMPORT_VERTICES} vertices (${(IMPORT_FEATURES * IMPORT_VERTICES).toLocaleString('en')} vertices, ${(file.length / 2 ** 20).toFixed(1)} MiB), read in the parse worker, then checked and matched in the database.`,
    '',
    '| Reads | Count | p50 | p95 | p99 |',
    '| --- | --- | --- | --- | --- |',
    row('alone', alone),
    row('during imports', during),
    '',
    `- Imports: ${imports.length} previews, each ${(percentile(sortedImports, 50) / 1000).toFixed(1)} s (p50); errors (any unexpected status): ${failures.length}.`,
    `- Machine: load average ${machineLoad.toFixed(1)} on ${os.cpus().length} cores when the phase began (other work on the machine slows both halves alike).`,
    `- The parse (JSON, limits, geometry checks) runs in a worker thread; the database part (reprojection, ST_MakeValid, matching) runs where the database runs: on the embedded engine that is the server's own thread.`,
    `<!-- /bench:${name} -->`,
  ].join('\n');
  writeSection(name, body);
  log(`wrote the ${name} section of docs/benchmarks.md`);
  return failures.length === 0;
}

await main();
