-- Each estate's newest report, maintained (issue 18): the rankings, the ledger, the estates list,
-- tiles and targets read it instead of finding the newest report of every estate on each request.
--
-- One row per estate that has reports. "Newest" is the rule the figures always used: the newest
-- report period, the newest revision of it. The row also keeps what the as-of-month queries need
-- to tell, without reading the history, whether this row is their answer too:
--   first_period       the estate's earliest report period;
--   last_submitted_at  the latest submission of any of its reports (a ledger asked as of an
--                      instant may use the row only if nothing was submitted after that instant);
--   period_first_submitted_at, period_any_synthetic
--                      the first submission of the newest period and whether any revision of it is
--                      synthetic (the ledger's "late" rule for that month);
--   investment_*       the newest report that gives cumulative investment, by period, then
--                      submission, then revision (the rankings' money rule).
-- Where the row is not the answer (a month before the estate's newest period, a ledger as of an
-- instant before its latest submission), the queries probe the history through the
-- (estate_id, period DESC, revision DESC) index, exactly as before; docs/benchmarks.md has the
-- measurement that chose this over a per-estate-per-month table.
--
-- Kept exact by triggers on progress_reports rather than by the code that writes reports: every
-- path that writes reports (the report form, plan imports, the seeds, the generated-set loader's
-- COPY, estate deletes cascading to their reports) then keeps it in the same transaction, and a
-- path added later cannot forget it. The triggers are statement-level with transition tables, so a
-- bulk load (COPY of 5.7 million reports) costs one aggregate, not one upsert per row. A backup
-- carries the table like any other (pg_dump: its rows from the same snapshot; PGlite: the data
-- directory), so a restore brings it back exact without the triggers running.
-- Derived data: no audit and no change notification of its own (progress_reports notifies).
CREATE TABLE estate_newest_report (
  estate_id integer PRIMARY KEY REFERENCES estates (id) ON DELETE CASCADE,
  report_id integer NOT NULL,
  period text NOT NULL,
  revision integer NOT NULL,
  phase text,
  progress_pct numeric(5, 2),
  completed_investment_wan numeric(18, 6),
  completed boolean,
  synthetic boolean NOT NULL,
  submitted_at timestamptz NOT NULL,
  period_first_submitted_at timestamptz NOT NULL,
  period_any_synthetic boolean NOT NULL,
  first_period text NOT NULL,
  last_submitted_at timestamptz NOT NULL,
  investment_period text,
  investment_submitted_at timestamptz,
  investment_revision integer,
  investment_wan numeric(18, 6)
);

-- Recomputes the rows of the given estates (all estates when ids is NULL) from their reports.
CREATE FUNCTION estate_newest_report_refresh(ids integer[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  -- Two statements each (all, or some estates), not "ids IS NULL OR …": PL/pgSQL caches generic
  -- plans, and a generic plan of the OR form could not use the indexes on estate_id.
  IF ids IS NULL THEN
    DELETE FROM estate_newest_report;
  ELSE
    DELETE FROM estate_newest_report WHERE estate_id = ANY (ids);
  END IF;
  EXECUTE format($q$
  INSERT INTO estate_newest_report
  WITH r AS (SELECT * FROM progress_reports %s)
  SELECT n.estate_id, n.id, n.period, n.revision, n.phase, n.progress_pct, n.completed_investment_wan, n.completed,
         n.synthetic, n.submitted_at, a.first_submitted, a.any_synthetic, a.first_period, a.last_submitted_at,
         i.period, i.submitted_at, i.revision, i.completed_investment_wan
  FROM (SELECT DISTINCT ON (r.estate_id) r.* FROM r ORDER BY r.estate_id, r.period DESC, r.revision DESC) n
  -- Only estates that still exist: an estate being deleted takes its reports with it.
  JOIN estates e ON e.id = n.estate_id
  JOIN (SELECT r.estate_id, min(r.period) AS first_period, max(r.submitted_at) AS last_submitted_at,
               min(r.submitted_at) FILTER (WHERE r.period = x.period) AS first_submitted,
               bool_or(r.synthetic) FILTER (WHERE r.period = x.period) AS any_synthetic
        FROM r JOIN (SELECT estate_id, max(period) AS period FROM r GROUP BY estate_id) x ON x.estate_id = r.estate_id
        GROUP BY r.estate_id) a ON a.estate_id = n.estate_id
  LEFT JOIN (SELECT DISTINCT ON (r.estate_id) r.estate_id, r.period, r.submitted_at, r.revision, r.completed_investment_wan
             FROM r WHERE r.completed_investment_wan IS NOT NULL
             ORDER BY r.estate_id, r.period DESC, r.submitted_at DESC, r.revision DESC) i ON i.estate_id = n.estate_id
  $q$, CASE WHEN ids IS NULL THEN '' ELSE 'WHERE estate_id = ANY ($1)' END) USING ids;
END;
$$;

-- New reports: fold each estate's new rows into its row. Every kept figure is a maximum (or a
-- minimum) under a fixed order, so the row after an insert is the row of the old reports combined
-- with the row of the new ones, whatever order the reports arrive in (a late report for an old
-- month, a revision of the newest one).
CREATE FUNCTION estate_newest_report_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Joins and groupings only: the transition table has no index, so nothing probes it per estate.
  INSERT INTO estate_newest_report AS t
  SELECT n.estate_id, n.id, n.period, n.revision, n.phase, n.progress_pct, n.completed_investment_wan, n.completed,
         n.synthetic, n.submitted_at, a.first_submitted, a.any_synthetic, a.first_period, a.last_submitted_at,
         i.period, i.submitted_at, i.revision, i.completed_investment_wan
  FROM (SELECT DISTINCT ON (r.estate_id) r.* FROM new_reports r ORDER BY r.estate_id, r.period DESC, r.revision DESC) n
  JOIN (SELECT r.estate_id, min(r.period) AS first_period, max(r.submitted_at) AS last_submitted_at,
               min(r.submitted_at) FILTER (WHERE r.period = x.period) AS first_submitted,
               bool_or(r.synthetic) FILTER (WHERE r.period = x.period) AS any_synthetic
        FROM new_reports r JOIN (SELECT estate_id, max(period) AS period FROM new_reports GROUP BY estate_id) x ON x.estate_id = r.estate_id
        GROUP BY r.estate_id) a ON a.estate_id = n.estate_id
  LEFT JOIN (SELECT DISTINCT ON (r.estate_id) r.estate_id, r.period, r.submitted_at, r.revision, r.completed_investment_wan
             FROM new_reports r WHERE r.completed_investment_wan IS NOT NULL
             ORDER BY r.estate_id, r.period DESC, r.submitted_at DESC, r.revision DESC) i ON i.estate_id = n.estate_id
  ORDER BY n.estate_id
  ON CONFLICT (estate_id) DO UPDATE SET
    (report_id, period, revision, phase, progress_pct, completed_investment_wan, completed, synthetic, submitted_at) =
      (SELECT CASE WHEN newer THEN excluded.report_id ELSE t.report_id END,
              CASE WHEN newer THEN excluded.period ELSE t.period END,
              CASE WHEN newer THEN excluded.revision ELSE t.revision END,
              CASE WHEN newer THEN excluded.phase ELSE t.phase END,
              CASE WHEN newer THEN excluded.progress_pct ELSE t.progress_pct END,
              CASE WHEN newer THEN excluded.completed_investment_wan ELSE t.completed_investment_wan END,
              CASE WHEN newer THEN excluded.completed ELSE t.completed END,
              CASE WHEN newer THEN excluded.synthetic ELSE t.synthetic END,
              CASE WHEN newer THEN excluded.submitted_at ELSE t.submitted_at END
       FROM (SELECT (excluded.period, excluded.revision) > (t.period, t.revision) AS newer) x),
    -- The newest period's first submission: the new rows' if they opened a newer period, both
    -- sides' if they added revisions to the same one, the old otherwise.
    period_first_submitted_at = CASE WHEN excluded.period > t.period THEN excluded.period_first_submitted_at
                                     WHEN excluded.period = t.period THEN LEAST(t.period_first_submitted_at, excluded.period_first_submitted_at)
                                     ELSE t.period_first_submitted_at END,
    period_any_synthetic = CASE WHEN excluded.period > t.period THEN excluded.period_any_synthetic
                                WHEN excluded.period = t.period THEN t.period_any_synthetic OR excluded.period_any_synthetic
                                ELSE t.period_any_synthetic END,
    first_period = LEAST(t.first_period, excluded.first_period),
    last_submitted_at = GREATEST(t.last_submitted_at, excluded.last_submitted_at),
    (investment_period, investment_submitted_at, investment_revision, investment_wan) =
      (SELECT CASE WHEN newer THEN excluded.investment_period ELSE t.investment_period END,
              CASE WHEN newer THEN excluded.investment_submitted_at ELSE t.investment_submitted_at END,
              CASE WHEN newer THEN excluded.investment_revision ELSE t.investment_revision END,
              CASE WHEN newer THEN excluded.investment_wan ELSE t.investment_wan END
       FROM (SELECT excluded.investment_period IS NOT NULL
                    AND (t.investment_period IS NULL
                         OR (excluded.investment_period, excluded.investment_submitted_at, excluded.investment_revision)
                            > (t.investment_period, t.investment_submitted_at, t.investment_revision)) AS newer) x);
  RETURN NULL;
END;
$$;

-- Reports removed (an estate's delete cascading to them) or, were the append-only rule ever
-- lifted, changed: recompute the estates they belonged to.
CREATE FUNCTION estate_newest_report_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM estate_newest_report_refresh(ARRAY(SELECT DISTINCT estate_id FROM old_reports));
  RETURN NULL;
END;
$$;
CREATE FUNCTION estate_newest_report_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM estate_newest_report_refresh(ARRAY(SELECT estate_id FROM old_reports UNION SELECT estate_id FROM new_reports));
  RETURN NULL;
END;
$$;
CREATE FUNCTION estate_newest_report_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM estate_newest_report;
  RETURN NULL;
END;
$$;

CREATE TRIGGER progress_reports_newest_insert AFTER INSERT ON progress_reports
  REFERENCING NEW TABLE AS new_reports FOR EACH STATEMENT EXECUTE FUNCTION estate_newest_report_on_insert();
CREATE TRIGGER progress_reports_newest_delete AFTER DELETE ON progress_reports
  REFERENCING OLD TABLE AS old_reports FOR EACH STATEMENT EXECUTE FUNCTION estate_newest_report_on_delete();
CREATE TRIGGER progress_reports_newest_update AFTER UPDATE ON progress_reports
  REFERENCING OLD TABLE AS old_reports NEW TABLE AS new_reports FOR EACH STATEMENT EXECUTE FUNCTION estate_newest_report_on_update();
CREATE TRIGGER progress_reports_newest_truncate AFTER TRUNCATE ON progress_reports
  FOR EACH STATEMENT EXECUTE FUNCTION estate_newest_report_on_truncate();

-- Backfill from the reports already there.
SELECT estate_newest_report_refresh(NULL);
ANALYZE estate_newest_report;
