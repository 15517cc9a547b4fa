/**
 * Spatial SQL of the scope import.
 *
 * analyseSql: $1 json [{ i, g }] with g a GeoJSON geometry in the file's CRS, $2 its EPSG code or
 * null, $3 its WKT (a .prj, a GeoPackage definition) when there is no code: PostGIS's
 * ST_Transform(geom, from_proj text, to_srid) hands the WKT to PROJ. Per feature: the written
 * orientation, validity and reason, the repaired polygonal part (ST_MakeValid, polygons only,
 * shells counter-clockwise) as WKB hex in EPSG:4326, its extent (a sanity check on the CRS) and
 * its area in square metres in the local Gauss–Krüger zone.
 *
 * PROJ builds a transformation from WKT anew on every call (1–2 s in the embedded engine, where
 * it searches its database for the ESRI names of a .prj): the features are collected and
 * transformed in one call, then taken apart, and every CTE is MATERIALIZED so that no expression
 * is evaluated once per use.
 */
export const analyseSql = `
  WITH input AS MATERIALIZED (
    SELECT array_agg((x->>'i')::int ORDER BY (x->>'i')::int) AS ids,
           array_agg(ST_GeomFromGeoJSON(x->>'g') ORDER BY (x->>'i')::int) AS gs
    FROM json_array_elements($1::text::json) x
  ),
  moved AS MATERIALIZED (
    SELECT CASE WHEN $2::int IS NOT NULL THEN ST_Transform(ST_SetSRID(ST_Collect(gs), $2::int), 4326)
                ELSE ST_Transform(ST_SetSRID(ST_Collect(gs), 0), $3::text, 4326) END AS c
    FROM input
  ),
  wgs AS MATERIALIZED (
    SELECT input.ids[n] AS i, ST_IsPolygonCCW(input.gs[n]) AS ccw, ST_NumGeometries(input.gs[n]) AS parts_in, ST_GeometryN(moved.c, n) AS g
    FROM input, moved, generate_series(1, cardinality(input.ids)) n
  ),
  fixed AS MATERIALIZED (
    SELECT i, ccw, parts_in, g, ST_IsValid(g) AS valid FROM wgs
  ),
  repaired AS MATERIALIZED (
    SELECT i, ccw, parts_in, g, valid,
      CASE WHEN valid THEN NULL ELSE ST_IsValidReason(g) END AS why,
      CASE WHEN valid THEN g ELSE ST_CollectionExtract(ST_MakeValid(g), 3) END AS p
    FROM fixed
  )
  SELECT i, ccw, valid, why, parts_in AS "partsIn",
    ST_NumGeometries(p) AS "partsOut",
    ST_IsEmpty(p) OR ST_Area(p) = 0 AS empty,
    ST_XMin(g) AS "minX", ST_YMin(g) AS "minY", ST_XMax(g) AS "maxX", ST_YMax(g) AS "maxY",
    CASE WHEN NOT ST_IsEmpty(p) AND ST_XMin(g) >= -180 AND ST_XMax(g) <= 180 AND ST_YMin(g) >= -90 AND ST_YMax(g) <= 90
      THEN ST_Area(ST_Transform(p, metric_srid(ST_X(ST_Centroid(p))))) END AS "areaM2",
    encode(ST_AsBinary(ST_Multi(ST_ForcePolygonCCW(p))), 'hex') AS wkb,
    CASE WHEN NOT ST_IsEmpty(p) THEN ST_AsGeoJSON(ST_Multi(ST_ForcePolygonCCW(p)), 7) END AS geojson
  FROM repaired
  ORDER BY i`;

/** Estates a file may name: by id, or by name (within one plan when $3 is given). */
export const candidateEstatesSql = `
  SELECT e.id, e.name, e.version, e.plan_id AS "planId", pl.year AS "planYear", d.name AS "districtName"
  FROM estates e JOIN plans pl ON pl.id = e.plan_id JOIN regions d ON d.code = e.district_code
  WHERE e.id = ANY($1::int[]) OR (e.name = ANY($2::text[]) AND ($3::int IS NULL OR e.plan_id = $3::int))
  ORDER BY e.id`;

export const candidateBuildingsSql = `
  SELECT b.id, b.estate_id AS "estateId", b.number FROM buildings b
  WHERE b.estate_id = ANY($1::int[]) OR b.id = ANY($2::int[])`;

/**
 * How far the new outline moves from the current one, in metres: the distance between their
 * centres (on the spheroid) and the Hausdorff distance (the farthest any point of either is from
 * the other, in the new outline's Gauss–Krüger zone); with the current outline for the map.
 */
export const shiftSql = `
  SELECT x.i, ST_Distance(ST_Centroid(n.g)::geography, ST_Centroid(cur.geom)::geography) AS m,
    ST_HausdorffDistance(ST_Transform(n.g, z.srid), ST_Transform(cur.geom, z.srid)) AS h,
    ST_AsGeoJSON(ST_Multi(cur.geom), 7) AS "current"
  FROM json_to_recordset($1::text::json) AS x(i int, wkb text, estate_id int, building_id int)
  CROSS JOIN LATERAL (SELECT ST_GeomFromWKB(decode(x.wkb, 'hex'), 4326) AS g) n
  CROSS JOIN LATERAL (SELECT metric_srid(ST_X(ST_Centroid(n.g))) AS srid) z
  JOIN LATERAL (
    SELECT geom FROM estates WHERE x.building_id IS NULL AND id = x.estate_id
    UNION ALL SELECT geom FROM buildings WHERE id = x.building_id
  ) cur ON cur.geom IS NOT NULL`;

/**
 * Keep the red line being replaced, then replace it; only at the version the preview saw. A
 * provisional point (estates.location) is cleared: the red line now says where the estate is, and
 * the audit trail keeps the point.
 */
export const replaceEstateSql = `
  WITH old AS (
    SELECT id, version, geom, geom_synthetic FROM estates WHERE id = $1 AND version = $2 FOR UPDATE
  ),
  kept AS (
    INSERT INTO geometry_history (layer, estate_id, version, geom, synthetic, replaced_by)
    SELECT 'estate', id, version, geom, geom_synthetic, $4 FROM old
  )
  UPDATE estates e SET geom = ST_GeomFromWKB(decode($3, 'hex'), 4326), geom_synthetic = false, location = NULL,
    version = e.version + 1, updated_at = now()
  FROM old WHERE e.id = old.id
  RETURNING e.id, e.version`;

export const replaceBuildingSql = `
  WITH old AS (SELECT id, estate_id, geom, synthetic FROM buildings WHERE id = $1 FOR UPDATE),
  kept AS (
    INSERT INTO geometry_history (layer, estate_id, building_id, geom, synthetic, replaced_by)
    SELECT 'building', estate_id, id, geom, synthetic, $3 FROM old
  )
  UPDATE buildings b SET geom = ST_GeomFromWKB(decode($2, 'hex'), 4326), synthetic = false
  FROM old WHERE b.id = old.id
  RETURNING b.id`;

export const insertBuildingSql = `
  INSERT INTO buildings (estate_id, number, floors, households, geom, synthetic)
  VALUES ($1, $2, $3, $4, ST_GeomFromWKB(decode($5, 'hex'), 4326), false)
  RETURNING id`;
