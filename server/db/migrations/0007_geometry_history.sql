-- Geometry replaced by a scope import or by drawing in the browser: the red line or building
-- footprint as it was, with the estate version it had, when and by what it was replaced. Nothing
-- is lost by an import; an old outline can be looked up or put back by hand.
CREATE TABLE geometry_history (
  id serial PRIMARY KEY,
  layer text NOT NULL CHECK (layer IN ('estate', 'building')),
  estate_id integer NOT NULL REFERENCES estates (id) ON DELETE CASCADE,
  -- no foreign key: the history of a building outlives a later renumbering or removal
  building_id integer,
  -- the estate's version whose red line this was (estate layer)
  version integer,
  -- null when there was no geometry before
  geom geometry(MultiPolygon, 4326),
  synthetic boolean NOT NULL,
  replaced_at timestamptz NOT NULL DEFAULT now(),
  -- 'import: <file name>' or 'drawn'
  replaced_by text NOT NULL,
  CHECK ((layer = 'building') = (building_id IS NOT NULL))
);
CREATE INDEX geometry_history_geom_gix ON geometry_history USING gist (geom);
CREATE INDEX geometry_history_estate_idx ON geometry_history (estate_id, replaced_at DESC);
