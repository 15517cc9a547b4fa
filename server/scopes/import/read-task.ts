import { HttpError } from '../../http/errors.ts';
import { verticesOf } from '../../http/limits.ts';
import { parseInWorker } from '../../http/parse-worker.ts';
import { unrepairable, type Problem } from './geometry-check.ts';
import { readScopeFile } from './read-file.ts';
import type { RawFeature, ReadFile } from './types.ts';

/** A feature as the request thread needs it: its attributes, and its geometry as GeoJSON text for PostGIS. */
export interface ParsedFeature extends Pick<RawFeature, 'index' | 'properties' | 'table'> {
  geometryJson: string;
  /** Positions in the geometry (the database work is sent in batches by this). */
  vertices: number;
}

export interface ParsedScopeFile extends Pick<ReadFile, 'format' | 'crs'> {
  features: ParsedFeature[];
}

/** A feature that cannot be imported: where, what (code and params) and the English reason. */
export type FeatureRefusal = { feature: number } & Problem;

/** 422 naming every feature that cannot be imported, each with its code and params; nothing is written. */
export function rejectFeatures(fileName: string, problems: FeatureRefusal[]): never {
  const sorted = [...problems].sort((a, b) => a.feature - b.feature);
  throw new HttpError(
    422,
    'invalid_geometry',
    `${fileName}: ${sorted.length} feature(s) cannot be imported, nothing was written; first: feature ${sorted[0]!.feature} ${sorted[0]!.reason}`,
    sorted.map(({ feature, code, params, reason }) => ({ feature, code, params, reason })),
  );
}

/**
 * Everything about a scope upload that needs no database, run in a parse worker: unzip and read
 * the file, check the limits (server/http/limits.ts) before anything walks it recursively, refuse
 * what no repair can fix, and write each geometry as GeoJSON text (a string crosses back to the
 * request thread as one copy, where a million small arrays would take it a while to rebuild).
 */
export async function readScopeUpload(fileName: string, buffer: ArrayBuffer, srid: number | undefined): Promise<ParsedScopeFile> {
  const file = await readScopeFile(fileName, new Uint8Array(buffer), srid);
  const problems = file.features.flatMap((f) => {
    const problem = unrepairable(f);
    return problem ? [{ feature: f.index, ...problem }] : [];
  });
  if (problems.length) rejectFeatures(fileName, problems);
  return {
    format: file.format,
    crs: file.crs,
    features: file.features.map((f) => ({ index: f.index, properties: f.properties, table: f.table, geometryJson: JSON.stringify(f.geometry), vertices: verticesOf(f.geometry) })),
  };
}

/** readScopeUpload in a parse worker; the bytes are copied (the caller still hashes them). */
export function readScopeInWorker(fileName: string, bytes: Uint8Array, srid: number | undefined): Promise<ParsedScopeFile> {
  const buffer = bytes.slice().buffer as ArrayBuffer;
  return parseInWorker<ParsedScopeFile>({ module: import.meta.url, name: 'readScopeUpload' }, [fileName, buffer, srid], [buffer]);
}
