/**
 * Spatial SQL of red lines drawn, checked and restored (issue 17).
 *
 * The overlap rule (README.md "Overlapping red lines"): a red line may not overlap another estate
 * of the same plan by more than OVERLAP_THRESHOLD_M2. Areas are planar in the CGCS2000 3-degree
 * Gauss–Krüger zone of the new red line's centre (metric_srid, migration 0002): a metric
 * projection, not geography, because ST_Intersection needs a plane and the zone's scale error
 * within 1.5° of its meridian is under 0.03 %.
 *
 * The candidates are found with `e.geom && x.g` on estates_geom_gix (GiST) before ST_Intersects
 * and the intersection; tests/api/estate-overlap.test.ts reads EXPLAIN to see the index used.
 * PostgreSQL and PGlite plan it as (EXPLAIN, test database):
 *   Nested Loop -> CTE Scan on x
 *               -> Subquery Scan on e -> Index Scan using estates_geom_gix on estates e_1
 *                    Index Cond: ((geom && x.g) AND (geom && x.g))      -- ours, and ST_Intersects' own
 *                    Filter: ((id <> x.estate_id) AND (plan_id = x.plan_id) AND st_intersects(geom, x.g))
 */

/**
 * $1 json [{ i, wkb, estate_id }]: new red lines (WKB hex, EPSG:4326) and the estate each is for;
 * $2 whether to return the intersections' shapes; $3 the threshold in m². Each new red line is
 * compared with the current red lines of the other estates of its estate's plan, except estates
 * that get a new red line in the same batch (an import), which are compared with that one.
 * Rows: i, the estate overlapped, the area of the intersection in m² (over $3 only) and its shape.
 */
export const overlapsSql = `
  WITH x AS MATERIALIZED (
    SELECT x.i, x.estate_id, e.plan_id, ST_GeomFromWKB(decode(x.wkb, 'hex'), 4326) AS g
    FROM json_to_recordset($1::text::json) AS x(i int, wkb text, estate_id int)
    JOIN estates e ON e.id = x.estate_id
  ),
  pairs AS (
    SELECT x.i, x.g, e.id, e.name, e.other
    FROM x CROSS JOIN LATERAL (
      -- OFFSET 0 keeps this a subquery run per new red line, so that its && is an index condition
      -- on estates_geom_gix (flattened into a join, the planner may hash all of a plan's estates).
      SELECT e.id, e.name, e.geom AS other FROM estates e
      WHERE e.geom && x.g AND ST_Intersects(e.geom, x.g) AND e.plan_id = x.plan_id AND e.id <> x.estate_id
      OFFSET 0
    ) e
    WHERE NOT EXISTS (SELECT 1 FROM x y WHERE y.estate_id = e.id)
    UNION ALL
    SELECT a.i, a.g, b.estate_id, e.name, b.g
    FROM x a JOIN x b ON a.i <> b.i AND a.plan_id = b.plan_id AND a.estate_id <> b.estate_id AND a.g && b.g
    JOIN estates e ON e.id = b.estate_id
    WHERE ST_Intersects(a.g, b.g)
  ),
  measured AS (
    SELECT i, id, name, srid,
      ST_Intersection(ST_Transform(g, srid), ST_Transform(CASE WHEN ST_IsValid(other) THEN other ELSE ST_MakeValid(other) END, srid)) AS m
    FROM pairs, LATERAL (SELECT metric_srid(ST_X(ST_Centroid(g))) AS srid) z
  )
  SELECT i, id AS "estateId", name, ST_Area(m) AS "areaM2",
    CASE WHEN $2::boolean THEN ST_AsGeoJSON(ST_Multi(ST_CollectionExtract(ST_Transform(m, 4326), 3)), 7) END AS geometry
  FROM measured
  WHERE ST_Area(m) > $3::float8
  ORDER BY i, ST_Area(m) DESC, id`;

/** Area and perimeter in metres of a red line (WKB hex, EPSG:4326), in its Gauss–Krüger zone, and its GeoJSON. */
export const measureSql = `
  SELECT ST_Area(t) AS "areaM2", ST_Perimeter(t) AS "perimeterM", ST_AsGeoJSON(g, 7) AS geometry
  FROM (SELECT g, ST_Transform(g, metric_srid(ST_X(ST_Centroid(g)))) AS t FROM (SELECT ST_GeomFromWKB(decode($1, 'hex'), 4326) AS g) a) b`;

/**
 * Red-line writes of one plan queue behind each other's commit (a transaction-level advisory lock,
 * keyed by the plan): the overlap rule compares a new line with its neighbours' saved lines, and
 * two neighbours saved at the same instant would otherwise each be checked against the other's old
 * line and both pass. Taken before any estate row is locked, by every writer in the same order
 * (plans by id), so that the lock cannot deadlock with the row locks.
 */
export const lockPlanRedLinesSql = `SELECT pg_advisory_xact_lock(hashtext('red_lines'), p) FROM unnest($1::int[]) AS p ORDER BY p`;

/** The plan of an estate, read before its lock is taken. */
export const estatePlanSql = `SELECT plan_id AS "planId" FROM estates WHERE id = $1`;

/** The estate's current version, locked for the save. */
export const lockEstateSql = `SELECT version, plan_id AS "planId" FROM estates WHERE id = $1 FOR UPDATE`;

/** A save that went over the threshold with allowOverlap: the reason and the overlaps, audited by trigger. */
export const insertOverrideSql = `
  INSERT INTO overlap_overrides (estate_id, version, reason, overlapped, source) VALUES ($1, $2, $3, $4::text::jsonb, $5) RETURNING id`;

/** A history entry to restore: its estate, layer, version and red line as GeoJSON. */
export const historyEntrySql = `
  SELECT id, estate_id AS "estateId", layer, version, ST_AsGeoJSON(geom, 9) AS geometry FROM geometry_history WHERE id = $1`;

/**
 * An estate's history, newest first, each with the outline that replaced it: the next entry of
 * the same outline (the estate's red line, or one building's footprint), else the current one.
 */
export const historySql = `
  SELECT h.id, h.layer, h.building_id AS "buildingId", h.version, h.synthetic, h.replaced_at::text AS "replacedAt", h.replaced_by AS "replacedBy",
    ST_AsGeoJSON(h.geom, 7) AS geometry,
    CASE WHEN h.geom IS NOT NULL THEN ST_Area(ST_Transform(h.geom, metric_srid(ST_X(ST_Centroid(h.geom))))) END AS "areaM2",
    ST_AsGeoJSON(coalesce(
      CASE WHEN nxt.id IS NOT NULL THEN nxt.geom ELSE (CASE WHEN h.layer = 'estate' THEN e.geom ELSE b.geom END) END
    ), 7) AS "replacedWith"
  FROM geometry_history h
  JOIN estates e ON e.id = h.estate_id
  LEFT JOIN buildings b ON h.layer = 'building' AND b.id = h.building_id
  LEFT JOIN LATERAL (
    SELECT n.id, n.geom FROM geometry_history n
    WHERE n.estate_id = h.estate_id AND n.layer = h.layer AND n.building_id IS NOT DISTINCT FROM h.building_id
      AND (n.replaced_at, n.id) > (h.replaced_at, h.id)
    ORDER BY n.replaced_at, n.id LIMIT 1
  ) nxt ON true
  WHERE h.estate_id = $1
  ORDER BY h.replaced_at DESC, h.id DESC`;
