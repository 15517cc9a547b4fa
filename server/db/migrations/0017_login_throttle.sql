-- Trust, second pass (issue 14): the login throttle counts each attempt before its password is
-- checked, in one conditional row update per counter, so that parallel guesses (in one process or
-- several) cannot all pass a check that none of them has yet counted.
--
-- One row per counter and window: 'pair:<username>@<address>', 'user:<username>' and
-- 'addr:<address>'. `attempts` holds the attempts of the window that are failures or still being
-- checked; a success gives back its own attempt and nothing else. The window starts at the first
-- attempt and lasts server/auth/throttle.ts WINDOW_MINUTES; the first attempt after it starts a new one.
DROP TABLE login_failures;

CREATE TABLE login_throttle (
  key text PRIMARY KEY,
  window_start timestamptz NOT NULL,
  attempts integer NOT NULL CHECK (attempts >= 0)
);
CREATE INDEX login_throttle_window_idx ON login_throttle (window_start);
