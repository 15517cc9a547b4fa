-- Monthly reports (issue 5): a reporter may confirm that cumulative investment really exceeds the
-- plan (the form refuses it otherwise); the confirmation is kept with the revision that made it.
ALTER TABLE progress_reports ADD COLUMN exceeds_plan boolean NOT NULL DEFAULT false;

-- The ledger and the rankings read reports by period across all estates of a programme.
CREATE INDEX progress_reports_period_idx ON progress_reports (period);
