import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Queryable } from '../db/engine.ts';
import { geodataPath } from './paths.ts';

/**
 * Real names and codes: provinces and cities of the five programmes (NBS), their counties and
 * streets from the NBS 2023 list, province outlines from Natural Earth. Streets the documents
 * name but the 2023 list lacks get a generated code and say so.
 */
const PROVINCES = [
  { code: '15', name: '内蒙古自治区', outline: 'CN-NM' },
  { code: '32', name: '江苏省', outline: 'CN-JS' },
  { code: '33', name: '浙江省', outline: 'CN-ZJ' },
  { code: '36', name: '江西省', outline: 'CN-JX' },
  { code: '52', name: '贵州省', outline: 'CN-GZ' },
];
const CITIES = [
  { code: '1503', name: '乌海市' },
  { code: '3206', name: '南通市' },
  { code: '3302', name: '宁波市' },
  { code: '3607', name: '赣州市' },
  { code: '5206', name: '铜仁市' },
];
/** Approximate real centres (DESIGN.md): where the generator places each district's streets. */
export const DISTRICT_CENTRES: Record<string, [number, number]> = {
  '360703': [114.76, 25.66],
  '150302': [106.82, 39.67],
  '150304': [106.72, 39.51],
  '150303': [106.89, 39.44],
  '320614': [121.18, 31.87],
  '520621': [108.84, 27.7],
  '330206': [121.84, 29.9],
};
/** Named in the documents, absent from the NBS 2023 list. */
const GENERATED_STREETS = [
  { code: '360703901', name: '南水街道', parent: '360703', why: 'named in the 2024 Nankang plan (seed 004)' },
  { code: '320614901', name: '海门街道', parent: '320614', why: 'named in Haimen 2021 (seed 000) as 海门经济技术开发区（海门街道）' },
];

interface CsvRow {
  code: string;
  name: string;
  [k: string]: string;
}

function readCsv(path: string): CsvRow[] {
  return parse(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true }) as CsvRow[];
}

export async function loadRegions(tx: Queryable): Promise<void> {
  for (const p of PROVINCES) {
    const feature = JSON.parse(readFileSync(geodataPath(`sources/natural-earth-admin1/${p.outline}.json`), 'utf8'));
    await tx.query(
      `INSERT INTO regions (code, name, level, parent_code, code_source, geom, synthetic)
       VALUES ($1, $2, 'province', NULL, 'nbs2023', ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($3), 4326)), false)`,
      [p.code, p.name, JSON.stringify(feature.geometry)],
    );
  }
  for (const c of CITIES) {
    await tx.query(`INSERT INTO regions (code, name, level, parent_code, code_source) VALUES ($1, $2, 'city', $3, 'nbs2023')`, [
      c.code,
      c.name,
      c.code.slice(0, 2),
    ]);
  }
  for (const d of readCsv(geodataPath('sources/nbs-codes/target_counties_nbs2023.csv'))) {
    const centre = DISTRICT_CENTRES[d.code];
    await tx.query(
      `INSERT INTO regions (code, name, level, parent_code, code_source, centre)
       VALUES ($1, $2, 'district', $3, 'nbs2023', ST_SetSRID(ST_MakePoint($4, $5), 4326))`,
      [d.code, d.name, d.cityCode, centre?.[0] ?? null, centre?.[1] ?? null],
    );
  }
  for (const s of readCsv(geodataPath('sources/nbs-codes/target_streets_nbs2023.csv'))) {
    await tx.query(`INSERT INTO regions (code, name, level, parent_code, code_source) VALUES ($1, $2, 'street', $3, 'nbs2023')`, [
      s.code,
      s.name,
      s.countyCode,
    ]);
  }
  for (const s of GENERATED_STREETS) {
    await tx.query(`INSERT INTO regions (code, name, level, parent_code, code_source) VALUES ($1, $2, 'street', $3, 'generated')`, [
      s.code,
      s.name,
      s.parent,
    ]);
  }
}
