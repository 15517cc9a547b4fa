-- Each API process keeps the sessions it has looked up for a few seconds (server/auth/session-cache.ts),
-- so that a cached tile is not slowed by a database round trip. Ending a session or changing an
-- account (disabled, role, region) must reach every process at once: NOTIFY sessions_changed,
-- delivered after commit, and each process drops its cached sessions. Inserts (a login) change
-- nobody's existing session and do not notify.
CREATE FUNCTION notify_sessions_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('sessions_changed', TG_TABLE_NAME);
  RETURN NULL;
END;
$$;

CREATE TRIGGER sessions_notify_changed AFTER UPDATE OR DELETE OR TRUNCATE ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION notify_sessions_changed();
CREATE TRIGGER users_notify_changed AFTER UPDATE OR DELETE OR TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION notify_sessions_changed();
