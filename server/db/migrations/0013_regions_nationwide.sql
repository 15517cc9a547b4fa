-- Every district of China (issue 13): the regions table gets the whole NBS 2023 list of provinces,
-- cities, counties/districts and streets/towns in the data step 0013_regions_nbs2023 that runs right
-- after this file (server/db/data-steps/). Here: what that step needs.

-- The country outline. Not a row of regions: a country has no NBS code (regions.code is digits) and
-- is no province's parent in the NBS list. code is ISO 3166-1 alpha-2.
CREATE TABLE countries (
  code text PRIMARY KEY CHECK (code ~ '^[A-Z]{2}$'),
  name text NOT NULL,
  geom geometry(MultiPolygon, 4326) NOT NULL,
  -- Where the outline comes from (Natural Earth, ~1 km): indicative, not a 标准地图.
  source text NOT NULL
);
CREATE INDEX countries_geom_gix ON countries USING gist (geom);

-- 44,000 rows, of which only provinces and the districts, streets and communities that hold estates
-- have an outline or a centre: index only those (every query on them tests geom && …, which
-- implies IS NOT NULL, so the planner uses the partial index), and drop the index on parent_code
-- that the unique (parent_code, name) index already provides. Fewer indexes to fill makes the
-- load below a third faster on the embedded engine.
DROP INDEX regions_geom_gix;
DROP INDEX regions_centre_gix;
DROP INDEX regions_parent_idx;
CREATE INDEX regions_geom_gix ON regions USING gist (geom) WHERE geom IS NOT NULL;
CREATE INDEX regions_centre_gix ON regions USING gist (centre) WHERE centre IS NOT NULL;

-- Taiwan (71), Hong Kong (81) and Macao (82) are provincial-level units of GB/T 2260 (the national
-- standard of administrative division codes) that the NBS statistical list does not cover: their
-- codes come from the standard, and say so.
ALTER TABLE regions DROP CONSTRAINT regions_code_source_check;
ALTER TABLE regions ADD CONSTRAINT regions_code_source_check CHECK (code_source IN ('nbs2023', 'gbt2260', 'generated'));
