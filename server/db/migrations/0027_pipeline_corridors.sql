-- Dig once (issue 18): corridors kept up to date on write, as the conflicts they follow from are
-- (migration 0023), instead of being grouped per request. A corridor is a connected group of works
-- linked by stored conflicts other than crossings; its figures are those of corridorsSql in
-- server/pipelines/sql.ts for the default parameters (3 m, 90 days), which
-- tests/api/pipeline-conflicts-maintained.test.ts compares with this table after random writes.
--
-- Districts: corridors are grouped over every work. GET /api/pipelines/overlaps?district= groups
-- the conflicts whose two works are in the district; a stored corridor whose works are all in the
-- district is exactly such a group and is read as stored, and the rare corridor that crosses a
-- district boundary is regrouped per request from its in-district conflicts (storedCorridorsSql).
CREATE TABLE pipeline_corridors (
  id integer PRIMARY KEY,          -- the lowest work id in the corridor (the answer's order)
  work_ids integer[] NOT NULL,     -- ascending
  owners text[] NOT NULL,
  utilities text[] NOT NULL,
  time_window json NOT NULL,       -- {start, end}: the latest start, for the longest duration
  total_length float8 NOT NULL,    -- metres, rounded to the centimetre as answered
  trench_saved float8 NOT NULL,    -- metres, rounded to the centimetre as answered
  geometry json NOT NULL           -- the joint trench as the GeoJSON text answered (7 decimals)
);
CREATE TABLE pipeline_corridor_members (
  work_id integer PRIMARY KEY,
  corridor integer NOT NULL
);
CREATE INDEX pipeline_corridor_members_corridor_idx ON pipeline_corridor_members (corridor);

-- Regroups the corridors touched by a write of `ids` (works inserted, changed or deleted), after
-- pipeline_conflicts_upkeep has stored their conflicts. Touched: the corridors the written works
-- were in, and the corridors of the works they now share a trench with. Every other pair keeps its
-- conflict (only pairs with a written work change), so the written works, those they now share a
-- trench with, and the works of the touched corridors are closed under links: their connected
-- groups are the new corridors.
CREATE FUNCTION pipeline_corridors_upkeep(ids integer[]) RETURNS void LANGUAGE plpgsql AS $$
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
             SELECT ST_Length(ST_Intersection(r.g, ST_Union(ST_Buffer(o, 3::float8))))
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
         ST_AsGeoJSON(ST_Transform(ST_Union(ST_Buffer(m.g, 3::float8) ORDER BY m.id), 4326), 7)::json
  FROM ranked m JOIN saved s USING (corridor)
  GROUP BY m.corridor, s.total, s.saved;
END $$;

-- Statement-level triggers, named so that they fire after the pipeline_conflicts_* ones of the same
-- event (triggers fire in name order): the corridors follow from the conflicts just stored.
CREATE FUNCTION pipeline_corridors_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pipeline_corridors_upkeep(ARRAY(SELECT id FROM new_rows));
  RETURN NULL;
END $$;
CREATE FUNCTION pipeline_corridors_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The conflict inputs, and the owner (a corridor lists its owners). district_code is applied on
  -- reading.
  PERFORM pipeline_corridors_upkeep(ARRAY(
    SELECT COALESCE(n.id, o.id)
    FROM new_rows n FULL JOIN old_rows o ON o.id = n.id
    WHERE n.id IS NULL OR o.id IS NULL
       OR (n.utility, n.owner, n.start_date, n.end_date, n.status) IS DISTINCT FROM (o.utility, o.owner, o.start_date, o.end_date, o.status)
       OR NOT (n.geom = o.geom)));
  RETURN NULL;
END $$;
CREATE FUNCTION pipeline_corridors_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pipeline_corridors_upkeep(ARRAY(SELECT id FROM old_rows));
  RETURN NULL;
END $$;
CREATE FUNCTION pipeline_corridors_after_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM pipeline_corridors;
  DELETE FROM pipeline_corridor_members;
  RETURN NULL;
END $$;
CREATE TRIGGER pipeline_corridors_insert AFTER INSERT ON pipeline_works
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pipeline_corridors_after_insert();
CREATE TRIGGER pipeline_corridors_update AFTER UPDATE ON pipeline_works
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pipeline_corridors_after_update();
CREATE TRIGGER pipeline_corridors_delete AFTER DELETE ON pipeline_works
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pipeline_corridors_after_delete();
CREATE TRIGGER pipeline_corridors_truncate AFTER TRUNCATE ON pipeline_works
  FOR EACH STATEMENT EXECUTE FUNCTION pipeline_corridors_after_truncate();

-- Backfill.
SELECT pipeline_corridors_upkeep(ARRAY(SELECT id FROM pipeline_works));
