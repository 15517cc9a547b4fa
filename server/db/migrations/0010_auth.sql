-- Trust (issue 8): accounts, sessions, login throttling and the audit trail.

-- An account. Passwords are scrypt hashes with their parameters ("scrypt$N$r$p$salt$hash"), so
-- the cost can be raised later without invalidating old hashes. A reporter belongs to a street or
-- district (region_code) and reports for its estates only; other roles ignore region_code.
CREATE TABLE users (
  id serial PRIMARY KEY,
  username text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'planner', 'leader', 'designer', 'reporter')),
  region_code text REFERENCES regions (code),
  disabled boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (role <> 'reporter' OR region_code IS NOT NULL)
);

-- A login session. Only a SHA-256 of the cookie's token is kept, so a copy of the database (a
-- backup, a replica) cannot be used to sign in. The CSRF token is not a secret from its user: the
-- client sends it back in a header on every write, which a cross-site form cannot do.
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- Failed logins per username and client address: the throttle lives in the database so that every
-- API process behind one port (node:cluster) counts the same attempts.
CREATE TABLE login_failures (
  username text NOT NULL,
  ip text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_idx ON login_failures (username, ip, at);

-- The audit trail: one row per changed row, written by triggers, so no write path can forget it.
-- The API stamps each write transaction with its user (set_config('app.user', …, true)); direct
-- database sessions without that stamp (the demo loader, migrations, psql) are not audited.
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  request text,
  table_name text NOT NULL,
  row_id text,
  action text NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
  before jsonb,
  after jsonb
);
CREATE INDEX audit_log_row_idx ON audit_log (table_name, row_id);
CREATE INDEX audit_log_actor_idx ON audit_log (actor, id);

-- History must not be rewritten through the app's own connection either.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

-- Trigger arguments: key columns ('id', or 'zone_id,estate_id'), columns to leave out (derived or
-- secret, comma-separated), geometry columns (stored as GeoJSON so that the trail can be read).
CREATE FUNCTION audit_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  actor text := nullif(current_setting('app.user', true), '');
  dropped text[] := string_to_array(coalesce(TG_ARGV[1], ''), ',');
  geoms text[] := string_to_array(coalesce(TG_ARGV[2], ''), ',');
  b jsonb;
  a jsonb;
  g text;
  key text;
BEGIN
  IF actor IS NULL THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN b := to_jsonb(OLD) - dropped; END IF;
  IF TG_OP <> 'DELETE' THEN a := to_jsonb(NEW) - dropped; END IF;
  IF b IS NOT DISTINCT FROM a THEN
    RETURN NULL;
  END IF;
  FOREACH g IN ARRAY geoms LOOP
    IF b ? g AND jsonb_typeof(b -> g) = 'string' THEN b := jsonb_set(b, ARRAY[g], ST_AsGeoJSON((b ->> g)::geometry, 7)::jsonb); END IF;
    IF a ? g AND jsonb_typeof(a -> g) = 'string' THEN a := jsonb_set(a, ARRAY[g], ST_AsGeoJSON((a ->> g)::geometry, 7)::jsonb); END IF;
  END LOOP;
  SELECT string_agg(coalesce(a ->> k, b ->> k), '/') INTO key FROM unnest(string_to_array(TG_ARGV[0], ',')) k;
  INSERT INTO audit_log (actor, request, table_name, row_id, action, before, after)
  VALUES (actor, nullif(current_setting('app.request', true), ''), TG_TABLE_NAME, key, lower(TG_OP), b, a);
  RETURN NULL;
END;
$$;

DO $$
DECLARE
  spec text[];
BEGIN
  FOREACH spec SLICE 1 IN ARRAY ARRAY[
    ARRAY['regions', 'code', '', 'centre,geom'],
    ARRAY['plans', 'id', '', ''],
    ARRAY['responsibilities', 'id', '', ''],
    ARRAY['projects', 'id', '', ''],
    ARRAY['estates', 'id', '', 'geom'],
    ARRAY['buildings', 'id', '', 'geom'],
    ARRAY['progress_reports', 'id', '', ''],
    ARRAY['milestones', 'id', '', ''],
    ARRAY['targets', 'id', '', ''],
    ARRAY['reported_figures', 'id', '', ''],
    ARRAY['roads', 'id', 'geom_merc', 'geom'],
    ARRAY['pipeline_works', 'id', 'geom_merc', 'geom'],
    ARRAY['zones', 'id', '', 'geom'],
    ARRAY['zone_estates', 'zone_id,estate_id', '', ''],
    ARRAY['users', 'id', 'password_hash', '']
  ] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I
                    FOR EACH ROW EXECUTE FUNCTION audit_row(%L, %L, %L)',
                   spec[1] || '_audit', spec[1], spec[2], spec[3], spec[4]);
  END LOOP;
END;
$$;
