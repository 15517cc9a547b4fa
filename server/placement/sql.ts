/**
 * SQL of placing an estate without a red line: a provisional point in estates.location
 * (migration 0012). Parameters are bound; the point is built with ST_MakePoint, never from text.
 */

/**
 * The estate and what a point at ($2 lon, $3 lat) would be checked against: its version, whether
 * it has a red line, its point, and its province (the region whose code starts with the same two
 * digits) with whether the point lies within $4 metres of that province's outline (null when the
 * province has no outline).
 */
export const locationContextSql = `
  SELECT e.id, e.version, e.geom IS NOT NULL AS "hasRedLine", e.location IS NOT NULL AS "hasPoint",
         p.name AS "provinceName",
         CASE WHEN p.geom IS NOT NULL AND $2::float8 IS NOT NULL
           THEN ST_DWithin(p.geom::geography, ST_SetSRID(ST_MakePoint($2::float8, $3::float8), 4326)::geography, $4::float8)
         END AS "inProvince"
  FROM estates e
  LEFT JOIN LATERAL (
    SELECT r.name, r.geom FROM regions r
    WHERE r.level = 'province' AND left(r.code, 2) = left(e.district_code, 2)
    ORDER BY r.code LIMIT 1
  ) p ON true
  WHERE e.id = $1`;

/** Sets the point only at the version read and only while the estate has no red line. */
export const setLocationSql = `
  UPDATE estates SET location = ST_SetSRID(ST_MakePoint($2::float8, $3::float8), 4326),
    version = version + 1, updated_at = now()
  WHERE id = $1 AND version = $4 AND geom IS NULL
  RETURNING id, version`;

/** Clears the point only at the version read and only when there is one. */
export const clearLocationSql = `
  UPDATE estates SET location = NULL, version = version + 1, updated_at = now()
  WHERE id = $1 AND version = $2 AND location IS NOT NULL
  RETURNING id, version`;
