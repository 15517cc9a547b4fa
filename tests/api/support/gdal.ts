import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Debian's GDAL (gdal-bin) as the independent reader of what the app writes: ogrinfo and ogr2ogr
 * run on real files, and any warning they print fails the test.
 */
export interface GdalRun {
  stdout: string;
  stderr: string;
  status: number | null;
}

export function gdal(tool: 'ogrinfo' | 'ogr2ogr', args: string[]): GdalRun {
  const r = spawnSync(tool, args, { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  if (r.error) throw r.error;
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** A fresh temporary directory for files handed to GDAL. */
export function scratchDir(prefix = 'scope-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeScratch(dir: string, name: string, body: Uint8Array | string): string {
  const path = join(dir, name);
  writeFileSync(path, body);
  return path;
}

/** ogr2ogr to GeoJSON on stdout: what GDAL itself reads from a file, layer by layer. */
export function readWithGdal(path: string, layer?: string, options: string[] = []): { collection: GeoJSON.FeatureCollection; stderr: string } {
  const r = gdal('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', path, ...options, ...(layer ? [layer] : [])]);
  if (r.status !== 0) throw new Error(`ogr2ogr failed on ${path}: ${r.stderr}`);
  return { collection: JSON.parse(r.stdout) as GeoJSON.FeatureCollection, stderr: r.stderr };
}

/** Layer names, feature counts, field names and SRS lines from `ogrinfo -so -al`. */
export function ogrSummary(path: string, options: string[] = []) {
  const r = gdal('ogrinfo', ['-ro', '-so', '-al', ...options, path]);
  const layers: { name: string; count: number; geometry: string; fields: string[]; srs: string }[] = [];
  let current: (typeof layers)[number] | undefined;
  let inSrs = false;
  for (const line of r.stdout.split('\n')) {
    const name = /^Layer name: (.*)$/.exec(line);
    if (name) {
      current = { name: name[1]!, count: -1, geometry: '', fields: [], srs: '' };
      layers.push(current);
      inSrs = false;
      continue;
    }
    if (!current) continue;
    const count = /^Feature Count: (\d+)/.exec(line);
    if (count) current.count = Number(count[1]);
    const geometry = /^Geometry: (.*)$/.exec(line);
    if (geometry) current.geometry = geometry[1]!;
    if (/^Layer SRS WKT:/.test(line)) {
      inSrs = true;
      continue;
    }
    if (inSrs && /^(Data axis|Geometry Column|FID Column|[A-Za-z0-9_]+: )/.test(line)) inSrs = false;
    if (inSrs) current.srs += line + '\n';
    const field = /^([A-Za-z0-9_]+): (String|Integer|Integer64|Real|Date|DateTime|StringList|IntegerList|Integer64List|RealList)/.exec(line);
    if (field && !inSrs) current.fields.push(field[1]!);
  }
  return { layers, stderr: r.stderr, status: r.status };
}
