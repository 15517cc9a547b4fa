import type { Queryable } from '../db/engine.ts';
import { HttpError } from '../http/errors.ts';
import type { ExportScopeQuery, ScopeMetadata } from '../../shared/scopes.ts';

export interface Scope {
  kind: ScopeMetadata['scope']['kind'];
  id: number | null;
  name: string;
  estateIds: number[];
  /** Pipeline works of this project belong to the scope wherever they run. */
  projectId: number | null;
  /** A zone's saved outline (covers the streets between its estates); null: compute one. */
  zoneOutline: boolean;
}

/**
 * What the request names: a saved zone, a project, or a list of estates. 404 naming the
 * parameter when it does not exist; 422 when it holds no estate (nothing to draw).
 */
export async function resolveScope(db: Queryable, q: Pick<ExportScopeQuery, 'zone' | 'project' | 'estateIds'>): Promise<Scope> {
  if (q.zone !== undefined) {
    const [zone] = await db.query<{ name: string; project_id: number | null; has_outline: boolean; ids: number[] | null }>(
      `SELECT z.name, z.project_id, z.geom IS NOT NULL AS has_outline,
              (SELECT array_agg(ze.estate_id ORDER BY ze.estate_id) FROM zone_estates ze WHERE ze.zone_id = z.id) AS ids
       FROM zones z WHERE z.id = $1`,
      [q.zone],
    );
    if (!zone) throw new HttpError(404, 'not_found', `zone: no zone with id ${q.zone}`, { parameter: 'zone', id: q.zone });
    return nonEmpty({ kind: 'zone', id: q.zone, name: zone.name, estateIds: zone.ids ?? [], projectId: zone.project_id, zoneOutline: zone.has_outline }, 'zone');
  }
  if (q.project !== undefined) {
    const [project] = await db.query<{ name: string; ids: number[] | null }>(
      `SELECT p.name, (SELECT array_agg(e.id ORDER BY e.id) FROM estates e WHERE e.project_id = p.id) AS ids FROM projects p WHERE p.id = $1`,
      [q.project],
    );
    if (!project) throw new HttpError(404, 'not_found', `project: no project with id ${q.project}`, { parameter: 'project', id: q.project });
    return nonEmpty({ kind: 'project', id: q.project, name: project.name, estateIds: project.ids ?? [], projectId: q.project, zoneOutline: false }, 'project');
  }
  const ids = [...q.estateIds!].sort((a, b) => a - b);
  const found = new Set((await db.query<{ id: number }>(`SELECT id FROM estates WHERE id = ANY($1::int[])`, [ids])).map((r) => r.id));
  const unknown = ids.filter((id) => !found.has(id));
  if (unknown.length) {
    throw new HttpError(404, 'unknown_estates', `estateIds: no estate with id ${unknown.join(', ')}`, { parameter: 'estateIds', unknownIds: unknown });
  }
  return { kind: 'estates', id: null, name: estatesScopeName(ids), estateIds: ids, projectId: null, zoneOutline: false };
}

function nonEmpty(scope: Scope, parameter: string): Scope {
  if (scope.estateIds.length === 0) {
    throw new HttpError(422, 'empty_scope', `${parameter}: ${scope.name} holds no estates, so there is nothing to export`, { parameter, id: scope.id });
  }
  return scope;
}

/** "estates 3, 7, 12" for a short selection, "estates 3, 7, 12 … (40)" for a long one. */
function estatesScopeName(ids: number[]): string {
  const shown = ids.slice(0, 5).join(', ');
  return ids.length > 5 ? `estates ${shown} … (${ids.length})` : `estates ${shown}`;
}
