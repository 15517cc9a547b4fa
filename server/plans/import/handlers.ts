import type { RouteDeps } from '../../deps.ts';
import { badRequest } from '../../http/errors.ts';
import type { Handlers } from '../../http/register.ts';
import { parseUpload } from '../../http/validate.ts';
import { readTableInWorker } from '../../http/table-task.ts';
import { planImportForm, type plansContract } from '../../../shared/plans/contract.ts';
import { importPlan } from './service.ts';

/**
 * POST /api/import/plan (multipart: file, region, year, optional title, asOf, preview): 201 with
 * the plan imported. With preview=true: 200 with the body an import would give (plan.id null),
 * nothing written.
 */
export function planImportHandlers({ db }: RouteDeps): Pick<Handlers<typeof plansContract>, 'importPlan'> {
  return {
    importPlan: async (_, c) => {
      const { file, fields } = await parseUpload(c, 'the plan table with fields file, region and year', 'the plan table (.csv or .xlsx)');
      const parsed = planImportForm.safeParse(fields);
      if (!parsed.success) throw badRequest('form', parsed.error);
      // Read off the request path, within the row limit (server/http/table-task.ts).
      const grid = await readTableInWorker(file);
      const preview = parsed.data.preview === 'true';
      const result = await importPlan(
        db,
        {
          regionCode: parsed.data.region,
          year: parsed.data.year,
          title: parsed.data.title,
          asOf: parsed.data.asOf,
          source: `import: ${file.name}`,
          fileName: file.name,
          grid,
        },
        { preview },
      );
      // A preview wrote nothing: 200, not the route's 201.
      return preview ? c.json(result, 200) : result;
    },
  };
}
