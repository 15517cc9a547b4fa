import { featureCollectionSql } from '../http/geojson.ts';

/**
 * Spatial SQL of the dig-once module. Parameters of every overlaps query: $1 district code (or
 * null for every work), $2 buffer in metres, $3 window in days. Cancelled works take part in
 * nothing.
 *
 * Metres: candidate pairs are found through the GiST index on the Web Mercator copy (geom_merc,
 * migration 0003) with the threshold divided by cos(latitude) (Mercator's scale) and a 1 % margin;
 * every figure that is reported is then measured in the UTM zone of the pair, where a metre is a
 * metre to within 0.1 %.
 */

/** UTM zone (WGS84) of a 4326 geometry's first point, as an SRID: 326xx north, 327xx south. */
export const utmSridOf = (g: string) =>
  `(CASE WHEN ST_Y(ST_StartPoint(${g})) >= 0 THEN 32600 ELSE 32700 END + LEAST(60, floor((ST_X(ST_StartPoint(${g})) + 180) / 6)::int + 1))`;

/** Metres → Web Mercator units at the latitude of a 4326 line, with a 1 % margin for the index search. */
const mercUnits = (metres: string, g: string) => `(${metres}) * 1.01 / cos(radians(ST_Y(ST_StartPoint(${g}))))`;

const liveWork = (w: string) => `${w}.status <> 'cancelled' AND ($1::text IS NULL OR ${w}.district_code = $1)`;

/**
 * Conflicting pairs (a.id < b.id): different utilities, lines within $2 m, windows overlapping or
 * at most $3 days apart. The date and utility conditions ride along the index probe.
 * Columns: a, b, srid, ga, gb (UTM lines), gap_days.
 */
const pairsCte = `
  candidate_pairs AS (
    SELECT a.id AS a, b.id AS b, z.srid,
           ST_Transform(a.geom, z.srid) AS ga, ST_Transform(b.geom, z.srid) AS gb,
           GREATEST(b.start_date - a.end_date, a.start_date - b.end_date, 0) AS gap_days
    FROM pipeline_works a
    JOIN pipeline_works b
      ON ST_DWithin(b.geom_merc, a.geom_merc, ${mercUnits('$2::float8', 'a.geom')})
     AND b.id + 0 > a.id -- "+ 0": a range on the primary key would be ANDed into the index scan, scanning half the table per work
     AND b.utility <> a.utility
     AND b.start_date <= a.end_date + $3::int
     AND a.start_date <= b.end_date + $3::int
     AND ${liveWork('b')}
    CROSS JOIN LATERAL (SELECT ${utmSridOf('a.geom')} AS srid) z
    WHERE ${liveWork('a')}
  ),
  pairs AS (
    SELECT * FROM candidate_pairs WHERE ST_DWithin(ga, gb, $2::float8)
  )`;

/**
 * Each conflict with its figures. Shared length: the shorter of "a within b's buffer" and "b within
 * a's buffer", so that the figure is symmetric. Two lines that meet only at points, with no more
 * shared length than a crossing at 30° or steeper would give (2·buffer / sin 30° = 4·buffer), are
 * a crossing: they need one joint pit at the point, not one trench.
 */
const conflictsCte = `
  conflicts AS (
    SELECT p.a, p.b, p.srid, p.ga, p.gb, p.gap_days, m.shared,
           CASE
             WHEN x.meets_at_points AND m.shared <= 4 * $2::float8 THEN 'crossing'
             WHEN p.gap_days = 0 THEN 'concurrent'
             ELSE 'sequential'
           END AS kind,
           CASE WHEN x.meets_at_points THEN ST_Transform(ST_Centroid(x.meet), 4326) END AS point
    FROM pairs p
    CROSS JOIN LATERAL (
      -- quad_segs=2: the round ends of a buffer only decide centimetres of a shared length, and
      -- buffering is most of the cost of this query.
      SELECT LEAST(ST_Length(ST_Intersection(p.ga, ST_Buffer(p.gb, $2::float8, 'quad_segs=2'))),
                   ST_Length(ST_Intersection(p.gb, ST_Buffer(p.ga, $2::float8, 'quad_segs=2')))) AS shared
    ) m
    CROSS JOIN LATERAL (SELECT ST_Intersection(p.ga, p.gb) AS meet) i
    CROSS JOIN LATERAL (SELECT NOT ST_IsEmpty(i.meet) AND ST_Dimension(i.meet) = 0 AS meets_at_points, i.meet) x
  )`;

