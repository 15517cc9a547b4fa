-- Corridors' joint trench on a 1 mm grid (issue 18, found by the property test in the CI of stop 22).
-- Two works along the same street from the same end have 3 m buffers whose round ends nearly
-- coincide; GEOS's floating-point union of them fails, and on the embedded engine (PGlite) the
-- statement then yields no rows instead of an error, so pipeline_corridors_upkeep ended in
-- "control reached end of function without RETURN" and the save was a 500. A union with a grid
-- size snap-rounds and cannot fail. Same change as TRENCH_GRID_METERS in server/pipelines/sql.ts;
-- the function must be restated whole to be replaced. The rest of the body is migration 0027's.
CREATE OR REPLACE FUNCTION pipeline_corridors_upkeep(ids integer[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  nodes integer[];
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('pipeline_conflicts'));
  WITH partners AS (
    -- Works the written ones now share a trench with (in no corridor yet, when they had no other).
    SELECT c.b AS id FROM pipeline_conflicts c WHERE c.a IN (SELECT unnest(ids)) AND c.kind <> 'crossing'
    UNION
    SELECT c.a FROM pipeline_conflicts c WHERE c.b IN (SELECT unnest(ids)) AND c.kind <> 'crossing'
  ),
  touched AS (
    SELECT m.corridor FROM pipeline_corridor_members m
    WHERE m.work_id IN (SELECT unnest(ids)) OR m.work_id IN (SELECT id FROM partners)
  )
  SELECT array_agg(DISTINCT n) INTO nodes FROM (
    SELECT unnest(ids) AS n
    UNION ALL SELECT id FROM partners
    UNION ALL SELECT m.work_id FROM pipeline_corridor_members m WHERE m.corridor IN (SELECT corridor FROM touched)
  ) x;
  DELETE FROM pipeline_corridors WHERE id IN (SELECT corridor FROM pipeline_corridor_members WHERE work_id IN (SELECT unnest(nodes)));
  DELETE FROM pipeline_corridor_members WHERE work_id IN (SELECT unnest(nodes));

  INSERT INTO pipeline_corridor_members (work_id, corridor)
  WITH RECURSIVE node AS (SELECT unnest(nodes) AS id),
  trench AS (SELECT c.a, c.b FROM pipeline_conflicts c WHERE c.kind <> 'crossing' AND c.a IN (SELECT id FROM node)),
  links AS (SELECT a AS x, b AS y FROM trench UNION SELECT b, a FROM trench),
  reach (node, root) AS (
    SELECT x, x FROM links
    UNION
    SELECT l.y, r.root FROM reach r JOIN links l ON l.x = r.node
  )
  SELECT node, min(root) FROM reach GROUP BY node;

  -- The figures, as corridorsSql computes them (see its comment for the rules).
  INSERT INTO pipeline_corridors (id, work_ids, owners, utilities, time_window, total_length, trench_saved, geometry)
  WITH members AS (
    SELECT g.corridor, w.id, w.owner, w.utility, w.start_date, w.end_date,
           ST_Transform(w.geom, first_value(
             CASE WHEN ST_Y(ST_StartPoint(w.geom)) >= 0 THEN 32600 ELSE 32700 END
             + LEAST(60, floor((ST_X(ST_StartPoint(w.geom)) + 180) / 6)::int + 1)) OVER (PARTITION BY g.corridor ORDER BY w.id)) AS g
    FROM pipeline_corridor_members g JOIN pipeline_works w ON w.id = g.work_id
    WHERE g.work_id IN (SELECT unnest(nodes))
  ),
  ranked AS (
    SELECT m.*, ST_Length(m.g) AS len,
           row_number() OVER (PARTITION BY m.corridor ORDER BY ST_Length(m.g) DESC, m.id) AS rank
    FROM members m
  ),
  laying AS (
    SELECT corridor, array_agg(g ORDER BY rank) AS gs FROM ranked GROUP BY corridor
  ),
  laid AS (
    SELECT r.corridor, r.len,
           COALESCE((
             SELECT ST_Length(ST_Intersection(r.g, ST_Union(ST_Buffer(o, 3::float8), 0.001::float8)))
             FROM unnest(l.gs[1:r.rank - 1]) AS o
           ), 0) AS shared_with_earlier
    FROM ranked r JOIN laying l USING (corridor)
  ),
  saved AS (
    SELECT corridor, sum(shared_with_earlier) AS saved, sum(len) AS total FROM laid GROUP BY corridor
  )
  SELECT m.corridor,
         array_agg(m.id ORDER BY m.id),
         array_agg(DISTINCT m.owner ORDER BY m.owner),
         array_agg(DISTINCT m.utility ORDER BY m.utility),
         json_build_object(
           'start', max(m.start_date)::text,
           'end', (max(m.start_date) + max(m.end_date - m.start_date))::text),
         round(s.total::numeric, 2)::float8,
         round(s.saved::numeric, 2)::float8,
         ST_AsGeoJSON(ST_Transform(ST_Union(ST_Buffer(m.g, 3::float8), 0.001::float8 ORDER BY m.id), 4326), 7)::json
  FROM ranked m JOIN saved s USING (corridor)
  GROUP BY m.corridor, s.total, s.saved;
END $$;

-- Every stored corridor again, so that stored and recomputed geometry agree to the byte.
SELECT pipeline_corridors_upkeep(ARRAY(SELECT id FROM pipeline_works));
