import type { Context } from 'hono';
import { badRequest } from '../http/errors.ts';
import { readTableInWorker } from '../http/table-task.ts';
import { parseUpload } from '../http/validate.ts';
import { goalsImportForm } from '../../shared/milestones/contract.ts';

/**
 * A milestone or target table upload (multipart `file`, `preview`, `version`), read in the parse
 * worker within the row limit. These tables are read by their cells: no figure in them is merged
 * over rows.
 */
export async function readGoalsUpload(c: Context, what: 'milestone' | 'targets') {
  const { file, fields } = await parseUpload(c, `the ${what} table with fields file, preview and version`, `the ${what} table (.csv or .xlsx)`);
  const form = goalsImportForm.safeParse(fields);
  if (!form.success) throw badRequest('form', form.error);
  const grid = (await readTableInWorker(file)).cells;
  return { fileName: file.name || 'upload', grid, preview: form.data.preview === 'true', version: form.data.version };
}
