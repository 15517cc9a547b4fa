import { featureCollectionSql } from '../http/geojson.ts';

const regionFeature = `json_build_object(
  'type', 'Feature',
  'id', r.code,
  'geometry', ST_AsGeoJSON(r.geom, 7)::json,
  'properties', json_build_object(
    'code', r.code, 'name', r.name, 'level', r.level, 'parent', r.parent_code,
    'codeSource', r.code_source, 'synthetic', r.synthetic))`;

/** Regions as one GeoJSON FeatureCollection, built in the database. */
export const regionsCollectionSql = `
  SELECT ${featureCollectionSql(regionFeature, 'r.code')}::text AS body
  FROM regions r
  WHERE ($1::text IS NULL OR r.level = $1)
    AND ($2::text IS NULL OR r.parent_code = $2)
    AND (NOT $3::boolean OR r.geom IS NOT NULL)`;

const countryFeature = `json_build_object(
  'type', 'Feature',
  'id', c.code,
  'geometry', ST_AsGeoJSON(c.geom, 7)::json,
  'properties', json_build_object(
    'code', c.code, 'name', c.name, 'level', 'country', 'parent', NULL,
    'codeSource', 'iso3166', 'synthetic', false, 'source', c.source))`;

/** The country outline (migration 0013) in the same shape as the regions. */
export const countryCollectionSql = `
  SELECT ${featureCollectionSql(countryFeature, 'c.code')}::text AS body FROM countries c`;
