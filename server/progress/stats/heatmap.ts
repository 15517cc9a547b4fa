import type { Queryable } from '../../db/engine.ts';
import { requireRegion } from '../../regions/service.ts';
import type { HeatmapResponse } from '../../../shared/progress/contract.ts';
import { rankingCtes } from './ranking-sql.ts';

/**
 * Where the money is behind: one point per money unit (an estate with its own planned
 * investment, or a project planned as a whole, placed at the centre of its estates), weighted by
 * planned minus completed investment up to the period. Same scope and money rules as the ranking.
 */
const heatmapSql = `${rankingCtes}
SELECT ST_X(g.pt)::float8 AS lon, ST_Y(g.pt)::float8 AS lat,
       greatest(m.planned - m.completed, 0)::float8 AS weight_wan, g.level, g.name, g.synthetic
FROM money m
CROSS JOIN LATERAL (
  SELECT ST_PointOnSurface(e.geom) AS pt, 'estate' AS level, e.name, e.geom_synthetic AS synthetic
  FROM estates e WHERE left(m.unit_key, 1) = 'e' AND e.id = substr(m.unit_key, 2)::int
  UNION ALL
  SELECT ST_Centroid(ST_Collect(e.geom)), 'project', min(pj.name), bool_or(e.geom_synthetic)
  FROM estates e JOIN projects pj ON pj.id = e.project_id
  WHERE left(m.unit_key, 1) = 'p' AND e.project_id = substr(m.unit_key, 2)::int
  HAVING count(e.geom) > 0
) g
WHERE m.whole AND g.pt IS NOT NULL AND m.planned > m.completed
ORDER BY weight_wan DESC`;

/** The districts of the scope, inverted: a frame around them minus their union. */
const outsideSql = `${rankingCtes}
SELECT ST_AsGeoJSON(ST_Difference(ST_Expand(ST_Envelope(u.geom), 20), u.geom), 6) AS outside
FROM (SELECT ST_Union(g.geom) AS geom FROM regions g WHERE g.code IN (SELECT district_code FROM scope)) u
WHERE u.geom IS NOT NULL`;

export async function heatmapPoints(db: Queryable, q: { parent?: string; year?: number; period?: string }): Promise<HeatmapResponse> {
  if (q.parent) await requireRegion(db, q.parent, 'parent');
  const params = ['district', q.parent ?? null, q.year ?? null, q.period ?? null];
  const [rows, [clip]] = await Promise.all([
    db.query<{ lon: number; lat: number; weight_wan: number; level: 'estate' | 'project'; name: string; synthetic: boolean }>(heatmapSql, params),
    db.query<{ outside: string }>(outsideSql, params),
  ]);
  return {
    points: rows.map((r) => ({ lon: r.lon, lat: r.lat, weightWan: r.weight_wan, level: r.level, name: r.name, synthetic: r.synthetic })),
    outside: clip ? JSON.parse(clip.outside) : null,
  };
}
