/**
 * The plans as programmes for the place picker: estate count, and the extent of the placed estates
 * (red lines, else provisional points); null when none is placed.
 */
export const programmesSql = `
  SELECT p.slug AS key, p.title AS name, COALESCE(p.title_en, p.title) AS "nameEn", p.year,
         p.region_code AS "regionCode",
         COALESCE(array_agg(DISTINCT e.district_code) FILTER (WHERE e.id IS NOT NULL), '{}') AS "districtCodes",
         count(e.id)::int AS "estateCount",
         ST_XMin(ST_Extent(COALESCE(e.geom, e.location)))::float8 AS minx, ST_YMin(ST_Extent(COALESCE(e.geom, e.location)))::float8 AS miny,
         ST_XMax(ST_Extent(COALESCE(e.geom, e.location)))::float8 AS maxx, ST_YMax(ST_Extent(COALESCE(e.geom, e.location)))::float8 AS maxy
  FROM plans p
  LEFT JOIN estates e ON e.plan_id = p.id
  GROUP BY p.id
  ORDER BY p.year DESC, p.slug`;
