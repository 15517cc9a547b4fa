-- Per-street totals of each plan, maintained (issue 18): the current ranking by district or street
-- (GET /api/stats/ranking without period=) sums these rows instead of reading every estate with
-- its newest report; a national ranking reads ~20,000 rows instead of 300,000 estates.
--
-- One row per (plan, district, street) that has estates, with what a ranking row shows or needs to
-- combine rows exactly: estates, completed estates (newest report completed), households, estates
-- whose newest report is synthetic, how many estates have a project and the least and greatest
-- project id (a row that is exactly one project's estates shows that project's stated rates), the
-- money units of estates with money of their own (their count, planned, and completed: the newest
-- reported cumulative investment, else the plan table's figure, else 0), the least estate id (the
-- order of the persons in charge) and the months the reports span (first and newest period).
-- Money planned per project only (a district batch) is not here: the ranking reads those projects
-- directly, as before.
--
-- Kept by statement-level triggers on estates and estate_newest_report (itself kept by triggers on
-- the reports, migration 0020), in the transaction of the write, whatever writes. A trigger
-- recomputes the rows of the streets its statement touched from the estates and their kept newest
-- reports, after locking those rows in key order: a transaction that waits for another's lock
-- then recomputes from a snapshot that includes the other's committed write, so two concurrent
-- writes to one street cannot lose each other's change (READ COMMITTED, the server's level).
-- Derived data: no audit and no change notification of its own.
CREATE TABLE ranking_street_totals (
  plan_id integer NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  district_code text NOT NULL,
  street_code text NOT NULL,
  estates integer NOT NULL,
  completed_estates integer NOT NULL,
  households bigint,
  synthetic_estates integer NOT NULL,
  with_project integer NOT NULL,
  min_project integer,
  max_project integer,
  own_units integer NOT NULL,
  own_planned numeric,
  own_completed numeric,
  min_estate_id integer,
  first_period text,
  last_period text,
  PRIMARY KEY (plan_id, street_code, district_code)
);

