import type { Queryable } from '../../db/engine.ts';
import { HttpError } from '../../http/errors.ts';
import type { ExportScopeQuery, ScopeMetadata } from '../../../shared/scopes/contract.ts';

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
  const rows = await db.query<{ id: number; name: string }>(`SELECT id, name FROM estates WHERE id = ANY($1::int[]) ORDER BY id`, [ids]);
  const found = new Set(rows.map((r) => r.id));
  const unknown = ids.filter((id) => !found.has(id));
  if (unknown.length) {
    throw new HttpError(404, 'unknown_estates', `estateIds: no estate with id ${unknown.join(', ')}`, { parameter: 'estateIds', unknownIds: unknown });
  }
  return { kind: 'estates', id: null, name: estatesScopeName(rows.map((r) => r.name)), estateIds: ids, projectId: null, zoneOutline: false };
}

function nonEmpty(scope: Scope, parameter: string): Scope {
  if (scope.estateIds.length === 0) {
    throw new HttpError(422, 'empty_scope', `${parameter}: ${scope.name} holds no estates, so there is nothing to export`, { parameter, id: scope.id });
  }
  return scope;
}

/**
 * A selection is named by its estates, as a planner would say it: "金赣小区", "金赣小区、金田花园小区",
 * or "金赣小区等12个小区" for more than three. The scope's kind and ids stay in the metadata.
 */
function estatesScopeName(names: string[]): string {
  return names.length > 3 ? `${names[0]}等${names.length}个小区` : names.join('、');
}
