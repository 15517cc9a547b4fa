import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HealthResponse } from '../../shared/health/contract.ts';
import { createApp } from '../../server/app.ts';
import type { Database } from '../../server/db/engine.ts';
import { openDatabase } from '../../server/db/open.ts';
import { loadDemoIfEmpty } from '../../server/seed/demo.ts';
import { ensureDemoAccounts } from '../../server/auth/users.ts';
import { startLocalCluster, type LocalCluster } from './support/local-cluster.ts';

// DATABASE_REPLICA_URL: reads (tiles, estates, programmes…) are served by a streaming replica made
// with pg_basebackup on loopback, writes go to the primary. Pausing WAL replay on the replica makes
// the routing visible: a write through the API lands on the primary and shows in reads only once
// the replica has replayed it.

let cluster: LocalCluster;
let db: Database;
let app: ReturnType<typeof createApp>;
let replicaAdmin: postgres.Sql;
let session: Record<string, string>;
/** app.request as the signed-in planner. */
const call = (path: string, init: RequestInit = {}) => app.request(path, { ...init, headers: { ...(init.headers as Record<string, string>), ...session } });

beforeAll(async () => {
  cluster = await startLocalCluster();
  const seed = await openDatabase({ DATABASE_URL: cluster.primaryUrl, DATA_DIR: '' });
  await loadDemoIfEmpty(seed);
  await ensureDemoAccounts(seed, 'replica-test-password');
  await seed.close();
  db = await openDatabase({ DATABASE_URL: cluster.primaryUrl, DATABASE_REPLICA_URL: cluster.replicaUrl, DATA_DIR: '' });
  app = createApp({ db, env: { UPLOAD_LIMIT_BYTES: 1 << 20, BASEMAP_STYLE_URL: undefined } });
  // Sessions live on the primary (logins write them); every call below is the planner's.
  const res = await app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'planner', password: 'replica-test-password' }),
  });
  session = { cookie: res.headers.getSetCookie()[0]!.split(';')[0]!, 'x-csrf-token': ((await res.json()) as { csrfToken: string }).csrfToken };
  replicaAdmin = postgres(cluster.replicaUrl, { max: 1, onnotice: () => {} });
  // Let the replica catch up with the demo load before the tests look at it.
  const [{ lsn }] = (await db.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')) as [{ lsn: string }];
  for (let i = 0; i < 400; i++) {
    const [r] = await replicaAdmin<{ ok: boolean }[]>`SELECT pg_last_wal_replay_lsn() >= ${lsn}::pg_lsn AS ok`;
    if (r?.ok) break;
    await new Promise((res) => setTimeout(res, 50));
  }
});

afterAll(async () => {
  await replicaAdmin?.end({ timeout: 5 });
  await db?.close();
  cluster?.stop();
});

const programmeKeys = async () => ((await (await call('/api/programmes')).json()) as { key: string }[]).map((p) => p.key);

describe('a streaming replica behind DATABASE_REPLICA_URL', () => {
  it('is reported by /api/health as a standby in recovery', async () => {
    const body = (await (await call('/api/health')).json()) as HealthResponse;
    expect(body.db).toBe('postgres');
    expect(body.replica).toEqual({ inRecovery: true });
  });

  it('serves the reads while writes go to the primary', async () => {
    expect(await programmeKeys()).toContain('nankang-2024');
    await replicaAdmin`SELECT pg_wal_replay_pause()`;
    try {
      const fd = new FormData();
      const csv = ['序号,所在街道,所在社区,小区名称,户数,栋数,总建筑面积（万平方米）,备注', '1,蓉江街道,东街社区,复制测试小区,120,3,1.2,'].join('\n');
      fd.set('file', new File([csv], 'nankang-2026.csv', { type: 'text/csv' }));
      fd.set('region', '360703');
      fd.set('year', '2026');
      const res = await call('/api/import/plan', { method: 'POST', body: fd });
      expect(res.status).toBe(201);

      // On the primary now…
      const onPrimary = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM estates WHERE name = '复制测试小区'`);
      expect(onPrimary[0]!.n).toBe(1);
      // …but the API's reads come from the paused replica, which has not replayed it.
      const estates = (await (await call('/api/estates?district=360703&year=2026')).json()) as { features: unknown[] };
      expect(estates.features).toHaveLength(0);
      const tile = await call('/tiles/estates/9/419/221.mvt?district=360703&year=2026');
      expect(tile.status).toBe(204);
    } finally {
      await replicaAdmin`SELECT pg_wal_replay_resume()`;
    }

    // Once replayed, the same reads see the new estate.
    let count = 0;
    for (let i = 0; i < 200 && count === 0; i++) {
      const fc = (await (await call('/api/estates?district=360703&year=2026')).json()) as { features: unknown[] };
      count = fc.features.length;
      if (count === 0) await new Promise((r) => setTimeout(r, 50));
    }
    expect(count).toBe(1);
  });

  it('refuses writes on the replica itself (it is read-only)', async () => {
    await expect(db.replica!.query(`INSERT INTO zones (name) VALUES ('x')`)).rejects.toThrow(/read-only/);
  });
});
