-- Dig once (issue 18): conflicts with their figures, kept up to date on every write of
-- pipeline_works instead of being recomputed by every GET /api/pipelines/overlaps. Stored for the
-- default parameters only (buffer 3 m, window 90 days: the ones the map asks); other parameters are
-- computed per request by server/pipelines/sql.ts (conflictsSql). The figures below are that
-- query's, with $2 = 3 and $3 = 90: tests/api/pipeline-conflicts-maintained.test.ts compares the
-- table with it after random writes. Cancelled works take part in nothing, so they have no rows;
-- the district filter is applied on reading (both works in the district), so a change of district
-- changes no row.
CREATE TABLE pipeline_conflicts (
  a integer NOT NULL,            -- the lower work id
  b integer NOT NULL,            -- the higher
  kind text NOT NULL,            -- 'concurrent' | 'sequential' | 'crossing'
  shared float8 NOT NULL,        -- shared length in metres, unrounded (rounded on reading)
  gap_days integer NOT NULL,
  point geometry,                -- where the lines meet, for lines that meet only at points (4326)
  PRIMARY KEY (a, b)
);
CREATE INDEX pipeline_conflicts_b_idx ON pipeline_conflicts (b);
-- Every geometry column has a GiST index (tests/api/schema.test.ts).
CREATE INDEX pipeline_conflicts_point_gix ON pipeline_conflicts USING gist (point);

-- Recomputes every conflict that involves one of `ids` (works inserted, changed or deleted): drops
-- their rows, then searches the GiST index around each of them that is still live. The index search
-- uses a 5 % margin around the work's own latitude, then keeps exactly the pairs the per-request
-- query keeps (its 1 % search around the lower id's latitude, then the exact 3 m test in the UTM
-- zone of the lower id), so that both give the same pairs.
--
-- Concurrent writes: two transactions adding works next to each other would each miss the other's
-- uncommitted work, and neither would store their conflict. The upkeep (and the delete trigger)
-- first takes a transaction-level lock, so writes of works queue behind each other's commit; each
-- statement after it takes a fresh snapshot (READ COMMITTED) and so sees the other's work.
CREATE FUNCTION pipeline_conflicts_upkeep(ids integer[]) RETURNS void LANGUAGE sql AS $$
  SELECT pg_advisory_xact_lock(hashtext('pipeline_conflicts'));
  DELETE FROM pipeline_conflicts WHERE a IN (SELECT unnest(ids));
  DELETE FROM pipeline_conflicts WHERE b IN (SELECT unnest(ids));
  INSERT INTO pipeline_conflicts (a, b, kind, shared, gap_days, point)
  WITH changed AS (
    SELECT w.* FROM pipeline_works w WHERE w.id IN (SELECT unnest(ids)) AND w.status <> 'cancelled'
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
    WHERE c.id < o.id OR NOT (o.id = ANY (ids))
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
  CROSS JOIN LATERAL (SELECT NOT ST_IsEmpty(i.meet) AND ST_Dimension(i.meet) = 0 AS meets_at_points, i.meet) x;
$$;

-- Statement-level triggers: one upkeep per statement (an import of 500 works searches around the
-- 500 at once), inside the writing transaction, so a reader never sees works without their
-- conflicts. Every path that writes works (API, import, seed, COPY) goes through them.
CREATE FUNCTION pipeline_conflicts_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pipeline_conflicts_upkeep(ARRAY(SELECT id FROM new_rows));
  RETURN NULL;
END $$;
CREATE FUNCTION pipeline_conflicts_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Only the works whose figure inputs changed (a trigger with transition tables may not name
  -- columns): district_code is filtered on reading, and an estate deleted under a work (estate_id
  -- set null) changes no conflict.
  PERFORM pipeline_conflicts_upkeep(ARRAY(
    SELECT COALESCE(n.id, o.id)
    FROM new_rows n FULL JOIN old_rows o ON o.id = n.id
    WHERE n.id IS NULL OR o.id IS NULL
       OR (n.utility, n.start_date, n.end_date, n.status) IS DISTINCT FROM (o.utility, o.start_date, o.end_date, o.status)
       OR NOT (n.geom = o.geom)));
  RETURN NULL;
END $$;
CREATE FUNCTION pipeline_conflicts_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('pipeline_conflicts'));
  DELETE FROM pipeline_conflicts WHERE a IN (SELECT id FROM old_rows);
  DELETE FROM pipeline_conflicts WHERE b IN (SELECT id FROM old_rows);
  RETURN NULL;
END $$;
CREATE FUNCTION pipeline_conflicts_after_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM pipeline_conflicts;
  RETURN NULL;
END $$;
CREATE TRIGGER pipeline_conflicts_insert AFTER INSERT ON pipeline_works
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pipeline_conflicts_after_insert();
CREATE TRIGGER pipeline_conflicts_update AFTER UPDATE ON pipeline_works
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pipeline_conflicts_after_update();
CREATE TRIGGER pipeline_conflicts_delete AFTER DELETE ON pipeline_works
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pipeline_conflicts_after_delete();
CREATE TRIGGER pipeline_conflicts_truncate AFTER TRUNCATE ON pipeline_works
  FOR EACH STATEMENT EXECUTE FUNCTION pipeline_conflicts_after_truncate();

-- Backfill.
SELECT pipeline_conflicts_upkeep(ARRAY(SELECT id FROM pipeline_works));
