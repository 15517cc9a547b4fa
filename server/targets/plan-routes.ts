import { Hono } from 'hono';
import type { AppDeps } from '../app.ts';
import { badRequest } from '../http/errors.ts';
import { parseJson, parseParams, parseUpload } from '../http/validate.ts';
import { readTableInWorker } from '../http/table-task.ts';
import { idParam } from '../../shared/api.ts';
import { goalsImportForm, targetsPut } from '../../shared/milestones/api.ts';
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
      const { file, fields } = await parseUpload(c, 'the targets table with fields file, preview and version', 'the targets table (.csv or .xlsx)');
      const form = goalsImportForm.safeParse(fields);
      if (!form.success) throw badRequest('form', form.error);
      // Milestone and target tables are read by their cells: no figure in them is merged over rows.
      const grid = (await readTableInWorker(file)).cells;
      return c.json(await importTargets(db, id, { fileName: file.name || 'upload', grid, preview: form.data.preview === 'true', version: form.data.version }));
    });
}
