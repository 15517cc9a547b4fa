/**
 * Contiguity in metres: red lines made valid, projected to the local Gauss-Krüger zone
 * (metric_srid, migration 0002), and compared there. Candidate pairs are found with && on the
 * 4326 GiST index (expand_meters), then measured exactly. A gap counts to the millimetre
 * (TOLERANCE), so two red lines drawn exactly `gap` apart stay neighbours after the round trip
 * through WGS 84 storage.
 */
export const TOLERANCE = 0.001;

/** The metric SRID for a set of estates: the zone of their centre. $1 int[] ids. */
export const sridForEstatesSql = `
  SELECT metric_srid(ST_X(ST_Centroid(ST_Collect(geom)))) AS srid FROM estates WHERE id = ANY($1::int[])`;

/** Existence and red-line presence of the requested ids. $1 int[] ids. */
export const estatesPresentSql = `
  SELECT id, geom IS NOT NULL AS has_geom FROM estates WHERE id = ANY($1::int[])`;

/** Adjacent pairs among the ids. $1 ids, $2 gap (m), $3 srid. */
export const linksSql = `
  WITH s AS (
    SELECT id, geom, ST_Transform(ST_MakeValid(geom), $3::int) AS g FROM estates WHERE id = ANY($1::int[])
  )
  SELECT a.id AS a, b.id AS b, ST_Distance(a.g, b.g)::float8 AS d
  FROM s a JOIN s b ON a.id < b.id AND a.geom && expand_meters(b.geom, $2::float8) AND ST_DWithin(a.g, b.g, $2::float8 + ${TOLERANCE})
  ORDER BY a.id, b.id`;

/** For each component, its closest pair with the rest. $1 ids, $2 component index per id, $3 srid. */
export const bridgesSql = `
  WITH s AS (
    SELECT e.id, c.comp, ST_Transform(ST_MakeValid(e.geom), $3::int) AS g
    FROM estates e JOIN unnest($1::int[], $2::int[]) AS c(id, comp) ON c.id = e.id
  )
  SELECT DISTINCT ON (a.comp) a.comp, a.id AS a, b.id AS b, ST_Distance(a.g, b.g)::float8 AS d,
    ST_AsGeoJSON(ST_Transform(ST_ShortestLine(a.g, b.g), 4326), 7) AS line
  FROM s a JOIN s b ON b.comp <> a.comp
  ORDER BY a.comp, ST_Distance(a.g, b.g), a.id, b.id`;

/** The grid the outline is computed on, in metres (see outlineSql). */
export const OUTLINE_GRID_METERS = 0.001;

/**
 * An outline that covers the estates and the ground between them within the gap: a closing
 * (buffer out by half the gap, back in by as much) in metres, so streets between neighbours are
 * filled but empty land around the group is not, unlike a convex hull. Unioned with the red lines
 * so that acute corners the mitred buffers bevel stay covered. `collected` is in the metric SRID.
 *
 * Every step that GEOS can fail on is done on a 1 mm grid (snap-rounding): the red lines are
 * unioned on it first (neighbours' shared edges rarely match to the last digit, and a collection
 * of overlapping polygons is not a valid input to buffer), the outward buffer is reduced to it
 * before the inward one, and the final union is computed on it. Unsnapped, about one group in five
 * of neighbours with near-matching edges made GEOS fail, and PGlite answers a failed GEOS call with
 * no rows instead of an error: the group vanished from the suggestions and a zone was saved
 * without an outline (tests/api/zone-outline-robust.test.ts).
 */
export const outlineSql = (collected: string, gap: string) => `
  ST_Multi(ST_Transform(CASE
    -- One estate of one polygon has no ground between estates to fill: its red line is the outline
    -- (and half the groups of a district are single estates, so this halves the work).
    WHEN ST_NumGeometries(${collected}) = 1 AND ST_NumGeometries(ST_GeometryN(${collected}, 1)) = 1
      THEN ST_CollectionExtract(ST_GeometryN(${collected}, 1), 3)
    -- The red lines' union once (a scalar subquery: written twice in the expression, it would be computed twice).
    ELSE (SELECT ST_CollectionExtract(ST_Union(
            ST_Buffer(ST_ReducePrecision(ST_Buffer(u.g, ${gap} / 2.0, 'join=mitre mitre_limit=3'), ${OUTLINE_GRID_METERS}),
              -${gap} / 2.0, 'join=mitre mitre_limit=3'),
            u.g, ${OUTLINE_GRID_METERS}), 3)
          FROM (SELECT ST_UnaryUnion(${collected}, ${OUTLINE_GRID_METERS}) AS g) u)
  END, 4326))`;

