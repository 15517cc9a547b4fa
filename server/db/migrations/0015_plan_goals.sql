-- Milestones (形象进度) and targets (目标任务) become part of a bureau's plan and editable in the app
-- (issue 13): each plan's two lists carry a version (409 when stale), and targets belong to a plan
-- so that deleting a plan takes its targets with it.

-- One row per plan that has had its milestones or targets edited; a plan without a row is at
-- version 1 of both lists. Kept apart from plans so that editing a schedule does not touch the
-- plan row (its own version belongs to the plan table).
CREATE TABLE plan_goals (
  plan_id integer PRIMARY KEY REFERENCES plans (id) ON DELETE CASCADE,
  milestones_version integer NOT NULL DEFAULT 1 CHECK (milestones_version > 0),
  milestones_updated_at timestamptz,
  targets_version integer NOT NULL DEFAULT 1 CHECK (targets_version > 0),
  targets_updated_at timestamptz
);
CREATE TRIGGER plan_goals_audit AFTER INSERT OR UPDATE OR DELETE ON plan_goals
  FOR EACH ROW EXECUTE FUNCTION audit_row('plan_id', '', '');

-- Targets of a plan: the region is the plan's or within it, the year the plan's. Targets loaded
-- before this migration are attached to the plan of their year whose region holds theirs (the
-- most specific one); a target no plan holds keeps plan_id NULL and still shows in /api/targets.
ALTER TABLE targets ADD COLUMN plan_id integer REFERENCES plans (id) ON DELETE CASCADE;
UPDATE targets t SET plan_id = (
  SELECT p.id FROM plans p
  WHERE p.year = t.year AND left(t.region_code, length(p.region_code)) = p.region_code
  ORDER BY length(p.region_code) DESC, p.id LIMIT 1
);
CREATE INDEX targets_plan_idx ON targets (plan_id);

-- Deleting a plan cascades to its estates and projects; these make the cascade an index lookup.
CREATE INDEX milestones_estate_idx ON milestones (estate_id);
CREATE INDEX milestones_project_idx ON milestones (project_id);
