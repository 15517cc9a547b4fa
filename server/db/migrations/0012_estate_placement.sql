-- A bureau's own programme arrives as a table: estates without red lines, and columns the
-- importer does not model (建成年代, 改造内容 …). Both must be kept, not dropped (issue 13).

-- Columns of the plan table that have no field of their own, as typed, in table order:
-- [{"name": "建成年代", "value": "1995"}, …]. Shown in the estate's details.
ALTER TABLE estates ADD COLUMN attributes jsonb NOT NULL DEFAULT '[]'
  CHECK (jsonb_typeof(attributes) = 'array');

-- Where an estate without a red line is, as a planner clicked it on the map: a provisional point,
-- never passed off as a surveyed outline. The red line (geom) comes later from the designer's
-- tools; an estate with neither is 待落图 (still to place).
ALTER TABLE estates ADD COLUMN location geometry(Point, 4326);
CREATE INDEX estates_location_gix ON estates USING gist (location);

-- The audit trail shows the point as GeoJSON, like the red line.
DROP TRIGGER estates_audit ON estates;
CREATE TRIGGER estates_audit AFTER INSERT OR UPDATE OR DELETE ON estates
  FOR EACH ROW EXECUTE FUNCTION audit_row('id', '', 'geom,location');