/**
 * The joint trench is a union of buffers on a 1 mm grid (snap-rounding), not in floating point:
 * two works along the same street from the same end have buffer arcs that nearly coincide, and
 * GEOS's floating-point union then fails; on the embedded engine (PGlite) the statement returns no
 * rows instead of an error, which made a pipeline save a 500 (issue 18, CI of stop 22). A
 * millimetre moves no figure, which are answered to the centimetre. Migration 0029 uses the same.
 */
export const TRENCH_GRID_METERS = '0.001::float8';

/** Only the pairs (a, b, gap) — what the benchmark compares with the index-only join. */
export const conflictPairsSql = `WITH ${pairsCte} SELECT a, b, gap_days FROM pairs`;

export const conflictsSql = `
  WITH ${pairsCte}, ${conflictsCte}
  SELECT a, b, kind, round(shared::numeric, 2)::float8 AS "sharedLengthMeters", gap_days AS "gapDays",
         ST_AsGeoJSON(point, 7)::json AS point
  FROM conflicts
  ORDER BY a, b`;

/**
 * Corridors: connected groups of works that would share a trench (conflicts other than crossings:
 * a crossing shares a pit, not a length of street, and would chain unrelated streets together).
 *
 * - window: the latest planned start (every operator has its design and money by then) for the
 *   longest planned duration, so that the trench stays open long enough for every work in it;
 * - trenchMetersSaved: the works laid one after the other, longest first, each adding only its
 *   length outside the buffers of those before it: sum of lengths minus the union trench length;
 * - geometry: the union of the works' buffers (the joint trench), in WGS84.
 */
const corridorCtes = (conflictCtes: string) => `
  WITH RECURSIVE ${conflictCtes},
  links AS (
    SELECT a AS x, b AS y FROM conflicts WHERE kind <> 'crossing'
    UNION SELECT b, a FROM conflicts WHERE kind <> 'crossing'
  ),
  reach (node, root) AS (
    SELECT x, x FROM links
    UNION
    SELECT l.y, r.root FROM reach r JOIN links l ON l.x = r.node
  ),
  groups AS (
    SELECT node AS work_id, min(root) AS corridor FROM reach GROUP BY node
  ),
  members AS (
    SELECT g.corridor, w.id, w.owner, w.utility, w.start_date, w.end_date,
           ST_Transform(w.geom, first_value(${utmSridOf('w.geom')}) OVER (PARTITION BY g.corridor ORDER BY w.id)) AS g
    FROM groups g JOIN pipeline_works w ON w.id = g.work_id
  ),
  ranked AS (
    SELECT m.*, ST_Length(m.g) AS len,
           row_number() OVER (PARTITION BY m.corridor ORDER BY ST_Length(m.g) DESC, m.id) AS rank
    FROM members m
  ),
  -- Each corridor's works as one array in laying order: a subquery over the ranked CTE per work
  -- would scan every corridor's rows for each work (a CTE has no index), quadratic in all works.
  laying AS (
    SELECT corridor, array_agg(g ORDER BY rank) AS gs FROM ranked GROUP BY corridor
  ),
  laid AS (
    SELECT r.corridor, r.len,
           COALESCE((
             SELECT ST_Length(ST_Intersection(r.g, ST_Union(ST_Buffer(o, $2::float8), ${TRENCH_GRID_METERS})))
             FROM unnest(l.gs[1:r.rank - 1]) AS o
           ), 0) AS shared_with_earlier
    FROM ranked r JOIN laying l USING (corridor)
  ),
  saved AS (
    SELECT corridor, sum(shared_with_earlier) AS saved, sum(len) AS total FROM laid GROUP BY corridor
  ),
  grouped_corridors AS (
  SELECT
    (array_agg(m.id ORDER BY m.id)) AS "workIds",
    (array_agg(DISTINCT m.owner ORDER BY m.owner)) AS owners,
    (array_agg(DISTINCT m.utility ORDER BY m.utility)) AS utilities,
    json_build_object(
      'start', max(m.start_date)::text,
      'end', (max(m.start_date) + max(m.end_date - m.start_date))::text) AS window,
    round(s.total::numeric, 2)::float8 AS "totalLengthMeters",
    round(s.saved::numeric, 2)::float8 AS "trenchMetersSaved",
    -- ORDER BY: the union's vertex order follows its input's, and the stored corridors (migration
    -- 0027) must give the same GeoJSON text.
    ST_AsGeoJSON(ST_Transform(ST_Union(ST_Buffer(m.g, $2::float8), ${TRENCH_GRID_METERS} ORDER BY m.id), 4326), 7)::json AS geometry
  FROM ranked m JOIN saved s USING (corridor)
  GROUP BY m.corridor, s.total, s.saved
  )`;
