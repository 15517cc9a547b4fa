import { LAYER_FIELDS } from '../fields.ts';
import type { ScopeFile } from './types.ts';

/**
 * One FeatureCollection; each feature says its `layer` first, then the layer's fields in a fixed
 * order (null when unknown). RFC 7946 in WGS84 and GCJ-02 (lon/lat, no `crs` member; GCJ-02 is
 * said in `metadata` and the file name, since no code names it). CGCS2000 carries the legacy
 * `crs` member with its EPSG code, which GDAL and QGIS honour: RFC 7946 has no other way to say
 * it. A feature's top-level `id` is its position in the file (1, 2, …): estate 5 and building 5
 * would collide as ids, and without a top-level id GDAL promotes the `id` property to the FID, so
 * that `ogr2ogr -f GPKG` fails on the first repeated one. The `id` property keeps the row's own id.
 */
export function writeGeoJson(file: ScopeFile): string {
  let n = 0;
  const features = file.layers.flatMap(({ layer, features }) =>
    features.map((f) => ({
      type: 'Feature',
      id: ++n,
      properties: Object.fromEntries([['layer', layer], ...LAYER_FIELDS[layer].map(([name]) => [name, f.props[name] ?? null])]),
      geometry: f.geometry,
    })),
  );
  const crs = file.crs.name === 'cgcs2000' ? { crs: { type: 'name', properties: { name: `urn:ogc:def:crs:EPSG::${file.crs.epsg}` } } } : {};
  return JSON.stringify({ type: 'FeatureCollection', name: file.metadata.scope.name, ...crs, metadata: file.metadata, features });
}
