import type { RouteDeps } from '../../deps.ts';
import { badRequest } from '../../http/errors.ts';
import type { Handlers } from '../../http/register.ts';
import { parseUpload } from '../../http/validate.ts';
import { importScopeForm, type scopesContract } from '../../../shared/scopes/contract.ts';
import { confirmImport, previewImport } from './service.ts';

/** 50 MB: a district's surveyed red lines and footprints as a zipped Shapefile fit many times over. */
export const SCOPE_UPLOAD_LIMIT_BYTES = 50 * 2 ** 20;

/**
 * POST /api/import/scope (multipart: file, mode, layer, plan, srid, assign, token): surveyed red
 * lines or building footprints. mode=preview (default) reports what would happen and writes
 * nothing; mode=confirm with the preview's token writes it in one transaction.
 */
export function importHandlers({ db }: RouteDeps): Pick<Handlers<typeof scopesContract>, 'import'> {
  return {
    import: async (_, c) => {
      const { file, fields } = await parseUpload(c, 'the file in the field "file" (.geojson, a zipped Shapefile or .gpkg)', 'the red lines or footprints (.geojson, .zip or .gpkg)');
      const parsed = importScopeForm.safeParse(fields);
      if (!parsed.success) throw badRequest('form', parsed.error);
      const req = { fileName: file.name || 'upload', bytes: new Uint8Array(await file.arrayBuffer()), ...parsed.data };
      return req.mode === 'confirm' ? confirmImport(db, req) : previewImport(db, req);
    },
  };
}
