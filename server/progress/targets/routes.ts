import { Hono } from 'hono';
import type { AppDeps } from '../../deps.ts';
import { parseQuery } from '../../http/validate.ts';
import { targetsQuery } from '../../../shared/progress/api.ts';
import { targets } from './service.ts';

/** Targets handed down (目标任务): target vs plan vs actual. */
export function targetRoutes({ db }: AppDeps) {
  return new Hono().get('/', async (c) => c.json(await targets(db, parseQuery(c, targetsQuery))));
}
