/**
 * The plans as programmes for the place picker, with where to frame each on the map.
 *
 * An estate is placed when it has a red line (geom) or a provisional point a planner clicked
 * (location, migration 0012); its extent counts the red line where there is one, else the point.
 * The frame is that extent; without any placed estate, the outline of the plan region's province
 * (every province has one, migration 0013); else the country's. Never a shape made up for the
 * district.
 *
 * Reporting begins with the plan (its issue month, else January of its year) or with its first
 * report if that came earlier: the ledger's rule (server/progress/stats/lagging.ts).
 */
export const programmesSql = `
  WITH placed AS (
    SELECT e.plan_id,
           count(*) FILTER (WHERE e.geom IS NOT NULL OR e.location IS NOT NULL)::int AS placed,
           count(*) FILTER (WHERE e.geom IS NULL AND e.location IS NULL)::int AS unplaced,
           ST_Extent(COALESCE(e.geom, e.location)) AS extent,
           array_agg(DISTINCT e.district_code) AS districts
    FROM estates e
    GROUP BY e.plan_id),
  country AS (SELECT ST_Extent(geom) AS extent FROM countries)
  SELECT p.id, p.slug AS key, p.title AS name, COALESCE(p.title_en, p.title) AS "nameEn", p.year,
         p.region_code AS "regionCode",
         COALESCE(x.districts, '{}') AS "districtCodes",
         COALESCE(x.placed + x.unplaced, 0) AS "estateCount",
         COALESCE(x.placed, 0) AS "placedCount",
         COALESCE(x.unplaced, 0) AS "unplacedCount",
         ST_XMin(x.extent)::float8 AS minx, ST_YMin(x.extent)::float8 AS miny,
         ST_XMax(x.extent)::float8 AS maxx, ST_YMax(x.extent)::float8 AS maxy,
         CASE WHEN x.extent IS NOT NULL THEN 'estates' WHEN prov.geom IS NOT NULL THEN 'province' ELSE 'country' END AS "frameSource",
         ST_XMin(f.extent)::float8 AS fminx, ST_YMin(f.extent)::float8 AS fminy,
         ST_XMax(f.extent)::float8 AS fmaxx, ST_YMax(f.extent)::float8 AS fmaxy,
         LEAST(COALESCE(to_char(p.issued_on, 'YYYY-MM'), p.year::text || '-01'),
               (SELECT min(r.period) FROM progress_reports r JOIN estates e ON e.id = r.estate_id WHERE e.plan_id = p.id)) AS "reportingFrom",
         (SELECT max(value)::int FROM reported_figures r WHERE r.plan_id = p.id AND r.metric = 'households') AS "statedHouseholds",
         (SELECT max(value)::float8 FROM reported_figures r WHERE r.plan_id = p.id AND r.metric = 'floor_area_m2') AS "statedFloorAreaM2"
  FROM plans p
  LEFT JOIN placed x ON x.plan_id = p.id
  LEFT JOIN regions prov ON prov.code = left(p.region_code, 2) AND prov.level = 'province'
  CROSS JOIN country
  CROSS JOIN LATERAL (SELECT COALESCE(x.extent::geometry, ST_Envelope(prov.geom), country.extent::geometry) AS extent) f
  ORDER BY p.year DESC, p.slug`;
