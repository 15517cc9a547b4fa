import { unzipSync } from 'fflate';
import { read as readShapefile } from 'shapefile';
import { HttpError } from '../../http/errors.ts';
import { checkFeatureLimits } from '../../http/limits.ts';
import type { ReadFile, SourceCrs } from './types.ts';

/** Uncompressed bytes a zip may unpack to: a zip bomb stops here, before it is inflated. */
export const MAX_UNZIPPED_BYTES = 200 * 2 ** 20;

/** .cpg names seen in the wild → WHATWG encoding labels. */
const CODE_PAGES: Record<string, string> = {
  'utf-8': 'utf-8', utf8: 'utf-8', '65001': 'utf-8',
  gbk: 'gbk', '936': 'gbk', cp936: 'gbk', gb2312: 'gbk', 'ansi 936': 'gbk', gb18030: 'gb18030',
  big5: 'big5', '950': 'big5',
  'iso-8859-1': 'windows-1252', latin1: 'windows-1252', '1252': 'windows-1252', 'ansi 1252': 'windows-1252',
};

/**
 * A zipped Shapefile: one .shp with its .dbf, .prj and optional .cpg. The .prj (ESRI WKT) goes to
 * PostGIS as is (ST_Transform with a PROJ definition); without one, the form's `srid` must say the
 * CRS. The .dbf's text encoding is the .cpg's; without a .cpg, UTF-8 if the table decodes as
 * UTF-8, else GBK (what Chinese ArcGIS and CAD exports write).
 */
export async function readShapefileZip(name: string, bytes: Uint8Array, srid: number | undefined): Promise<ReadFile> {
  let total = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        total += f.originalSize;
        if (total > MAX_UNZIPPED_BYTES) {
          throw new HttpError(413, 'payload_too_large', `${name}: the zip unpacks to more than ${MAX_UNZIPPED_BYTES / 2 ** 20} MB`, { limitBytes: MAX_UNZIPPED_BYTES });
        }
        return !f.name.startsWith('__MACOSX/');
      },
    });
  } catch (e) {
    if (e instanceof HttpError) throw e;
    throw new HttpError(422, 'unreadable_file', `${name}: not a readable zip archive (${(e as Error).message})`, { file: name });
  }
  const entries = Object.keys(files);
  const shps = entries.filter((f) => /\.shp$/i.test(f));
  if (shps.length === 0) {
    throw new HttpError(422, 'no_shapefile', `${name}: the zip holds no .shp file (it has: ${entries.join(', ') || 'nothing'})`, { file: name, entries });
  }
  if (shps.length > 1) {
    throw new HttpError(422, 'several_shapefiles', `${name}: the zip holds ${shps.length} .shp files (${shps.join(', ')}); send one layer per zip`, { file: name, entries: shps });
  }
  const stem = shps[0]!.slice(0, -4);
  const sidecar = (ext: string) => entries.find((f) => f.toLowerCase() === `${stem}.${ext}`.toLowerCase());
  const dbfName = sidecar('dbf');
  if (!dbfName) throw new HttpError(422, 'no_dbf', `${name}: ${stem}.shp has no ${stem}.dbf beside it (the attributes)`, { file: name });
  const prjName = sidecar('prj');
  const cpgName = sidecar('cpg');
  const shp = files[shps[0]!]!;
  const dbf = files[dbfName]!;

  let crs: SourceCrs;
  if (srid) crs = { srid, label: `EPSG:${srid} (from the form)` };
  else if (prjName) {
    const wkt = new TextDecoder().decode(files[prjName]).trim();
    crs = { wkt, label: /^\w+\["([^"]+)"/.exec(wkt)?.[1] ?? 'the .prj' };
  } else {
    throw new HttpError(422, 'no_crs', `${name}: ${stem}.shp has no .prj, so its coordinates could be in any system: add the .prj or send srid (an EPSG code)`, { file: name });
  }

  const cpg = cpgName ? new TextDecoder().decode(files[cpgName]).trim().toLowerCase() : null;
  const encoding = cpg ? CODE_PAGES[cpg] : utf8OrGbk(dbf);
  if (!encoding) throw new HttpError(422, 'unknown_encoding', `${name}: ${cpgName} names the code page "${cpg}", which is not one of ${Object.keys(CODE_PAGES).join(', ')}`, { file: name });

  // Shape types 11, 13, 15, 18 carry Z; the reader below would drop it without a word.
  const shapeType = new DataView(shp.buffer, shp.byteOffset, shp.byteLength).getInt32(32, true);
  const has3d = [11, 13, 15, 18].includes(shapeType);

  let collection;
  try {
    collection = await readShapefile(copy(shp), copy(dbf), { encoding });
  } catch (e) {
    throw new HttpError(422, 'unreadable_file', `${name}: ${stem}.shp could not be read (${(e as Error).message})`, { file: name });
  }
  checkFeatureLimits(name, null, collection.features, 1);
  return {
    format: 'shapefile',
    crs,
    features: collection.features.map((f, index) => ({
      index,
      properties: { ...(f.properties ?? {}) },
      geometry: f.geometry,
      has3d,
    })),
  };
}

/** A detached ArrayBuffer of exactly these bytes (the reader wants its own buffer). */
function copy(b: Uint8Array): ArrayBuffer {
  return b.slice().buffer as ArrayBuffer;
}

/** The .dbf's field names and records decode as UTF-8 without a bad byte: UTF-8, else GBK. */
function utf8OrGbk(dbf: Uint8Array): string {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(dbf.subarray(32));
    return 'utf-8';
  } catch {
    return 'gbk';
  }
}