/** Figures of a set of estates: sums of what is reported, and how many report each. */
export const figuresSelect = (alias: string) => `
  array_agg(${alias}.id ORDER BY ${alias}.id) AS "estateIds",
  count(*)::int AS "estateCount",
  sum(${alias}.households)::int AS households,
  sum(${alias}.building_count)::int AS "buildingCount",
  sum(${alias}.floor_area_m2)::float8 AS "floorAreaM2",
  sum(${alias}.planned_investment_wan)::float8 AS "estateInvestmentWan",
  count(${alias}.households)::int AS n_households,
  count(${alias}.building_count)::int AS n_buildings,
  count(${alias}.floor_area_m2)::int AS n_floor,
  count(${alias}.planned_investment_wan)::int AS n_money,
  array_agg(DISTINCT ${alias}.project_id) FILTER (WHERE ${alias}.project_id IS NOT NULL) AS project_ids`;

/**
 * Planned investment reported for whole projects (Wuhai-style) counts for a group only when the
 * group holds every estate of the project: money is never split by guess. $1 int[] group ids.
 */
export const wholeProjectMoneySql = `
  SELECT COALESCE(sum(pj.planned_investment_wan), 0)::float8 AS money, COALESCE(sum(n.n), 0)::int AS estates
  FROM projects pj
  JOIN LATERAL (SELECT count(*)::int AS n FROM estates x WHERE x.project_id = pj.id) n ON true
  WHERE pj.planned_investment_wan IS NOT NULL
    AND EXISTS (SELECT 1 FROM estates x WHERE x.project_id = pj.id AND x.id = ANY($1::int[]))
    AND NOT EXISTS (SELECT 1 FROM estates x WHERE x.project_id = pj.id AND NOT (x.id = ANY($1::int[])))
    AND NOT EXISTS (SELECT 1 FROM estates x WHERE x.project_id = pj.id AND x.planned_investment_wan IS NOT NULL)`;

/**
 * Suggested zones: connected groups of the district's plan estates (DBSCAN with minpoints 1 is
 * exactly the connected components of the within-gap graph). $1 district, $2 year|null, $3 gap,
 * $4 min estates, $5 min households, $6 outlines ('all' | 'none'), $7 rank|null (only the group of
 * that rank). Outlines are most of the cost (README "Demonstration zones: the rule"), so a list
 * can be asked without them and the outline of one group asked by its rank.
 */
export const suggestSql = `
  WITH src AS (
    SELECT e.id, e.project_id, e.households, e.building_count, e.floor_area_m2, e.planned_investment_wan, e.geom_synthetic, e.geom
    FROM estates e JOIN plans p ON p.id = e.plan_id
    WHERE e.district_code = $1 AND ($2::int IS NULL OR p.year = $2::int) AND e.geom IS NOT NULL
  ),
  srid AS (SELECT metric_srid(ST_X(ST_Centroid(ST_Extent(geom)::geometry))) AS srid FROM src),
  s AS (SELECT src.*, ST_Transform(ST_MakeValid(src.geom), srid.srid) AS g FROM src, srid),
  c AS (SELECT s.*, ST_ClusterDBSCAN(s.g, eps := $3::float8 + ${TOLERANCE}, minpoints := 1) OVER () AS cid FROM s),
  grp AS (
    -- ORDER BY: one outline asked by rank is the same text as in the answer with every outline.
    SELECT c.cid, ${figuresSelect('c')}, bool_or(c.geom_synthetic) AS synthetic, ST_Collect(c.g ORDER BY c.id) AS gs
    FROM c GROUP BY c.cid
    HAVING count(*) >= $4::int AND COALESCE(sum(c.households), 0) >= $5::int
  ),
  ranked AS (
    SELECT grp.*, row_number() OVER (ORDER BY grp."estateCount" DESC, grp."estateIds"[1])::int AS rank FROM grp
  ),
  -- Money planned for whole projects (as wholeProjectMoneySql, for every group at once): a
  -- project counts for the group that holds all of its estates.
  proj AS (
    SELECT pj.id, pj.planned_investment_wan AS money, count(x.id)::int AS n
    FROM projects pj JOIN estates x ON x.project_id = pj.id
    WHERE pj.planned_investment_wan IS NOT NULL AND pj.id IN (SELECT project_id FROM src)
    GROUP BY pj.id HAVING count(x.planned_investment_wan) = 0
  ),
  whole AS (
    SELECT k.cid, sum(proj.money)::float8 AS money, sum(proj.n)::int AS estates
    FROM (SELECT cid, project_id, count(*)::int AS k FROM c WHERE project_id IS NOT NULL GROUP BY 1, 2) k
    JOIN proj ON proj.id = k.project_id AND proj.n = k.k
    GROUP BY k.cid
  )
  SELECT grp.rank, grp."estateIds", grp."estateCount", grp.households, grp."buildingCount", grp."floorAreaM2", grp."estateInvestmentWan",
    grp.n_households, grp.n_buildings, grp.n_floor, grp.n_money, grp.project_ids, grp.synthetic,
    COALESCE(whole.money, 0) AS whole_money, COALESCE(whole.estates, 0) AS whole_estates,
    CASE WHEN $6::text = 'all' THEN ST_AsGeoJSON(${outlineSql('grp.gs', '$3::float8')}, 7) END AS geometry
  FROM ranked grp LEFT JOIN whole ON whole.cid = grp.cid
  WHERE $7::int IS NULL OR grp.rank = $7::int
  ORDER BY grp.rank`;
