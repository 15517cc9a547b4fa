-- Metric work for demonstration zones (and anything else measured in metres): the CGCS2000
-- 3-degree Gauss-Krüger zone (EPSG:4534–4554, CM 75°E–135°E) whose central meridian is nearest,
-- so scale error stays under 0.04 %; UTM (WGS 84, north) outside China's longitudes.
CREATE FUNCTION metric_srid(lon float8) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN lon >= 73.5 AND lon < 136.5 THEN 4534 + ((round(lon / 3) * 3 - 75) / 3)::integer
    ELSE 32600 + least(60, floor((lon + 180) / 6)::integer + 1)
  END
$$;

-- A degree box around a geometry that surely holds everything within `meters` of it, so a
-- metric test can be pre-filtered with && on the 4326 GiST index.
CREATE FUNCTION expand_meters(g geometry, meters float8) RETURNS geometry LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ST_Expand(g,
    meters * 1.01 / (111320 * cos(radians(least(89, greatest(abs(ST_YMin(g)), abs(ST_YMax(g))))))),
    meters * 1.01 / 110574)
$$;

CREATE INDEX zone_estates_estate_idx ON zone_estates (estate_id);
