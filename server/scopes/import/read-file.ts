import { HttpError } from '../../http/errors.ts';
import { readGeoJson } from './read-geojson.ts';
import { readGpkg } from './read-gpkg.ts';
import { readShapefileZip } from './read-shapefile.ts';
import type { ReadFile } from './types.ts';

/** By content first (zip, SQLite), then by name: .geojson/.json. */
export async function readScopeFile(name: string, bytes: Uint8Array, srid: number | undefined): Promise<ReadFile> {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 16));
  let file: ReadFile;
  if (head.startsWith('PK\u0003\u0004') || head.startsWith('PK\u0005\u0006')) file = await readShapefileZip(name, bytes, srid);
  else if (head.startsWith('SQLite format 3\u0000')) file = await readGpkg(name, bytes, srid);
  else if (/\.(geo)?json$/i.test(name) || /^\s*[{\uFEFF]/.test(new TextDecoder().decode(bytes.subarray(0, 8)))) {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new HttpError(422, 'not_utf8', `${name}: GeoJSON must be UTF-8 (RFC 7946 §11)`, { file: name });
    }
    file = readGeoJson(name, text, srid);
  } else {
    throw new HttpError(415, 'unsupported_file', `${name}: send GeoJSON (.geojson), a zipped Shapefile (.zip with .shp, .dbf, .prj) or a GeoPackage (.gpkg)`, { file: name });
  }
  if (file.features.length === 0) throw new HttpError(422, 'empty_file', `${name}: the file holds no features, so there is nothing to import`, { file: name });
  return file;
}
