import { Hono } from 'hono';
import type { AppDeps } from '../app.ts';
import type { HealthResponse } from '../../shared/api.ts';

export function healthRoutes({ db }: AppDeps) {
  return new Hono().get('/', async (c) => {
    const [row] = await db.query<{ v: string }>('SELECT postgis_lib_version() AS v');
    const body: HealthResponse = { status: 'ok', db: db.kind, postgis: row?.v ?? 'unknown' };
    return c.json(body);
  });
}
