import http from 'node:http';
import { VectorTile } from '@mapbox/vector-tile';
import Pbf from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HealthResponse } from '../../shared/health/contract.ts';
import type { Database } from '../../server/db/engine.ts';
import { openDatabase } from '../../server/db/open.ts';
import { loadDemoIfEmpty } from '../../server/seed/demo.ts';
import { startServerProcess, type ServerProcess } from '../../bench/support/server-process.ts';
import { benchSession } from '../../bench/support/session.ts';
import { hashPassword } from '../../server/auth/passwords.ts';
import { MAX_FAILURES } from '../../server/auth/throttle.ts';
import { startLocalCluster, type LocalCluster } from './support/local-cluster.ts';

// CLUSTER_WORKERS: several stateless API processes on one port over one PostgreSQL. Each keeps its
// own tile cache; a write through any of them (or straight into the database) must reach all caches.

let pg: LocalCluster;
let db: Database;
let server: ServerProcess;
/** Tiles need a session; one login serves every worker, since sessions live in the shared database. */
let cookie = '';

beforeAll(async () => {
  pg = await startLocalCluster();
  db = await openDatabase({ DATABASE_URL: pg.primaryUrl, DATA_DIR: '' });
  await loadDemoIfEmpty(db);
  server = await startServerProcess({ DATABASE_URL: pg.primaryUrl, CLUSTER_WORKERS: '2' }, undefined, undefined, /all 2 workers listening/);
  cookie = (await benchSession(pg.primaryUrl, server.baseUrl)).cookie;
});

afterAll(async () => {
  await server?.stop();
  await db?.close();
  pg?.stop();
});

/** A GET on a fresh connection each time, so the kernel spreads requests over the workers. */
function get(path: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(server.baseUrl + path, { agent: false, headers: { cookie } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

/** A POST with a JSON body on a fresh connection (so that the kernel spreads them over the workers). */
function post(path: string, body: unknown): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = http.request(server.baseUrl + path, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

async function progressInTile(path: string, estateId: number): Promise<unknown> {
  const { body } = await get(path);
  // A copy at offset 0: pbf reads doubles through a DataView on the whole ArrayBuffer, and a
  // pooled Node Buffer starts somewhere inside one.
  const layer = new VectorTile(new Pbf(new Uint8Array(body)) as unknown as ConstructorParameters<typeof VectorTile>[0]).layers.estates!;
  for (let i = 0; i < layer.length; i++) if (Number(layer.feature(i).id) === estateId) return layer.feature(i).properties.progressPct;
  return undefined;
}

describe('several API processes (CLUSTER_WORKERS=2)', () => {
  it('answer on one port from more than one process', async () => {
    // The process id is shown to admins only; the session here is an admin's.
    const pids = new Set<number | undefined>();
    for (let i = 0; i < 40 && pids.size < 2; i++) pids.add((JSON.parse((await get('/api/health')).body.toString()) as HealthResponse).pid);
    expect(pids.has(undefined)).toBe(false);
    expect(pids.size).toBe(2);
    expect(pids.has(server.pid)).toBe(false); // the supervisor only supervises
  });

  it('share one login throttle: thirty wrong passwords and the right one at once, over both workers, check at most five', async () => {
    await db.query(`INSERT INTO users (username, password_hash, role) VALUES ('cluster-guessed', $1, 'leader')`, [await hashPassword('the-right-one')]);
    const attempts = [...Array.from({ length: 30 }, (_, i) => post('/api/auth/login', { username: 'cluster-guessed', password: `guess-${i}` })), post('/api/auth/login', { username: 'cluster-guessed', password: 'the-right-one' })];
    const statuses = (await Promise.all(attempts)).map((r) => r.status);
    const count = (s: number) => statuses.filter((x) => x === s).length;
    expect(count(401) + count(200), statuses.join(' ')).toBe(MAX_FAILURES);
    expect(count(429)).toBe(31 - MAX_FAILURES);
    const [row] = await db.query<{ attempts: number }>(`SELECT attempts FROM login_throttle WHERE key LIKE 'pair:cluster-guessed@%'`);
    expect(row!.attempts).toBe(count(401));
    expect((await post('/api/auth/login', { username: 'cluster-guessed', password: 'the-right-one' })).status).toBe(count(200) ? 200 : 429);
  });

  it('keep their tile caches coherent: after a write no process serves the old tile', async () => {
    const [e] = await db.query<{ id: number; lon: number; lat: number }>(
      `SELECT id, ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM estates WHERE district_code = '360703' ORDER BY id LIMIT 1`,
    );
    const z = 15;
    const n = 2 ** z;
    const r = (e!.lat * Math.PI) / 180;
    const x = Math.floor(((e!.lon + 180) / 360) * n);
    const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
    const path = `/tiles/estates/${z}/${x}/${y}.mvt`;
    // Warm every worker's cache with the current tile.
    const before = new Set<unknown>();
    for (let i = 0; i < 20; i++) before.add(await progressInTile(path, e!.id));
    expect([...before]).toHaveLength(1);
    expect(before.has(63.25)).toBe(false);

    await db.query(
      `INSERT INTO progress_reports (estate_id, period, revision, phase, progress_pct, source) VALUES ($1, '2026-11', 1, 'construction', 63.25, 'cluster test')`,
      [e!.id],
    );
    // NOTIFY reaches each worker after commit; give it a moment, then 20 requests in a row must agree.
    let streak = 0;
    for (let i = 0; i < 400 && streak < 20; i++) {
      streak = (await progressInTile(path, e!.id)) === 63.25 ? streak + 1 : 0;
      if (streak === 0) await new Promise((res) => setTimeout(res, 25));
    }
    expect(streak).toBe(20);
  });
});
