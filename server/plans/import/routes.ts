import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../../deps.ts';
import { badRequest } from '../../http/errors.ts';
import { parseUpload } from '../../http/validate.ts';
import { regionCode, yearParam } from '../../../shared/api.ts';
import { readTableInWorker } from '../../http/table-task.ts';
import { importPlan } from './service.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const planForm = z
  .object({
    region: regionCode,
    year: yearParam,
    title: z.string().trim().min(1).max(200).optional(),
    asOf: isoDate.optional(),
    preview: z.enum(['true', 'false'], { message: 'must be true or false' }).optional(),
  })
  .strict();

/**
 * POST /api/import/plan (multipart: file, region, year, optional title, asOf, preview). With
 * preview=true: 200 with the body an import would give (plan.id null), nothing written.
 */
export function importRoutes({ db }: AppDeps) {
  return new Hono().post('/plan', async (c) => {
    const { file, fields } = await parseUpload(c, 'the plan table with fields file, region and year', 'the plan table (.csv or .xlsx)');
    const parsed = planForm.safeParse(fields);
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
    return c.json(result, preview ? 200 : 201);
  });
}
