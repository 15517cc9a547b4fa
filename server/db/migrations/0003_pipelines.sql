-- Dig once (一次开挖): metric copies of pipeline works and roads for the conflict, corridor and
-- moratorium queries. Geometry stays stored in EPSG:4326; these Web Mercator copies are kept by
-- the database itself (generated columns, so every insert path, COPY included, fills them) and
-- carry their own GiST index, because a transform inside the join would defeat the index on geom.
-- Mercator stretches distances by 1/cos(latitude): the queries divide metric thresholds by
-- cos(latitude) to search in these units, then measure the figures they report in the local UTM
-- zone.
ALTER TABLE pipeline_works
  ADD COLUMN geom_merc geometry(LineString, 3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED;
CREATE INDEX pipeline_works_geom_merc_gix ON pipeline_works USING gist (geom_merc);
-- Estate links are looked up when an estate's renovation window is compared with the works in it.
CREATE INDEX pipeline_works_estate_idx ON pipeline_works (estate_id);

ALTER TABLE roads
  ADD COLUMN geom_merc geometry(LineString, 3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED;
CREATE INDEX roads_geom_merc_gix ON roads USING gist (geom_merc);
