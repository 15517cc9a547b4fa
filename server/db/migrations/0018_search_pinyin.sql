-- The search box (GET /api/search) finds names by their pinyin: 金赣小区 by jinganxiaoqu, jin gan,
-- jg. PostgreSQL has no pinyin of its own, so the server computes it (server/search/pinyin.ts,
-- pinyin-pro) once per distinct name and keeps it here, keyed by the name as written; the search
-- SQL joins names to it. Rows are added for names that have none whenever estates, zones or regions
-- changed (NOTIFY data_changed) and someone searches; a row nobody's name uses any more is harmless.
-- No audit and no change notification: it is derived from the names, not data of its own.
CREATE TABLE search_pinyin (
  name text PRIMARY KEY,
  -- Syllables run together, tones dropped, ü as v, other characters lowercased as written:
  -- 'jinganxiaoqu'.
  full_pinyin text NOT NULL,
  -- The first letter of each syllable (a run of Latin letters or digits kept whole): 'jgxq'.
  initials text NOT NULL,
  -- Every syllable's start to the end, each after a space: ' jinganxiaoqu ganxiaoqu xiaoqu qu'.
  -- A partial match must begin at a syllable: 'gan' finds 金赣, 'ngan' does not.
  pinyin_starts text NOT NULL,
  initials_starts text NOT NULL
);
