import type { Queryable } from '../db/engine.ts';

/**
 * The demo's own facts about places. Every province, city, county and street is in regions already
 * (migration 0013, the NBS 2023 list); the demo adds where its seven districts are (approximate
 * real centres, from which the generator places synthetic geometry) and the two streets its
 * documents name that the 2023 list lacks, with generated codes that say so.
 */

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

export async function loadRegions(tx: Queryable): Promise<void> {
  const centres = Object.entries(DISTRICT_CENTRES).map(([code, [lon, lat]]) => ({ code, lon, lat }));
  const updated = await tx.query<{ code: string }>(
    `UPDATE regions r SET centre = ST_SetSRID(ST_MakePoint(x.lon, x.lat), 4326)
     FROM json_to_recordset($1::text::json) AS x(code text, lon float8, lat float8)
     WHERE r.code = x.code AND r.level = 'district' RETURNING r.code`,
    [JSON.stringify(centres)],
  );
  if (updated.length !== centres.length) {
    throw new Error(`the demo's districts are not all in regions (found ${updated.length} of ${centres.length}): was migration 0013 applied?`);
  }
  await tx.query(
    `INSERT INTO regions (code, name, level, parent_code, code_source)
     SELECT x.code, x.name, 'street', x.parent, 'generated' FROM json_to_recordset($1::text::json) AS x(code text, name text, parent text)
     ON CONFLICT (code) DO NOTHING`,
    [JSON.stringify(GENERATED_STREETS)],
  );
}
