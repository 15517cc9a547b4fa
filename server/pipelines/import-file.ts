import { parse } from 'csv-parse/sync';
import { HttpError } from '../http/errors.ts';
import { checkFeatureLimits, LIMITS, limitText, overLimit } from '../http/limits.ts';
import { parseInWorker } from '../http/parse-worker.ts';
import { workInputSchema, type WorkInput } from '../../shared/pipelines/contract.ts';
import { DECIMAL_RULE, parseStrictDecimal, parseStrictInteger } from '../../shared/numbers/strict-decimal.ts';

/**
 * Reads an uploaded file of pipeline works into validated inputs, or one 422 listing every bad
 * row/feature (so a planner fixes the file in one pass). Nothing here touches the database.
 *
 * CSV, one of two layouts (headers in English or Chinese, case-insensitive):
 * - one row per work with a `wkt` column holding LINESTRING(lon lat, …);
 * - one row per vertex with `lon`, `lat` and a `work` key: consecutive rows with the same key
 *   form one line, in file order, and must repeat the same attributes.
 * GeoJSON: a FeatureCollection of LineString features with the attributes as properties.
 */

export interface Problem {
  /** CSV: the line number in the file (the header is line 1). */
  row?: number;
  /** GeoJSON: the feature's index in `features`, from 0. */
  feature?: number;
  field: string;
  message: string;
}

export type Located = { row: number } | { feature: number };

const HEADER_ALIASES: Record<string, string> = {
  utility: 'utility', 管线类型: 'utility', 类型: 'utility',
  owner: 'owner', 权属单位: 'owner', 建设单位: 'owner', 单位: 'owner',
  district: 'districtCode', district_code: 'districtCode', districtcode: 'districtCode', 区县代码: 'districtCode',
  estate_id: 'estateId', estateid: 'estateId', 小区编号: 'estateId',
  project_id: 'projectId', projectid: 'projectId', 项目编号: 'projectId',
  start_date: 'startDate', startdate: 'startDate', start: 'startDate', 计划开工: 'startDate', 开工日期: 'startDate',
  end_date: 'endDate', enddate: 'endDate', end: 'endDate', 计划完工: 'endDate', 完工日期: 'endDate',
  status: 'status', 状态: 'status',
  wkt: 'wkt', geometry: 'wkt', geom: 'wkt',
  lon: 'lon', lng: 'lon', longitude: 'lon', x: 'lon', 经度: 'lon',
  lat: 'lat', latitude: 'lat', y: 'lat', 纬度: 'lat',
  work: 'work', work_id: 'work', line_id: 'work', 编号: 'work',
};
const ATTRIBUTES = ['utility', 'owner', 'districtCode', 'estateId', 'projectId', 'startDate', 'endDate', 'status'] as const;

export interface WorksFile {
  works: WorkInput[];
  /** Where each work is in the file, for problems found later (unknown estate, …). */
  locations: Located[];
}

/** readWorksFile in a parse worker (server/http/parse-worker.ts), off the request path. */
export async function readWorksInWorker(file: File): Promise<WorksFile> {
  const buffer = await file.arrayBuffer();
  return parseInWorker<WorksFile>({ module: import.meta.url, name: 'readWorksUpload' }, [file.name, buffer], [buffer]);
}

/** The worker's entry: the upload's bytes arrive as an ArrayBuffer. */
export function readWorksUpload(name: string, buffer: ArrayBuffer): WorksFile {
  return readWorksFile(name, new Uint8Array(buffer));
}

export function readWorksFile(name: string, bytes: Uint8Array): WorksFile {
  const lower = name.toLowerCase();
  const text = decode(name, bytes);
  if (lower.endsWith('.geojson') || lower.endsWith('.json')) return readGeoJson(name, text);
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return readCsv(name, text);
  throw new HttpError(415, 'unsupported_file', `${name}: only .csv, .geojson and .json files of pipeline works are accepted`, { file: name });
}

function decode(name: string, bytes: Uint8Array): string {
  for (const encoding of ['utf-8', 'gbk']) {
    try {
      return new TextDecoder(encoding, { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
    } catch {
      // next encoding: spreadsheets saved on Chinese Windows are often GBK
    }
  }
  throw new HttpError(422, 'unreadable_file', `${name}: the file is neither UTF-8 nor GBK text`, { file: name });
}

function reject(name: string, problems: Problem[]): never {
  const first = problems[0]!;
  const where = first.row !== undefined ? `row ${first.row}` : `feature ${first.feature}`;
  throw new HttpError(
    422,
    'invalid_works',
    `${name}: ${problems.length} problem(s), nothing was imported; first: ${where}, ${first.field}: ${first.message}`,
    problems,
  );
}

/** Validates one work's attributes and line; problems are pushed with their location. */
function validate(at: Located, raw: Record<string, unknown>, problems: Problem[]): WorkInput | null {
  const result = workInputSchema.safeParse(raw);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) problems.push({ ...at, field: key, message: 'is not a known field' });
    } else {
      problems.push({ ...at, field: issue.path.join('.') || '(work)', message: issue.message });
    }
  }
  return null;
}

