import { Hono } from 'hono';
import type { AppDeps } from '../app.ts';
import type { HealthResponse } from '../../shared/api.ts';

export function healthRoutes({ db }: AppDeps) {
  return new Hono().get('/', async (c) => {
    const [row] = await db.query<{ v: string }>('SELECT postgis_lib_version() AS v');
    const body: HealthResponse = { status: 'ok', db: db.kind, postgis: row?.v ?? 'unknown', pid: process.pid };
    if (db.replica) {
      const [r] = await db.replica.query<{ recovery: boolean }>('SELECT pg_is_in_recovery() AS recovery');
      body.replica = { inRecovery: r?.recovery ?? false };
    }
    return c.json(body);
  });
}
