import { Hono } from 'hono';
import type { AppDeps } from '../deps.ts';
import { parseParams, parseQuery } from '../http/validate.ts';
import { idParam } from '../../shared/api.ts';
import { planDeleteQuery } from '../../shared/milestones/api.ts';
import { deletePlan } from './delete.ts';
import { listPlans } from './list.ts';

/**
 * Plan management (计划管理): the plans with their counts, and deleting one (admins; the slug as
 * confirmation, force=true when reports exist). Reads go to the primary: a list read right after
 * an import or a delete must show it.
 */
export function planManagementRoutes({ db }: AppDeps) {
  return new Hono()
    .get('/', async (c) => c.json(await listPlans(db)))
    .delete('/:id', async (c) => c.json(await deletePlan(db, parseParams(c, idParam).id, parseQuery(c, planDeleteQuery))));
}
