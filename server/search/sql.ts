/**
 * The search's SQL (GET /api/search): what may be found, how a name matches, the order.
 *
 * What may be found (the candidates): every estate; every saved zone (staff only, $2); and the
 * places of the programmes: the districts that hold an estate, their streets, and those streets'
 * communities. A reporter ($1 = their region's code) gets the estates of their region (district,
 * street or community, as GET /api/estates) and the places inside it (the region itself, its
 * streets, their communities), never a zone.
 */
const candidatesSql = `
  programme_districts AS (SELECT DISTINCT district_code AS code FROM estates),
  districts AS (
    SELECT r.code, r.name FROM programme_districts d
    CROSS JOIN LATERAL (SELECT r.code, r.name FROM regions r WHERE r.code = d.code AND r.level = 'district') r),
  streets AS (
    SELECT r.code, r.name, r.parent_code FROM districts d
    CROSS JOIN LATERAL (SELECT r.code, r.name, r.parent_code FROM regions r WHERE r.parent_code = d.code AND r.level = 'street') r),
  communities AS (
    SELECT r.code, r.name, s.code AS street_code, s.parent_code AS district_code FROM streets s
    CROSS JOIN LATERAL (SELECT r.code, r.name FROM regions r WHERE r.parent_code = s.code AND r.level = 'community') r),
  cand AS (
    SELECT 'estate'::text AS kind, e.id, NULL::text AS code, e.name, e.district_code, e.street_code, e.plan_id
    FROM estates e
    WHERE $1::text IS NULL OR e.district_code = $1 OR e.street_code = $1 OR e.community_code = $1
    UNION ALL
    SELECT 'zone', z.id, NULL, z.name, z.district_code, NULL, NULL
    FROM zones z WHERE $2::boolean
    UNION ALL
    SELECT 'district', NULL, d.code, d.name, NULL, NULL, NULL
    FROM districts d WHERE $1::text IS NULL OR d.code = $1
    UNION ALL
    SELECT 'street', NULL, s.code, s.name, s.parent_code, NULL, NULL
    FROM streets s WHERE $1::text IS NULL OR s.code = $1 OR s.parent_code = $1
    UNION ALL
    SELECT 'community', NULL, c.code, c.name, c.district_code, c.street_code, NULL
    FROM communities c WHERE $1::text IS NULL OR c.code = $1 OR c.street_code = $1 OR c.district_code = $1)`;

/** Names a search can find that have no pinyin yet (server/search/names.ts fills them in). */
export const namesWithoutPinyinSql = `
  WITH ${candidatesSql}
  SELECT DISTINCT c.name FROM cand c
  WHERE NOT EXISTS (SELECT 1 FROM search_pinyin sp WHERE sp.name = c.name)`;

export const insertPinyinSql = `
  INSERT INTO search_pinyin (name, full_pinyin, initials, pinyin_starts, initials_starts)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
  ON CONFLICT (name) DO NOTHING`;

/**
 * $1 reporter region | null, $2 zones allowed, $3 the query as written (lowercased, spaces
 * dropped), $4 its pinyin form | null, $5 context districts | null, $6 context year | null,
 * $7 limit.
 *
 * A name matches in one of three tiers, the best way it matches counting: exact (the name, its
 * full pinyin or its initials equal the query), prefix (one of them begins with it), partial (the
 * name contains it, or its pinyin or initials contain it from the start of a syllable). Then: in
 * the context programme first, shorter names first, estates before zones before communities,
 * streets and districts, then by name and id or code.
 */
