import type { RouteDeps } from '../../deps.ts';
import type { Handlers } from '../../http/register.ts';
import type { scopesContract } from '../../../shared/scopes/contract.ts';
import { checkEstateGeometry, estateGeometryHistory, revertEstateGeometry, saveEstateGeometry } from './service.ts';

/**
 * Drawing: PUT /api/estates/:id/geometry, its check before saving, restoring an earlier red line,
 * and the history of what was replaced (read on the primary, after a write).
 */
export function editHandlers({ db }: RouteDeps): Pick<Handlers<typeof scopesContract>, 'saveGeometry' | 'checkGeometry' | 'revertGeometry' | 'geometryHistory'> {
  return {
    saveGeometry: ({ params, body }) => saveEstateGeometry(db, params.id, body),
    checkGeometry: ({ params, body }) => checkEstateGeometry(db, params.id, body),
    revertGeometry: ({ params, body }) => revertEstateGeometry(db, params.id, body),
    geometryHistory: ({ params }) => estateGeometryHistory(db, params.id),
  };
}