const corridorsFrom = (conflictCtes: string) => `${corridorCtes(conflictCtes)}
  SELECT * FROM grouped_corridors ORDER BY "workIds"[1]`;


export const corridorsSql = corridorsFrom(`${pairsCte}, ${conflictsCte}`);

/**
 * The parameters whose conflicts are kept in pipeline_conflicts (migration 0023, maintained by
 * triggers on every write of pipeline_works): the defaults of GET /api/pipelines/overlaps, the ones
 * the map asks for. Other parameters are computed per request with the queries above.
 */
export const STORED_BUFFER_METERS = 3;
export const STORED_WINDOW_DAYS = 90;

/**
 * pipeline_conflicts and pipeline_corridors rebuilt from scratch for the stored parameters: what a
 * bulk load (geodata/load) runs instead of the per-write upkeep. For 816,043 works in one upkeep the
 * upkeep's plan, made for a handful of written works, did not finish in 25 minutes; the
 * recomputation is the same rules (tests/api/pipeline-conflicts-maintained.test.ts compares the two
 * after random writes) as one pass over every pair. Parameters are written in, because the loader's
 * session takes none.
 */
export const rebuildStoredSql: string[] = [
  'DELETE FROM pipeline_conflicts',
  `INSERT INTO pipeline_conflicts (a, b, kind, shared, gap_days, point)
   WITH ${pairsCte}, ${conflictsCte} SELECT a, b, kind, shared, gap_days, point FROM conflicts`,
  'DELETE FROM pipeline_corridor_members',
  'DELETE FROM pipeline_corridors',
  `INSERT INTO pipeline_corridors (id, work_ids, owners, utilities, time_window, total_length, trench_saved, geometry)
   SELECT c."workIds"[1], c."workIds", c.owners, c.utilities, c."window", c."totalLengthMeters", c."trenchMetersSaved", c.geometry
   FROM (${corridorsSql}) c`,
  'INSERT INTO pipeline_corridor_members (work_id, corridor) SELECT unnest(work_ids), id FROM pipeline_corridors',
].map((statement) => {
  const bound = statement
    .replace(/\$1::text/g, 'NULL::text').replace(/\$1\b/g, 'NULL::text')
    .replace(/\$2::float8/g, `${STORED_BUFFER_METERS}::float8`)
    .replace(/\$3::int/g, `${STORED_WINDOW_DAYS}::int`);
  if (/\$\d/.test(bound)) throw new Error(`rebuildStoredSql: a parameter is left in ${bound.slice(0, 80)}`);
  return bound;
});

/** The stored conflicts whose two works are in district $1 (every conflict when $1 is null). */
const storedConflictsCte = `
  conflicts AS (
    SELECT c.a, c.b, c.kind, c.shared, c.gap_days, c.point
    FROM pipeline_conflicts c
    JOIN pipeline_works wa ON wa.id = c.a
    JOIN pipeline_works wb ON wb.id = c.b
    WHERE ($1::text IS NULL OR (wa.district_code = $1 AND wb.district_code = $1))
      AND $2::float8 IS NOT NULL AND $3::int IS NOT NULL
  )`;

/** conflictsSql read from pipeline_conflicts: the same rows, for $2 = 3 and $3 = 90 only. */
export const storedConflictsSql = `
  WITH ${storedConflictsCte}
  SELECT a, b, kind, round(shared::numeric, 2)::float8 AS "sharedLengthMeters", gap_days AS "gapDays",
         ST_AsGeoJSON(point, 7)::json AS point
  FROM conflicts
  ORDER BY a, b`;

/**
 * corridorsSql read from pipeline_corridors (migration 0027, kept on write; $2 = 3 and $3 = 90
 * only). For a district, the stored corridors with a work in it are read as stored when all their
 * works are in it; one that crosses the district's boundary is regrouped here from its conflicts
 * whose two works are in the district, as corridorsSql would group them.
 */