function readGeoJson(name: string, text: string): WorksFile {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new HttpError(422, 'unreadable_file', `${name}: not valid JSON: ${(e as Error).message}`, { file: name });
  }
  const fc = doc as { type?: unknown; features?: unknown };
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    throw new HttpError(422, 'unreadable_file', `${name}: expected a GeoJSON FeatureCollection`, { file: name });
  }
  if (fc.features.length === 0) throw new HttpError(422, 'empty_file', `${name}: the collection has no features`, { file: name });
  // Depth, features and vertices, without recursion, before validation walks the features.
  checkFeatureLimits(name, fc, fc.features as { geometry?: unknown }[], 3);
  const problems: Problem[] = [];
  const works = fc.features.map((f: { properties?: Record<string, unknown> | null; geometry?: unknown }, feature: number) => {
    const props = { ...(f?.properties ?? {}) };
    // Exported collections carry read-only fields; they are not part of a new work.
    for (const k of ['id', 'lengthMeters', 'version', 'synthetic', 'road']) delete props[k];
    return validate({ feature }, { ...props, geometry: f?.geometry }, problems);
  });
  if (problems.length > 0) reject(name, problems);
  return { works: works as WorkInput[], locations: works.map((_, feature) => ({ feature })) };
}

function readCsv(name: string, text: string): WorksFile {
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (e) {
    throw new HttpError(422, 'unreadable_file', `${name}: not a valid CSV: ${(e as Error).message}`, { file: name });
  }
  if (records.length > LIMITS.tableRows) throw overLimit(name, 'tableRows', records.length);
  const [header, ...rows] = records;
  if (!header || rows.length === 0) throw new HttpError(422, 'empty_file', `${name}: no rows under the header`, { file: name });
  const problems: Problem[] = [];
  const columns = header.map((h) => HEADER_ALIASES[h.trim().toLowerCase()] ?? null);
  header.forEach((h, i) => {
    if (!columns[i]) problems.push({ row: 1, field: h, message: 'is not a known column' });
  });
  const has = (c: string) => columns.includes(c);
  if (!has('wkt') && !(has('lon') && has('lat') && has('work'))) {
    problems.push({ row: 1, field: 'geometry', message: 'needs a wkt column, or lon, lat and work columns (one row per vertex)' });
  }
  if (problems.length > 0) reject(name, problems);

  // Line numbers: skip_empty_lines drops blank lines, so count from the parser's own records.
  const cells = rows.map((cellsOfRow, i) => ({ row: i + 2, get: (c: string) => cellsOfRow[columns.indexOf(c)]?.trim() ?? '' }));
  const attributes = (get: (c: string) => string) => {
    const out: Record<string, unknown> = {};
    for (const a of ATTRIBUTES) {
      if (!has(a)) continue;
      const v = get(a);
      if (v === '') continue;
      // An id in a file is a plain decimal numeral (shared/numbers/strict-decimal.ts); anything
      // else goes on as text, which the schema refuses naming the field.
      out[a] = a === 'estateId' || a === 'projectId' ? (parseStrictInteger(v) ?? v) : v;
    }
    return out;
  };

  const works: (WorkInput | null)[] = [];
  const locations: Located[] = [];
  if (has('wkt')) {
    let vertices = 0;
    for (const { row, get } of cells) {
      const line = parseWktLine(get('wkt'));
      if (typeof line === 'string') {
        problems.push({ row, field: 'wkt', message: line });
        continue;
      }
      if (line.coordinates.length > LIMITS.verticesPerFeature) {
        problems.push({ row, field: 'wkt', message: `has more than ${limitText.verticesPerFeature} (the limit): simplify it first` });
        continue;
      }
      vertices += line.coordinates.length;
      if (vertices > LIMITS.verticesPerFile) throw overLimit(name, 'verticesPerFile', `${vertices} by row ${row}`);
      works.push(validate({ row }, { ...attributes(get), geometry: line }, problems));
      locations.push({ row });
    }
  } else {
    let current: { key: string; row: number; attrs: string; raw: Record<string, unknown>; coords: number[][] } | null = null;
    const flush = () => {
      if (!current) return;
      works.push(validate({ row: current.row }, { ...current.raw, geometry: { type: 'LineString', coordinates: current.coords } }, problems));
      locations.push({ row: current.row });
    };
    for (const { row, get } of cells) {
      const key = get('work');
      const lon = parseStrictDecimal(get('lon'));
      const lat = parseStrictDecimal(get('lat'));
      if (lon === null || lat === null) {
        for (const [field, v] of [['lon', lon], ['lat', lat]] as const) {
          if (v === null) problems.push({ row, field, message: `must be ${DECIMAL_RULE}, got "${get(field).slice(0, 40)}"` });
        }
        continue;
      }
      const raw = attributes(get);
      if (!current || current.key !== key) {
        flush();
        current = { key, row, attrs: JSON.stringify(raw), raw, coords: [] };
      } else if (Object.keys(raw).length > 0 && JSON.stringify(raw) !== current.attrs) {
        problems.push({ row, field: 'work', message: `repeats work ${key} with different attributes than its first row ${current.row}` });
      }
      current.coords.push([lon, lat]);
    }
    flush();
  }
  if (problems.length > 0) reject(name, problems);
  return { works: works as WorkInput[], locations };
}

/** LINESTRING(lon lat, …), optionally with an SRID=4326; prefix. A message when it is not one. */
export function parseWktLine(wkt: string): { type: 'LineString'; coordinates: number[][] } | string {
  const m = /^(?:SRID=(\d+);)?\s*LINESTRING\s*(?:Z\s*)?\(([^()]*)\)\s*$/i.exec(wkt.trim());
  if (!m) return wkt === '' ? 'is empty' : 'must be WKT LINESTRING(lon lat, lon lat, …)';
  if (m[1] && m[1] !== '4326') return `must be in EPSG:4326 (WGS84), not SRID ${m[1]}`;
  const coordinates = m[2]!.split(',').map((p) => p.trim().split(/\s+/).map(parseStrictDecimal));
  if (coordinates.some((p) => p.length < 2 || p.some((n) => n === null))) return `has a point that is not two numbers (each ${DECIMAL_RULE})`;
  return { type: 'LineString', coordinates: coordinates as number[][] };
}