-- The totals of the given streets of plans, recomputed from the estates (keys as three arrays of
-- one length; all keys when plans is NULL).
CREATE FUNCTION ranking_street_totals_refresh(plans integer[], streets text[], districts text[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF plans IS NULL THEN
    LOCK TABLE ranking_street_totals IN SHARE ROW EXCLUSIVE MODE;
    DELETE FROM ranking_street_totals;
    INSERT INTO ranking_street_totals
    SELECT e.plan_id, e.district_code, e.street_code, count(*)::int, (count(*) FILTER (WHERE n.completed))::int, sum(e.households),
           (count(*) FILTER (WHERE n.synthetic))::int, count(e.project_id)::int, min(e.project_id), max(e.project_id),
           (count(*) FILTER (WHERE e.planned_investment_wan > 0))::int,
           sum(e.planned_investment_wan) FILTER (WHERE e.planned_investment_wan > 0),
           sum(COALESCE(n.investment_wan, e.completed_investment_wan, 0)) FILTER (WHERE e.planned_investment_wan > 0),
           min(e.id), min(n.first_period), max(n.period)
    FROM estates e LEFT JOIN estate_newest_report n ON n.estate_id = e.id
    GROUP BY e.plan_id, e.district_code, e.street_code;
    RETURN;
  END IF;
  -- The rows exist (zeros where new), then are locked in key order, then recomputed: each
  -- statement takes a fresh snapshot, so the recomputation sees what a transaction we waited for
  -- committed.
  INSERT INTO ranking_street_totals (plan_id, district_code, street_code, estates, completed_estates, synthetic_estates, with_project, own_units)
  SELECT DISTINCT k.p, k.d, k.s, 0, 0, 0, 0, 0 FROM unnest(plans, districts, streets) AS k(p, d, s)
  WHERE EXISTS (SELECT 1 FROM plans x WHERE x.id = k.p)
  ORDER BY 1, 3, 2
  ON CONFLICT DO NOTHING;
  PERFORM 1 FROM ranking_street_totals t
  WHERE (t.plan_id, t.street_code, t.district_code) IN (SELECT * FROM unnest(plans, streets, districts))
  ORDER BY t.plan_id, t.street_code, t.district_code
  FOR UPDATE;
  INSERT INTO ranking_street_totals AS t
  SELECT e.plan_id, e.district_code, e.street_code, count(*)::int, (count(*) FILTER (WHERE n.completed))::int, sum(e.households),
         (count(*) FILTER (WHERE n.synthetic))::int, count(e.project_id)::int, min(e.project_id), max(e.project_id),
         (count(*) FILTER (WHERE e.planned_investment_wan > 0))::int,
         sum(e.planned_investment_wan) FILTER (WHERE e.planned_investment_wan > 0),
         sum(COALESCE(n.investment_wan, e.completed_investment_wan, 0)) FILTER (WHERE e.planned_investment_wan > 0),
         min(e.id), min(n.first_period), max(n.period)
  FROM (SELECT DISTINCT p, s, d FROM unnest(plans, streets, districts) AS k(p, s, d)) k
  JOIN estates e ON e.plan_id = k.p AND e.street_code = k.s AND e.district_code = k.d
  LEFT JOIN estate_newest_report n ON n.estate_id = e.id
  GROUP BY e.plan_id, e.district_code, e.street_code
  ON CONFLICT (plan_id, street_code, district_code) DO UPDATE SET
    estates = excluded.estates, completed_estates = excluded.completed_estates, households = excluded.households,
    synthetic_estates = excluded.synthetic_estates, with_project = excluded.with_project,
    min_project = excluded.min_project, max_project = excluded.max_project, own_units = excluded.own_units,
    own_planned = excluded.own_planned, own_completed = excluded.own_completed, min_estate_id = excluded.min_estate_id,
    first_period = excluded.first_period, last_period = excluded.last_period;
  -- Streets left without estates of the plan.
  DELETE FROM ranking_street_totals t
  WHERE (t.plan_id, t.street_code, t.district_code) IN (SELECT * FROM unnest(plans, streets, districts))
    AND NOT EXISTS (SELECT 1 FROM estates e WHERE e.plan_id = t.plan_id AND e.street_code = t.street_code AND e.district_code = t.district_code);
END;
$$;

-- Estates written: the streets they were in and are in now.
CREATE FUNCTION ranking_street_totals_on_estates() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  p integer[]; s text[]; d text[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(plan_id), array_agg(street_code), array_agg(district_code) INTO p, s, d
    FROM (SELECT DISTINCT plan_id, street_code, district_code FROM new_estates) k;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(plan_id), array_agg(street_code), array_agg(district_code) INTO p, s, d
    FROM (SELECT DISTINCT plan_id, street_code, district_code FROM old_estates) k;
  ELSE
    SELECT array_agg(plan_id), array_agg(street_code), array_agg(district_code) INTO p, s, d
    FROM (SELECT plan_id, street_code, district_code FROM old_estates UNION SELECT plan_id, street_code, district_code FROM new_estates) k;
  END IF;
  IF p IS NOT NULL THEN PERFORM ranking_street_totals_refresh(p, s, d); END IF;
  RETURN NULL;
END;
$$;

-- Newest reports written (a report, a re-import, an estate's reports deleted): the streets of
-- those estates that still exist (a deleted estate's street is refreshed by the estates trigger).
CREATE FUNCTION ranking_street_totals_on_newest() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  p integer[]; s text[]; d text[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(plan_id), array_agg(street_code), array_agg(district_code) INTO p, s, d
    FROM (SELECT DISTINCT e.plan_id, e.street_code, e.district_code FROM new_rows x JOIN estates e ON e.id = x.estate_id) k;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(plan_id), array_agg(street_code), array_agg(district_code) INTO p, s, d
    FROM (SELECT DISTINCT e.plan_id, e.street_code, e.district_code FROM old_rows x JOIN estates e ON e.id = x.estate_id) k;
  ELSE
    SELECT array_agg(plan_id), array_agg(street_code), array_agg(district_code) INTO p, s, d
    FROM (SELECT DISTINCT e.plan_id, e.street_code, e.district_code
          FROM (SELECT estate_id FROM old_rows UNION SELECT estate_id FROM new_rows) x JOIN estates e ON e.id = x.estate_id) k;
  END IF;
  IF p IS NOT NULL THEN PERFORM ranking_street_totals_refresh(p, s, d); END IF;
  RETURN NULL;
END;
$$;

CREATE FUNCTION ranking_street_totals_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ranking_street_totals_refresh(NULL, NULL, NULL);
  RETURN NULL;
END;
$$;

CREATE TRIGGER estates_ranking_totals_insert AFTER INSERT ON estates
  REFERENCING NEW TABLE AS new_estates FOR EACH STATEMENT EXECUTE FUNCTION ranking_street_totals_on_estates();
CREATE TRIGGER estates_ranking_totals_update AFTER UPDATE ON estates
  REFERENCING OLD TABLE AS old_estates NEW TABLE AS new_estates FOR EACH STATEMENT EXECUTE FUNCTION ranking_street_totals_on_estates();
CREATE TRIGGER estates_ranking_totals_delete AFTER DELETE ON estates
  REFERENCING OLD TABLE AS old_estates FOR EACH STATEMENT EXECUTE FUNCTION ranking_street_totals_on_estates();
CREATE TRIGGER newest_ranking_totals_insert AFTER INSERT ON estate_newest_report
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ranking_street_totals_on_newest();
CREATE TRIGGER newest_ranking_totals_update AFTER UPDATE ON estate_newest_report
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ranking_street_totals_on_newest();
CREATE TRIGGER newest_ranking_totals_delete AFTER DELETE ON estate_newest_report
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ranking_street_totals_on_newest();
CREATE TRIGGER newest_ranking_totals_truncate AFTER TRUNCATE ON estate_newest_report
  FOR EACH STATEMENT EXECUTE FUNCTION ranking_street_totals_on_truncate();

-- Each region's bounding box, stored with its outline: a ranking row's bbox is read from here
-- instead of from the outline (a national ranking by street read 17,000 street outlines for it).
ALTER TABLE regions ADD COLUMN bbox float8[] GENERATED ALWAYS AS (
  CASE WHEN geom IS NOT NULL THEN ARRAY[ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom)] END) STORED;

-- Backfill.
SELECT ranking_street_totals_refresh(NULL, NULL, NULL);
ANALYZE ranking_street_totals;
