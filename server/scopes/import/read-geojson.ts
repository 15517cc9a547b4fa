import type { Geometry } from 'geojson';
import { HttpError } from '../../http/errors.ts';
import { checkFeatureLimits } from '../../http/limits.ts';
import type { ReadFile, SourceCrs } from './types.ts';

/**
 * A GeoJSON FeatureCollection (or a single Feature). RFC 7946 coordinates are WGS84; a legacy
 * `crs` member naming an EPSG code (as QGIS and GDAL still write for other systems) is honoured,
 * and `srid` from the form says it when the file does not.
 */
export function readGeoJson(name: string, text: string, srid: number | undefined): ReadFile {
  let doc: { type?: unknown; features?: unknown; crs?: { properties?: { name?: unknown } } };
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new HttpError(422, 'invalid_json_file', `${name}: not valid JSON: ${(e as Error).message}`, { file: name });
  }
  const features = doc?.type === 'FeatureCollection' ? doc.features : doc?.type === 'Feature' ? [doc] : undefined;
  if (!Array.isArray(features)) throw new HttpError(422, 'not_feature_collection', `${name}: expected a GeoJSON FeatureCollection`, { file: name });
  // Depth, features and vertices, without recursion, before anything below walks the features.
  checkFeatureLimits(name, doc.type === 'FeatureCollection' ? doc : null, features, doc.type === 'FeatureCollection' ? 3 : 1);
  const named = typeof doc.crs?.properties?.name === 'string' ? /EPSG:{1,2}(\d+)$/i.exec(doc.crs.properties.name) : null;
  const fromFile = named ? Number(named[1]) : /CRS84$/i.test(String(doc.crs?.properties?.name ?? '')) ? 4326 : undefined;
  const crs: SourceCrs = srid
    ? { srid, label: `EPSG:${srid} (from the form)` }
    : fromFile
      ? { srid: fromFile, label: `EPSG:${fromFile} (the file's crs member)` }
      : { srid: 4326, label: 'EPSG:4326 (RFC 7946 GeoJSON)' };
  return {
    format: 'geojson',
    crs,
    features: features.map((f: { properties?: unknown; geometry?: unknown }, index) => ({
      index,
      properties: f && typeof f.properties === 'object' && f.properties !== null ? (f.properties as Record<string, unknown>) : {},
      geometry: (f?.geometry ?? null) as Geometry | null,
      has3d: hasThirdValue((f?.geometry as { coordinates?: unknown } | null)?.coordinates),
    })),
  };
}

function hasThirdValue(c: unknown): boolean {
  if (!Array.isArray(c)) return false;
  if (typeof c[0] === 'number') return c.length > 2;
  return c.some(hasThirdValue);
}
