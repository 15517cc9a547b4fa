import { investmentRate, placementSql, reportAsOfJoin } from '../estates/sql.ts';
import { DISTRICT_MAX_ZOOM, NO_DATA_KEY, PROGRESS_CLASS_BREAKS } from '../../shared/tiles/estate-groups.ts';
import { estateFilters, estateTileCap, tileGeom, Where } from './layer-sql.ts';
import type { TileLayer } from './tile-layer.ts';

/**
 * An estate's point on the map below z12 (and the point an aggregate counts it at, at every zoom):
 * a point on its red line, else its provisional point; in EPSG:3857 as the tile envelope is.
 */
const POINT = `ST_Transform(COALESCE(ST_PointOnSurface(e.geom), e.location), 3857)`;

/** count(*) per progress class of the estate colouring (shared/tiles/estate-groups.ts). */
function classCounts(): string {
  const b = PROGRESS_CLASS_BREAKS;
  const parts = b.map((c, i) => {
    const lower = i === 0 ? '' : `c.progress_pct >= ${c.min}`;
    const upper = i === b.length - 1 ? '' : `c.progress_pct < ${b[i + 1]!.min}`;
    const cond = [lower, upper].filter(Boolean).join(' AND ') || 'true';
    return `count(*) FILTER (WHERE c.progress_pct IS NOT NULL AND ${cond})::int AS ${c.key}`;
  });
  parts.push(`count(*) FILTER (WHERE c.progress_pct IS NULL)::int AS ${NO_DATA_KEY}`);
  return parts.join(',\n           ');
}
const CLASS_KEYS = [...PROGRESS_CLASS_BREAKS.map((c) => c.key), NO_DATA_KEY];

/**
 * The estate layer. A tile sends single estates when they fit under the cap, else aggregates, so
 * that nothing is dropped silently (README, "The national view"):
 * - candidates: the estates of the filters whose red line or provisional point touches the
 *   buffered tile (the GiST indexes find them);
 * - singles: below z12 those whose map point lies in the buffered tile (drawn as dots), from z12
 *   all candidates (drawn as red lines, clipped);
 * - when there are at most `cap` singles the tile holds them all; otherwise it holds one point per
 *   district (z ≤ 8) or street (z ≥ 9) with the count, households and progress classes of its
 *   estates whose map point lies in the tile itself (x in [west, east), y in (south, north]: each
 *   estate is in exactly one tile per zoom), at their centroid.
 */
export const estatesLayer: TileLayer = {
  name: 'estates',
  minZoom: 0,
  tables: ['estates', 'plans', 'projects', 'progress_reports', 'regions'],
  select({ districts, year, region, period }) {
    const w = new Where();
    estateFilters(w, { districts, year, region });
    const asOf = w.param(period ?? null, 'text');
    const cap = estateTileCap();
    const groupBy = `CASE WHEN $1::int <= ${DISTRICT_MAX_ZOOM} THEN c.district_code ELSE c.street_code END`;
    const nulls = (cols: string[]) => cols.map((c) => `NULL::int AS ${c}`).join(', ');
    const text = `WITH candidates AS MATERIALIZED (
         SELECT e.id, e.name, e.district_code, e.street_code, e.households, e.floor_area_m2, pl.year AS plan_year,
           rp.progress_pct::float8 AS progress_pct, ${investmentRate(asOf)} AS investment_rate, rp.completed,
           e.geom IS NOT NULL AND e.geom_synthetic AS synthetic, ${placementSql} AS placement,
           ${POINT} AS pt,
           CASE WHEN e.geom IS NULL OR $1::int < 12 THEN ${POINT} ELSE ST_Transform(e.geom, 3857) END AS shape
         FROM estates e
         JOIN plans pl ON pl.id = e.plan_id
         LEFT JOIN projects pj ON pj.id = e.project_id
         ${reportAsOfJoin(asOf)}, bounds
         WHERE (e.geom && bounds.q OR (e.geom IS NULL AND e.location && bounds.q)) ${w.sql()}
       ),
       singles AS (SELECT c.* FROM candidates c, bounds WHERE $1::int >= 12 OR c.pt && bounds.clip),
       over AS (SELECT count(*) > ${cap} AS over FROM (SELECT 1 FROM singles LIMIT ${cap + 1}) s)
       (SELECT s.id, s.name, s.district_code AS "districtCode", s.plan_year AS "planYear", s.progress_pct AS "progressPct",
          s.investment_rate AS "investmentRate", s.completed, s.synthetic, s.placement,
          NULL::text AS level, NULL::text AS code, NULL::int AS count, NULL::int AS households, ${nulls(CLASS_KEYS)},
          ${tileGeom('s.shape')} AS geom
        FROM singles s, bounds
        WHERE NOT (SELECT over FROM over)
        ORDER BY s.floor_area_m2 DESC NULLS LAST, s.id)
       UNION ALL
       (SELECT NULL::int AS id, r.name, g.district_code AS "districtCode", NULL::int AS "planYear", g.progress_pct AS "progressPct",
          g.investment_rate AS "investmentRate", NULL::boolean AS completed, NULL::boolean AS synthetic, NULL::text AS placement,
          g.level, g.code, g.count, g.households, ${CLASS_KEYS.map((k) => `g.${k}`).join(', ')},
          ${tileGeom('g.centre')} AS geom
        FROM (
          SELECT ${groupBy} AS code, min(c.district_code) AS district_code,
            CASE WHEN $1::int <= ${DISTRICT_MAX_ZOOM} THEN 'district' ELSE 'street' END AS level,
            count(*)::int AS count, COALESCE(sum(c.households), 0)::int AS households,
            ${classCounts()},
            avg(c.progress_pct) AS progress_pct, avg(c.investment_rate) AS investment_rate,
            ST_Centroid(ST_Collect(c.pt)) AS centre
          FROM candidates c, bounds
          WHERE (SELECT over FROM over)
            AND c.pt && bounds.env AND ST_X(c.pt) < ST_XMax(bounds.env) AND ST_Y(c.pt) > ST_YMin(bounds.env)
          GROUP BY 1
        ) g
        LEFT JOIN regions r ON r.code = g.code, bounds
        ORDER BY g.count DESC, g.code)`;
    return { text, params: w.params };
  },
};
