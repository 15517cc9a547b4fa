import type { Context } from 'hono';
import { rawJson, type RawJson } from './register.ts';

/**
 * SQL for a FeatureCollection aggregated from rows: `feature` is a json Feature expression over
 * the FROM clause that follows, `orderBy` keeps the output stable. Empty input gives [] not null.
 */
export function featureCollectionSql(feature: string, orderBy: string): string {
  return `json_build_object('type', 'FeatureCollection', 'features', COALESCE(json_agg(${feature} ORDER BY ${orderBy}), '[]'::json))`;
}

/** Sends a GeoJSON body that the database already serialised (no parse/stringify round trip). */
export function geojson(c: Context, body: string) {
  return c.body(body, 200, { 'content-type': 'application/geo+json; charset=utf-8' });
}

/**
 * A contract's GeoJSON answer that the database already serialised, sent as application/geo+json
 * and typed as the route's answer (server/http/register.ts rawJson).
 */
export function rawGeoJson<T>(body: string): RawJson<T> {
  return rawJson<T>(body, { headers: { 'content-type': 'application/geo+json; charset=utf-8' } });
}
