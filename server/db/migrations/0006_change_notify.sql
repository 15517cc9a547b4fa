-- Change notification for caches (encoded vector tiles): every statement that writes one of the
-- tables the map draws sends NOTIFY data_changed '<table>'. PostgreSQL delivers it after commit,
-- to every process on the database, so several API processes stay coherent; a rolled-back
-- transaction notifies nobody. Statement-level, so a bulk load costs one notification, not one per row.
CREATE FUNCTION notify_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('data_changed', TG_TABLE_NAME);
  RETURN NULL;
END;
$$;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['regions', 'plans', 'projects', 'estates', 'buildings', 'progress_reports',
                           'responsibilities', 'pipeline_works', 'roads', 'zones', 'zone_estates'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I
                    FOR EACH STATEMENT EXECUTE FUNCTION notify_data_changed()', t || '_notify_changed', t);
  END LOOP;
END;
$$;