export const storedCorridorsSql = `
  ${corridorCtes(`
  in_district AS MATERIALIZED (
    SELECT DISTINCT m.corridor FROM pipeline_works w JOIN pipeline_corridor_members m ON m.work_id = w.id
    WHERE w.district_code = $1
  ),
  split AS MATERIALIZED (
    SELECT DISTINCT m.corridor FROM pipeline_corridor_members m JOIN pipeline_works w ON w.id = m.work_id
    WHERE m.corridor IN (SELECT corridor FROM in_district) AND w.district_code IS DISTINCT FROM $1
  ),
  conflicts AS (
    SELECT c.a, c.b, c.kind
    FROM pipeline_conflicts c
    JOIN pipeline_corridor_members m ON m.work_id = c.a AND m.corridor IN (SELECT corridor FROM split)
    JOIN pipeline_works wa ON wa.id = c.a
    JOIN pipeline_works wb ON wb.id = c.b
    WHERE wa.district_code = $1 AND wb.district_code = $1 AND $2::float8 IS NOT NULL AND $3::int IS NOT NULL
  )`)}
  SELECT * FROM (
    SELECT * FROM grouped_corridors
    UNION ALL
    SELECT c.work_ids, c.owners, c.utilities, c.time_window, c.total_length, c.trench_saved, c.geometry
    FROM pipeline_corridors c
    WHERE $1::text IS NULL OR (c.id IN (SELECT corridor FROM in_district) AND c.id NOT IN (SELECT corridor FROM split))
  ) u
  ORDER BY u."workIds"[1]`;

/**
 * storedCorridorsSql as one JSON array text: the outlines are most of the answer's bytes (tens of
 * MB for a province), and the API sends them on as they are stored instead of parsing and
 * re-encoding every corridor.
 */
export const storedCorridorsTextSql = `
  SELECT COALESCE(json_agg(k ORDER BY k."workIds"[1]), '[]')::text AS body FROM (${storedCorridorsSql}) k`;

/**
 * Typical half-widths of the carriageway by road kind (roads are stored as centre lines): a work
 * within this distance of the centre line opens the road. Assumed, not surveyed.
 */
export const ROAD_REACH_METERS = { arterial: 15, secondary: 10, branch: 6 } as const;
const reachCase = `CASE r.kind ${Object.entries(ROAD_REACH_METERS)
  .map(([k, m]) => `WHEN '${k}' THEN ${m}`)
  .join(' ')} END`;
const maxReach = Math.max(...Object.values(ROAD_REACH_METERS));

/**
 * 城市道路管理条例 art. 33: no digging a road within 5 years of its construction or rebuilding, or
 * within 3 years of a major repair. A work is flagged when its window starts before the road opens
 * again and it does not end before the road was paved. $2 and $3 are not used here; the same
 * parameter list keeps one call shape.
 */
export const moratoriumSql = `
  SELECT w.id AS "workId", r.id AS "roadId", r.name AS "roadName", r.kind AS "roadKind",
         r.paving_kind AS "pavingKind", r.last_paved_on::text AS "lastPavedOn",
         opens.on_date::text AS "opensOn",
         round(ST_Length(ST_Intersection(wu.g, ST_Buffer(ru.g, ${reachCase})))::numeric, 2)::float8 AS "dugMeters",
         ST_AsGeoJSON(r.geom, 7)::json AS "roadGeometry", r.synthetic AS "roadSynthetic"
  FROM pipeline_works w
  JOIN roads r
    ON ST_DWithin(r.geom_merc, w.geom_merc, ${mercUnits(String(maxReach), 'w.geom')})
   AND r.last_paved_on IS NOT NULL AND r.last_paved_on <= w.end_date
  CROSS JOIN LATERAL (
    SELECT (r.last_paved_on + CASE WHEN r.paving_kind = 'major_repair' THEN interval '3 years' ELSE interval '5 years' END)::date AS on_date
  ) opens
  CROSS JOIN LATERAL (SELECT ST_Transform(w.geom, ${utmSridOf('w.geom')}) AS g) wu
  CROSS JOIN LATERAL (SELECT ST_Transform(r.geom, ${utmSridOf('w.geom')}) AS g) ru
  WHERE ${liveWork('w')} AND $2::float8 IS NOT NULL AND $3::int IS NOT NULL
    AND w.start_date < opens.on_date
    AND ST_DWithin(wu.g, ru.g, ${reachCase})
  ORDER BY w.id, r.id`;

/**
 * Each estate's renovation window: the months its latest reports put in the construction phase
 * (项目建设); without such reports, its plan year. A work that enters the red line (its interior
 * meets the estate's interior along a length) with a window not inside the estate's is flagged:
 * 'before' / 'after' when they do not touch, 'partial' otherwise.
 */
