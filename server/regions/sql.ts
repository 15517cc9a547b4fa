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
    AND ($2::text IS NULL OR r.parent_code = $2)`;
