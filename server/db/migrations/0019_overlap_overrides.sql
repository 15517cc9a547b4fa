-- Red lines saved over a neighbour (issue 17): a red line may not overlap another estate of the
-- same plan by more than 1 m² unless the request says allowOverlap with a reason. Each such save
-- leaves one row here, with the reason and the overlaps it accepted; the audit trigger copies the
-- row into audit_log with the user and request, so the trail says who accepted which overlap and why.
CREATE TABLE overlap_overrides (
  id serial PRIMARY KEY,
  estate_id integer NOT NULL REFERENCES estates (id) ON DELETE CASCADE,
  -- the estate version saved with the overlap
  version integer NOT NULL,
  reason text NOT NULL CHECK (btrim(reason) <> ''),
  -- [{ estateId, name, areaM2 }]: the estates overlapped and by how much (m²)
  overlapped jsonb NOT NULL,
  -- 'drawn', 'revert: version <n>' or 'import: <file name>'
  source text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX overlap_overrides_estate_idx ON overlap_overrides (estate_id, at DESC);
CREATE TRIGGER overlap_overrides_audit AFTER INSERT OR UPDATE OR DELETE ON overlap_overrides
  FOR EACH ROW EXECUTE FUNCTION audit_row('id', '', '');
