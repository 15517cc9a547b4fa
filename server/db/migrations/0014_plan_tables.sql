-- Plan tables as bureaus send them (issue 13): money to the fen, plans with versions, and every
-- imported table kept so that a version can be looked at again.

-- Money in 万元 to six decimals: a table in 元 with fen (12345.67 元 = 1.234567 万元) is stored
-- exactly. numeric(16,4) stopped at the yuan and would have had to round.
ALTER TABLE estates
  ALTER COLUMN planned_investment_wan TYPE numeric(18, 6),
  ALTER COLUMN completed_investment_wan TYPE numeric(18, 6);
ALTER TABLE projects
  ALTER COLUMN planned_investment_wan TYPE numeric(18, 6),
  ALTER COLUMN completed_investment_wan TYPE numeric(18, 6);
ALTER TABLE progress_reports
  ALTER COLUMN completed_investment_wan TYPE numeric(18, 6);
-- Stated figures include money (a 合计 in 元).
ALTER TABLE reported_figures
  ALTER COLUMN value TYPE numeric(20, 6);

-- A plan changes as a whole when its table is replaced: the version a re-import previewed must
-- still be the plan's when it is confirmed (409 otherwise).
ALTER TABLE plans
  ADD COLUMN version integer NOT NULL DEFAULT 1,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

-- Projects the plan table made (named projects and batches): a re-import manages these and
-- leaves alone those made otherwise (a demonstration zone made a project, Haimen's resettlement
-- projects stated in prose).
ALTER TABLE projects ADD COLUMN from_table boolean NOT NULL DEFAULT false;
UPDATE projects pj SET from_table = true
WHERE pj.kind = 'renovation'
  AND pj.source NOT LIKE 'demonstration zone %'
  AND EXISTS (SELECT 1 FROM estates e WHERE e.project_id = pj.id);

-- Every table imported for a plan, as read: the cells and the merged ranges (0-based, inclusive),
-- who sent it, when, and what the import made of it.
CREATE TABLE plan_tables (
  id serial PRIMARY KEY,
  plan_id integer NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  version integer NOT NULL CHECK (version > 0),
  file_name text NOT NULL,
  imported_by text,
  imported_at timestamptz NOT NULL DEFAULT now(),
  cells jsonb NOT NULL CHECK (jsonb_typeof(cells) = 'array'),
  merges jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(merges) = 'array'),
  summary jsonb NOT NULL DEFAULT '{}',
  UNIQUE (plan_id, version)
);

-- Audited like every write; the grid itself is left out of the trail (it is in the row).
CREATE TRIGGER plan_tables_audit AFTER INSERT OR UPDATE OR DELETE ON plan_tables
  FOR EACH ROW EXECUTE FUNCTION audit_row('id', 'cells,merges', '');
