import { Hono } from 'hono';
import type { AppDeps } from '../app.ts';
import { badRequest } from '../http/errors.ts';
import { parseJson, parseParams, parseUpload } from '../http/validate.ts';
import { readTableInWorker } from '../http/table-task.ts';
import { idParam } from '../../shared/api.ts';
import { goalsImportForm, milestonesPut } from '../../shared/milestones/api.ts';
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
      const { file, fields } = await parseUpload(c, 'the milestone table with fields file, preview and version', 'the milestone table (.csv or .xlsx)');
      const form = goalsImportForm.safeParse(fields);
      if (!form.success) throw badRequest('form', form.error);
      // Milestone and target tables are read by their cells: no figure in them is merged over rows.
      const grid = (await readTableInWorker(file)).cells;
      return c.json(await importMilestones(db, id, { fileName: file.name || 'upload', grid, preview: form.data.preview === 'true', version: form.data.version }));
    });
}
