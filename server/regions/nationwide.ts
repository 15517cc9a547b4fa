import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Queryable } from '../db/engine.ts';
import { geodataPath } from '../seed/paths.ts';
import { readDivision } from './nbs-source.ts';

/**
 * The migration data step 0013_regions_nbs2023: every province, city, county/district and
 * street/town of China into regions, province outlines and the country outline from Natural Earth.
 * Communities are not loaded here (620,000 of them): a plan import adds its districts' communities
 * (communities.ts).
 *
 * Rows go in as one json_to_recordset statement per 5,000 rows: 44,000 rows in about two seconds of
 * CPU on the embedded engine. Existing rows (a database that had the demo's regions before this
 * step) are left as they are, and so is a row with the same name under the same parent (its code
 * stays in use); a province without an outline gets one.
 */
export async function loadNationwideRegions(tx: Queryable): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  // The parent reference is checked once for the whole table at the end instead of row by row (a
  // third of the load's time on the embedded engine); a bad parent still fails the migration.
  await tx.exec('ALTER TABLE regions DROP CONSTRAINT regions_parent_code_fkey');
  counts.province = await loadProvinces(tx);
  counts.country = await loadCountry(tx);
  const levels = [
    { level: 'city', file: 'cities' },
    { level: 'district', file: 'areas' },
    { level: 'street', file: 'streets' },
  ] as const;
  for (const { level, file } of levels) {
    const rows = readDivision(file);
    counts[level] = 0;
    for (let i = 0; i < rows.length; i += CHUNK) {
      const inserted = await tx.query<{ n: number }>(
        `WITH ins AS (
           INSERT INTO regions (code, name, level, parent_code, code_source)
           SELECT x.code, x.name, $2, x.parent, 'nbs2023' FROM json_to_recordset($1::text::json) AS x(code text, name text, parent text)
           ON CONFLICT DO NOTHING RETURNING 1)
         SELECT count(*)::int AS n FROM ins`,
        [JSON.stringify(rows.slice(i, i + CHUNK)), level],
      );
      counts[level] += inserted[0]!.n;
    }
  }
  await tx.exec('ALTER TABLE regions ADD CONSTRAINT regions_parent_code_fkey FOREIGN KEY (parent_code) REFERENCES regions (code)');
  return counts;
}

const CHUNK = 5000;

/**
 * Provincial-level units not in the NBS statistical list, with their GB/T 2260 codes (the national
 * standard the NBS codes extend).
 */
export const GBT2260_PROVINCES = [
  { code: '71', name: '台湾省' },
  { code: '81', name: '香港特别行政区' },
  { code: '82', name: '澳门特别行政区' },
];

const OUTLINES = 'sources/natural-earth-admin1/';

async function loadProvinces(tx: Queryable): Promise<number> {
  const provinces = [
    ...readDivision('provinces').map((r) => ({ code: r.code, name: r.name, source: 'nbs2023' })),
    ...GBT2260_PROVINCES.map((p) => ({ ...p, source: 'gbt2260' })),
  ];
  // provinces.csv maps each Natural Earth file to its NBS code (their two-letter codes are
  // ambiguous); Hainan has two files, the main island and the Paracel Islands: unioned below.
  const outlines = readCsv(geodataPath(`${OUTLINES}provinces.csv`)).map((r) => ({
    code: r.nbs_code!,
    geometry: JSON.stringify(readJson(`${OUTLINES}${r.file}`).geometry),
  }));
  const [row] = await tx.query<{ n: number }>(
    `WITH outline AS (
       -- A union only where there are two parts: on one outline it would re-node it for nothing.
       SELECT o.code, ST_Multi(CASE WHEN count(*) = 1 THEN (array_agg(o.geom))[1] ELSE ST_Union(o.geom) END) AS geom
       FROM (SELECT code, ST_SetSRID(ST_GeomFromGeoJSON(geometry), 4326) AS geom
             FROM json_to_recordset($2::text::json) AS x(code text, geometry text)) o
       GROUP BY o.code),
     ins AS (
       INSERT INTO regions (code, name, level, parent_code, code_source, geom, synthetic)
       SELECT p.code, p.name, 'province', NULL, p.source, o.geom, false
       FROM json_to_recordset($1::text::json) AS p(code text, name text, source text)
       LEFT JOIN outline o ON o.code = p.code
       ON CONFLICT (code) DO UPDATE SET geom = EXCLUDED.geom, synthetic = false WHERE regions.geom IS NULL
       RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    [JSON.stringify(provinces), JSON.stringify(outlines)],
  );
  return row!.n;
}

/**
 * Natural Earth's admin-0 China, joined with its Taiwan, Hong Kong and Macao units (separate
 * admin-0 units there), so that the country encloses every provincial-level unit of GB/T 2260.
 */
async function loadCountry(tx: Queryable): Promise<number> {
  const parts = ['country-CN.json', 'CN-TW.json', 'CN-HK.json', 'CN-MO.json'].map((f) => JSON.stringify(readJson(`${OUTLINES}${f}`).geometry));
  const [row] = await tx.query<{ n: number }>(
    `WITH ins AS (
       INSERT INTO countries (code, name, geom, source)
       SELECT 'CN', '中华人民共和国', ST_Multi(ST_Union(ST_SetSRID(ST_GeomFromGeoJSON(g), 4326))),
              'Natural Earth 10m admin-0 China, Taiwan, Hong Kong, Macao (public domain), geodata/sources/natural-earth-admin1'
       FROM unnest($1::text[]) AS g
       ON CONFLICT (code) DO NOTHING RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    [parts],
  );
  return row!.n;
}

function readCsv(path: string): Record<string, string>[] {
  return parse(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
}

function readJson(relative: string): { geometry: unknown } {
  return JSON.parse(readFileSync(geodataPath(relative), 'utf8')) as { geometry: unknown };
}