export const searchSql = `
  WITH ${candidatesSql},
  scored AS (
    SELECT c.*, lower(c.name) AS lname,
           CASE WHEN lower(c.name) = $3 THEN 0
                WHEN left(lower(c.name), length($3)) = $3 THEN 1
                WHEN strpos(lower(c.name), $3) > 0 THEN 2 END AS by_name,
           CASE WHEN sp.full_pinyin = $4 THEN 0
                WHEN left(sp.full_pinyin, length($4)) = $4 THEN 1
                WHEN strpos(sp.pinyin_starts, ' ' || $4) > 0 THEN 2 END AS by_pinyin,
           CASE WHEN sp.initials = $4 THEN 0
                WHEN left(sp.initials, length($4)) = $4 THEN 1
                WHEN strpos(sp.initials_starts, ' ' || $4) > 0 THEN 2 END AS by_initials
    FROM cand c LEFT JOIN search_pinyin sp ON sp.name = c.name),
  judged AS (
    SELECT s.kind, s.id, s.code, s.name, s.district_code, s.street_code, s.plan_id,
           least(s.by_name, s.by_pinyin, s.by_initials) AS tier,
           CASE least(s.by_name, s.by_pinyin, s.by_initials)
             WHEN s.by_name THEN 'name' WHEN s.by_pinyin THEN 'pinyin' ELSE 'initials' END AS matched_by,
           CASE WHEN s.kind = 'estate'
                  THEN ($5::text[] IS NOT NULL OR $6::int IS NOT NULL)
                       AND ($5::text[] IS NULL OR s.district_code = ANY($5::text[]))
                       AND ($6::int IS NULL OR p.year = $6::int)
                ELSE $5::text[] IS NOT NULL AND (s.district_code = ANY($5::text[]) OR s.code = ANY($5::text[]))
           END AS in_context
    FROM scored s LEFT JOIN plans p ON p.id = s.plan_id
    WHERE least(s.by_name, s.by_pinyin, s.by_initials) IS NOT NULL),
  hit AS (
    SELECT j.*, CASE WHEN NOT j.in_context THEN 2 WHEN j.kind = 'estate' THEN 0 ELSE 1 END AS context_rank
    FROM judged j
    ORDER BY j.tier, context_rank, char_length(j.name),
             array_position(ARRAY['estate', 'zone', 'community', 'street', 'district'], j.kind),
             j.name, j.id, j.code
    LIMIT $7)
  SELECT h.kind, h.id, h.code, h.name, h.tier, h.matched_by AS "matchedBy", h.in_context AS "inContext",
         CASE WHEN COALESCE(Box2D(e.geom), Box2D(z.geom), Box2D(r.geom)) IS NOT NULL THEN 'outline'
              WHEN own.box IS NOT NULL THEN 'estates' WHEN pt.g IS NOT NULL THEN 'point'
              WHEN b.box IS NOT NULL THEN 'parent' END AS frame,
         d.code AS "districtCode", d.name AS "districtName", st.code AS "streetCode", st.name AS "streetName",
         p.slug AS "programmeKey", p.title AS "programmeName", p.year AS "programmeYear",
         ST_XMin(b.box)::float8 AS minx, ST_YMin(b.box)::float8 AS miny, ST_XMax(b.box)::float8 AS maxx, ST_YMax(b.box)::float8 AS maxy,
         ST_X(pt.g)::float8 AS px, ST_Y(pt.g)::float8 AS py
  FROM hit h
  LEFT JOIN regions d ON d.code = h.district_code
  LEFT JOIN regions st ON st.code = h.street_code
  LEFT JOIN plans p ON p.id = h.plan_id
  LEFT JOIN estates e ON h.kind = 'estate' AND e.id = h.id
  LEFT JOIN zones z ON h.kind = 'zone' AND z.id = h.id
  LEFT JOIN regions r ON h.code IS NOT NULL AND r.code = h.code
  LEFT JOIN regions rp ON rp.code = r.parent_code
  LEFT JOIN regions rg ON rg.code = rp.parent_code
  -- A place without an outline is framed by its estates (red lines, else provisional points).
  LEFT JOIN LATERAL (
    SELECT ST_Extent(COALESCE(x.geom, x.location)) AS box FROM estates x
    WHERE r.code IS NOT NULL AND r.geom IS NULL
      AND (x.district_code = r.code OR x.street_code = r.code OR x.community_code = r.code)) inside ON true
  CROSS JOIN LATERAL (SELECT COALESCE(Box2D(e.geom), Box2D(z.geom), Box2D(r.geom), inside.box) AS box) own
  -- Else an estate placed by a provisional point, or a place known by its centre only.
  CROSS JOIN LATERAL (SELECT CASE WHEN own.box IS NULL THEN COALESCE(e.location, r.centre) END AS g) pt
  -- Else a place is framed by the street or district it lies in; an estate not yet placed by nothing.
  CROSS JOIN LATERAL (
    SELECT CASE WHEN own.box IS NOT NULL THEN own.box WHEN pt.g IS NULL THEN COALESCE(Box2D(rp.geom), Box2D(rg.geom)) END AS box) b
  ORDER BY h.tier, h.context_rank, char_length(h.name),
           array_position(ARRAY['estate', 'zone', 'community', 'street', 'district'], h.kind),
           h.name, h.id, h.code`;
