import { Hono } from 'hono';
import type { AppDeps } from '../../deps.ts';
import { parseQuery } from '../../http/validate.ts';
import { exportScopeQuery } from '../../../shared/scopes.ts';
import { contentDisposition, exportScope } from './service.ts';

/** GET /api/export/scope: a zone, a project or a list of estates as a file for GIS/CAD tools. */
export function exportRoutes({ db }: AppDeps) {
  return new Hono().get('/scope', async (c) => {
    const file = await exportScope(db, parseQuery(c, exportScopeQuery));
    return c.body(typeof file.body === 'string' ? file.body : (file.body as Uint8Array<ArrayBuffer>), 200, {
      'content-type': file.contentType,
      'content-disposition': contentDisposition(file),
      'cache-control': 'no-store',
    });
  });
}
