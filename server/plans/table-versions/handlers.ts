import type { RouteDeps } from '../../deps.ts';
import type { Database } from '../../db/engine.ts';
import { badRequest, HttpError } from '../../http/errors.ts';
import type { Handlers } from '../../http/register.ts';
import { parseUpload } from '../../http/validate.ts';
import { readTableInWorker } from '../../http/table-task.ts';
import { tableReplaceForm, type PlanTable, type PlanTableVersion, type plansContract } from '../../../shared/plans/contract.ts';
import { reimportTable } from './service.ts';

type TableHandlers = Pick<Handlers<typeof plansContract>, 'replaceTable' | 'tables' | 'table'>;

/**
 * A plan's table: replace it as the next version (PUT, preview then confirm), and look at the
 * versions imported so far. Reads use the primary: a version read right after a replace must show it.
 */
export function planTableHandlers({ db }: RouteDeps): TableHandlers {
  return {
    replaceTable: async ({ params }, c) => {
      const { file, fields } = await parseUpload(c, 'the corrected plan table with the field file (and confirm, version)', 'the plan table (.csv or .xlsx)');
      const parsed = tableReplaceForm.safeParse(fields);
      if (!parsed.success) throw badRequest('form', parsed.error);
      const grid = await readTableInWorker(file);
      return reimportTable(db, { planId: params.id, fileName: file.name, grid, confirm: parsed.data.confirm === 'true', version: parsed.data.version });
    },
    tables: async ({ params: { id } }) => {
      await requirePlan(db, id);
      const tables = await db.query<PlanTableVersion>(
        `SELECT version, file_name AS "fileName", imported_by AS "importedBy", imported_at AS "importedAt", summary,
                jsonb_array_length(cells) AS rows
         FROM plan_tables WHERE plan_id = $1 ORDER BY version`,
        [id],
      );
      return { planId: id, tables };
    },
    table: async ({ params: { id, version } }) => {
      await requirePlan(db, id);
      const [table] = await db.query<Omit<PlanTable, 'planId'>>(
        `SELECT version, file_name AS "fileName", imported_by AS "importedBy", imported_at AS "importedAt", summary, cells, merges
         FROM plan_tables WHERE plan_id = $1 AND version = $2`,
        [id, version],
      );
      if (!table) throw new HttpError(404, 'not_found', `Plan ${id} has no table version ${version}`);
      return { planId: id, ...table };
    },
  };
}

async function requirePlan(db: Database, id: number) {
  const [plan] = await db.query('SELECT 1 FROM plans WHERE id = $1', [id]);
  if (!plan) throw new HttpError(404, 'not_found', `No plan ${id}`);
}
