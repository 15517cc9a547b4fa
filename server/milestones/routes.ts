import { Hono } from 'hono';
import type { AppDeps } from '../deps.ts';
import { parseJson, parseParams } from '../http/validate.ts';
import { readGoalsUpload } from '../plans/goals-upload.ts';
import { idParam } from '../../shared/api.ts';
import { milestonesPut } from '../../shared/milestones/api.ts';
import { importMilestones } from './import.ts';
import { getMilestones, putMilestones } from './service.ts';

/**
 * A plan's quarterly milestones (形象进度): read, saved as a whole at the version read, or imported
 * from a table in the layout of Beilun's 附件1 (preview=true first). Reads use the primary: the
 * version read is the one a save is checked against.
 */
export function milestoneRoutes({ db }: AppDeps) {
  return new Hono()
    .get('/:id/milestones', async (c) => c.json(await getMilestones(db, parseParams(c, idParam).id)))
    .put('/:id/milestones', async (c) => {
      const { id } = parseParams(c, idParam);
      return c.json(await putMilestones(db, id, await parseJson(c, milestonesPut)));
    })
    .post('/:id/milestones/import', async (c) => {
      const { id } = parseParams(c, idParam);
      return c.json(await importMilestones(db, id, await readGoalsUpload(c, 'milestone')));
    });
}
