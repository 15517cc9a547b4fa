import { Hono } from 'hono';
import type { AppDeps } from '../../deps.ts';
import { parseJson, parseParams } from '../../http/validate.ts';
import { idParam } from '../../../shared/api.ts';
import { estateGeometryBody } from '../../../shared/scopes.ts';
import { estateGeometryHistory, saveEstateGeometry } from './service.ts';

/** Drawing: PUT /api/estates/:id/geometry, and the history of what was replaced. */
export function estateGeometryRoutes({ db }: AppDeps) {
  return new Hono()
    .put('/:id/geometry', async (c) => c.json(await saveEstateGeometry(db, parseParams(c, idParam).id, await parseJson(c, estateGeometryBody))))
    .get('/:id/geometry-history', async (c) => c.json(await estateGeometryHistory(db, parseParams(c, idParam).id)));
}
