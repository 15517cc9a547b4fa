import type { RouteDeps } from '../../deps.ts';
import type { Handlers } from '../../http/register.ts';
import type { scopesContract } from '../../../shared/scopes/contract.ts';
import { contentDisposition, exportScope } from './service.ts';

/** GET /api/export/scope: a zone, a project or a list of estates as a file for GIS/CAD tools. */
export function exportHandlers({ reads }: RouteDeps): Pick<Handlers<typeof scopesContract>, 'export'> {
  return {
    export: async ({ query }, c) => {
      const file = await exportScope(reads, query);
      return c.body(typeof file.body === 'string' ? file.body : (file.body as Uint8Array<ArrayBuffer>), 200, {
        'content-type': file.contentType,
        'content-disposition': contentDisposition(file),
        'cache-control': 'no-store',
      });
    },
  };
}
