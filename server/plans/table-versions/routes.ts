import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../../deps.ts';
import { badRequest, HttpError } from '../../http/errors.ts';
import { parseParams, parseUpload } from '../../http/validate.ts';
import { readTableInWorker } from '../../http/table-task.ts';
import { reimportTable } from './service.ts';

/** Canonical digits only: "5", not "05", "+5" or "5.0". */
const positive = z.string().regex(/^[1-9]\d{0,8}$/, 'must be a whole number without sign or leading zeros').transform(Number);
const planParam = z.object({ id: positive });
const versionParam = z.object({ id: positive, version: positive });
const tableForm = z
  .object({
    confirm: z.enum(['true', 'false'], { message: 'must be true or false' }).optional(),
    version: positive.optional(),
  })
  .strict();

/**
 * A plan's table (mounted at /plans beside the plan list): replace it as the next version
 * (PUT, preview then confirm), and look at the versions imported so far.
 */
export function planTableRoutes({ db }: AppDeps) {
  return new Hono()
    .put('/:id/table', async (c) => {
      const { id } = parseParams(c, planParam);
      const { file, fields } = await parseUpload(c, 'the corrected plan table with the field file (and confirm, version)', 'the plan table (.csv or .xlsx)');
      const parsed = tableForm.safeParse(fields);
      if (!parsed.success) throw badRequest('form', parsed.error);
      const grid = await readTableInWorker(file);
      return c.json(
        await reimportTable(db, { planId: id, fileName: file.name, grid, confirm: parsed.data.confirm === 'true', version: parsed.data.version }),
      );
    })
    .get('/:id/tables', async (c) => {
      const { id } = parseParams(c, planParam);
      await requirePlan(db, id);
      const tables = await db.query(
        `SELECT version, file_name AS "fileName", imported_by AS "importedBy", imported_at AS "importedAt", summary,
                jsonb_array_length(cells) AS rows
         FROM plan_tables WHERE plan_id = $1 ORDER BY version`,
        [id],
      );
      return c.json({ planId: id, tables });
    })
    .get('/:id/tables/:version', async (c) => {
      const { id, version } = parseParams(c, versionParam);
      await requirePlan(db, id);
      const [table] = await db.query(
        `SELECT version, file_name AS "fileName", imported_by AS "importedBy", imported_at AS "importedAt", summary, cells, merges
         FROM plan_tables WHERE plan_id = $1 AND version = $2`,
        [id, version],
      );
      if (!table) throw new HttpError(404, 'not_found', `Plan ${id} has no table version ${version}`);
      return c.json({ planId: id, ...table });
    });
}

async function requirePlan(db: AppDeps['db'], id: number) {
  const [plan] = await db.query('SELECT 1 FROM plans WHERE id = $1', [id]);
  if (!plan) throw new HttpError(404, 'not_found', `No plan ${id}`);
}
