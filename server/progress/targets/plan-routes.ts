import { Hono } from 'hono';
import type { AppDeps } from '../../deps.ts';
import { parseJson, parseParams } from '../../http/validate.ts';
import { readGoalsUpload } from '../../plans/goals-upload.ts';
import { idParam } from '../../../shared/api.ts';
import { targetsPut } from '../../../shared/milestones/api.ts';
import { getTargets, importTargets, putTargets } from './plan-service.ts';

/** A plan's targets (目标任务): read, saved as a whole at the version read, or imported (Haimen's layout). */
export function planTargetRoutes({ db }: AppDeps) {
  return new Hono()
    .get('/:id/targets', async (c) => c.json(await getTargets(db, parseParams(c, idParam).id)))
    .put('/:id/targets', async (c) => {
      const { id } = parseParams(c, idParam);
      return c.json(await putTargets(db, id, await parseJson(c, targetsPut)));
    })
    .post('/:id/targets/import', async (c) => {
      const { id } = parseParams(c, idParam);
      return c.json(await importTargets(db, id, await readGoalsUpload(c, 'targets')));
    });
}
