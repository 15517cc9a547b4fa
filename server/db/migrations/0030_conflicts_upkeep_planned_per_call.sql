-- The conflicts upkeep (migrations 0023, 0028) as PL/pgSQL whose statements are run with EXECUTE
-- … USING, so that each is planned for the ids it is given. As a LANGUAGE sql function, its
-- statements were planned once for a generic array: unnest(ids) was estimated at 10 rows, and the
-- bulk load of the national set (816,043 works in one upkeep) ran the set of written ids as the
-- inner side of a nested loop, unnesting and hashing all 816,043 ids again for every work near a
-- work (seen in gdb: array_unnest and LookupTupleHashEntry under fmgr_sql, one core at 100 % for
-- 25 minutes). Planned with the actual array, the estimate is its length: a hash join for a bulk
-- load, index probes for the one work of an edit. The statements themselves are 0028's.
CREATE OR REPLACE FUNCTION pipeline_conflicts_upkeep(ids integer[]) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('pipeline_conflicts'));
  EXECUTE $q$ DELETE FROM pipeline_conflicts WHERE a IN (SELECT unnest($1)) $q$ USING ids;
  EXECUTE $q$ DELETE FROM pipeline_conflicts WHERE b IN (SELECT unnest($1)) $q$ USING ids;
  EXECUTE $q$
  INSERT INTO pipeline_conflicts (a, b, kind, shared, gap_days, point)
  WITH changed AS (
    SELECT w.* FROM pipeline_works w WHERE w.id IN (SELECT unnest($1)) AND w.status <> 'cancelled'
  ),
  -- Each pair once, both works carried along (a join back to pipeline_works by id would be planned
  -- as a scan of the whole table): a pair of two changed works is kept from its lower id's side.
  near AS (
    SELECT c.id < o.id AS c_first,
           c.id AS c_id, c.geom AS c_geom, c.geom_merc AS c_merc, c.start_date AS c_start, c.end_date AS c_end,
           o.id AS o_id, o.geom AS o_geom, o.geom_merc AS o_merc, o.start_date AS o_start, o.end_date AS o_end
    FROM changed c
    JOIN pipeline_works o
      ON ST_DWithin(o.geom_merc, c.geom_merc, 3 * 1.05 / cos(radians(ST_Y(ST_StartPoint(c.geom)))))
     AND o.id + 0 <> c.id
     AND o.utility <> c.utility
     AND o.start_date <= c.end_date + 90
     AND c.start_date <= o.end_date + 90
     AND o.status <> 'cancelled'
    LEFT JOIN (SELECT DISTINCT unnest($1) AS id) written ON written.id = o.id
    WHERE c.id < o.id OR written.id IS NULL
  ),
  ordered AS (
    SELECT CASE WHEN c_first THEN c_id ELSE o_id END AS a, CASE WHEN c_first THEN o_id ELSE c_id END AS b,
           CASE WHEN c_first THEN c_geom ELSE o_geom END AS a_geom, CASE WHEN c_first THEN o_geom ELSE c_geom END AS b_geom,
           CASE WHEN c_first THEN c_merc ELSE o_merc END AS a_merc, CASE WHEN c_first THEN o_merc ELSE c_merc END AS b_merc,
           CASE WHEN c_first THEN c_start ELSE o_start END AS a_start, CASE WHEN c_first THEN o_start ELSE c_start END AS b_start,
           CASE WHEN c_first THEN c_end ELSE o_end END AS a_end, CASE WHEN c_first THEN o_end ELSE c_end END AS b_end
    FROM near
  ),
  candidate_pairs AS (
    SELECT n.a, n.b, z.srid,
           ST_Transform(n.a_geom, z.srid) AS ga, ST_Transform(n.b_geom, z.srid) AS gb,
           GREATEST(n.b_start - n.a_end, n.a_start - n.b_end, 0) AS gap_days
    FROM ordered n
    CROSS JOIN LATERAL (SELECT (CASE WHEN ST_Y(ST_StartPoint(n.a_geom)) >= 0 THEN 32600 ELSE 32700 END
                                + LEAST(60, floor((ST_X(ST_StartPoint(n.a_geom)) + 180) / 6)::int + 1)) AS srid) z
    WHERE ST_DWithin(n.b_merc, n.a_merc, (3::float8) * 1.01 / cos(radians(ST_Y(ST_StartPoint(n.a_geom)))))
  ),
  pairs AS (
    SELECT * FROM candidate_pairs WHERE ST_DWithin(ga, gb, 3::float8)
  )
  SELECT p.a, p.b,
         CASE
           WHEN x.meets_at_points AND m.shared <= 4 * 3::float8 THEN 'crossing'
           WHEN p.gap_days = 0 THEN 'concurrent'
           ELSE 'sequential'
         END,
         m.shared, p.gap_days,
         CASE WHEN x.meets_at_points THEN ST_Transform(ST_Centroid(x.meet), 4326) END
  FROM pairs p
  CROSS JOIN LATERAL (
    SELECT LEAST(ST_Length(ST_Intersection(p.ga, ST_Buffer(p.gb, 3::float8, 'quad_segs=2'))),
                 ST_Length(ST_Intersection(p.gb, ST_Buffer(p.ga, 3::float8, 'quad_segs=2')))) AS shared
  ) m
  CROSS JOIN LATERAL (SELECT ST_Intersection(p.ga, p.gb) AS meet) i
  CROSS JOIN LATERAL (SELECT NOT ST_IsEmpty(i.meet) AND ST_Dimension(i.meet) = 0 AS meets_at_points, i.meet) x
  $q$ USING ids;
END $fn$;