export const estateSyncSql = `
  WITH report_months AS (
    SELECT DISTINCT ON (r.estate_id, r.period) r.estate_id, r.period, r.phase
    FROM progress_reports r
    ORDER BY r.estate_id, r.period, r.revision DESC
  ),
  construction AS (
    SELECT estate_id, min(to_date(period, 'YYYY-MM')) AS start_date,
           (max(to_date(period, 'YYYY-MM')) + interval '1 month' - interval '1 day')::date AS end_date
    FROM report_months WHERE phase = 'construction' GROUP BY estate_id
  )
  SELECT w.id AS "workId", e.id AS "estateId", e.name AS "estateName",
         json_build_object('start', w.start_date::text, 'end', w.end_date::text) AS "workWindow",
         json_build_object('start', win.start_date::text, 'end', win.end_date::text, 'source', win.source) AS "estateWindow",
         CASE WHEN w.end_date < win.start_date THEN 'before'
              WHEN w.start_date > win.end_date THEN 'after'
              ELSE 'partial' END AS relation
  FROM pipeline_works w
  JOIN estates e ON e.geom && w.geom AND ST_Relate(w.geom, e.geom, '1********')
  JOIN plans pl ON pl.id = e.plan_id
  LEFT JOIN construction c ON c.estate_id = e.id
  CROSS JOIN LATERAL (
    SELECT COALESCE(c.start_date, make_date(pl.year, 1, 1)) AS start_date,
           COALESCE(c.end_date, make_date(pl.year, 12, 31)) AS end_date,
           CASE WHEN c.estate_id IS NULL THEN 'planYear' ELSE 'reports' END AS source
  ) win
  WHERE ${liveWork('w')} AND $2::float8 IS NOT NULL AND $3::int IS NOT NULL
    AND NOT (w.start_date >= win.start_date AND w.end_date <= win.end_date)
  ORDER BY w.id, e.id`;

/** How far from a road's centre line a work counts as running along it, for naming the work's road. */
export const ROAD_NAME_METERS = 10;

/**
 * The road a work runs along: of the roads whose centre line comes within ROAD_NAME_METERS of the
 * work, the one along which the longest part of the work lies within that distance (measured in
 * the work's UTM zone); ties go to the road nearer the work's midpoint, then the lower id. A work
 * that touches a crossing road only at its end is named after the road it follows; none → null.
 */
const roadOfWork = (w: string) => `(
    SELECT r.name FROM roads r
    CROSS JOIN LATERAL (SELECT ST_Transform(${w}.geom, ${utmSridOf(`${w}.geom`)}) AS wg,
                               ST_Transform(r.geom, ${utmSridOf(`${w}.geom`)}) AS rg) u
    WHERE ST_DWithin(r.geom_merc, ${w}.geom_merc, ${mercUnits(String(ROAD_NAME_METERS), `${w}.geom`)})
      AND ST_DWithin(u.wg, u.rg, ${ROAD_NAME_METERS})
    ORDER BY ST_Length(ST_Intersection(u.wg, ST_Buffer(u.rg, ${ROAD_NAME_METERS}, 'quad_segs=2'))) DESC,
             ST_Distance(ST_LineInterpolatePoint(u.wg, 0.5), u.rg), r.id
    LIMIT 1)`;

/** A work as a GeoJSON Feature; lengthMeters on the spheroid; road: the road it runs along (roadOfWork). */
export const workFeatureSql = `json_build_object(
  'type', 'Feature', 'id', w.id, 'geometry', ST_AsGeoJSON(w.geom, 7)::json,
  'properties', json_build_object(
    'id', w.id, 'utility', w.utility, 'owner', w.owner, 'districtCode', w.district_code,
    'estateId', w.estate_id, 'projectId', w.project_id,
    'startDate', w.start_date::text, 'endDate', w.end_date::text, 'status', w.status,
    'lengthMeters', round(ST_Length(w.geom::geography)::numeric, 2)::float8,
    'version', w.version, 'synthetic', w.synthetic, 'road', ${roadOfWork('w')}))`;

export const worksCollectionSql = `
  SELECT ${featureCollectionSql(workFeatureSql, 'w.id')}::text AS body
  FROM pipeline_works w
  WHERE ($1::text IS NULL OR w.district_code = $1)`;

export const workByIdSql = `SELECT (${workFeatureSql})::text AS body FROM pipeline_works w WHERE w.id = $1`;
