-- Each API process keeps the sessions it has looked up for a few seconds (server/auth/session-cache.ts),
-- so that a cached tile is not slowed by a database round trip. Ending a session or changing an
-- account (disabled, role, region) must reach every process at once: the change notification of
-- migration 0006 (NOTIFY data_changed '<table>', delivered after commit), now on these tables too,
-- makes each process drop its cached sessions. Inserts (a login) change nobody's existing session.
CREATE TRIGGER sessions_notify_changed AFTER UPDATE OR DELETE OR TRUNCATE ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION notify_data_changed();
CREATE TRIGGER users_notify_changed AFTER UPDATE OR DELETE OR TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION notify_data_changed();
