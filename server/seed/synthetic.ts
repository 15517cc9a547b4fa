import type { Queryable } from '../db/engine.ts';
import { generate } from '../../geodata/generate/index.ts';
import type { GenEstate, GenInput, GenOutput, GenRegion } from '../../geodata/generate/types.ts';

/** Fixed so that every fresh database gets the same generated geometry. */
export const DEMO_SEED = 20241122;
/** Synthetic report history runs up to this period (the Nankang plan's year end). */
export const DEMO_REPORT_UNTIL = '2024-10';

/**
 * Geometry the seeds lack, generated near the real places and flagged synthetic: outlines for
 * the districts, streets and communities that hold estates, estate red lines, building
 * footprints, roads, pipeline works, and a monthly report history where no real one exists.
 */
export async function loadSyntheticGeometry(tx: Queryable): Promise<string> {
  const input = await generatorInput(tx);
  const out = generate(input);
  await writeOutput(tx, out);
  return `${out.buildings.length} buildings, ${out.roads.length} roads, ${out.pipelines.length} pipeline works, ${out.reports.length} synthetic reports`;
}

async function generatorInput(tx: Queryable): Promise<GenInput> {
  const regions = await tx.query<{ code: string; name: string; level: GenRegion['level']; parent_code: string | null; lon: number | null; lat: number | null }>(`
    SELECT r.code, r.name, r.level, r.parent_code, ST_X(r.centre)::float8 AS lon, ST_Y(r.centre)::float8 AS lat
    FROM regions r
    WHERE r.level = 'district' AND EXISTS (SELECT 1 FROM estates e WHERE e.district_code = r.code)
       OR r.level = 'street' AND EXISTS (SELECT 1 FROM estates e WHERE e.street_code = r.code)
       OR r.level = 'community' AND EXISTS (SELECT 1 FROM estates e WHERE e.community_code = r.code)
    ORDER BY r.code`);
  const estates = await tx.query<{
    id: number; name: string; district_code: string; street_code: string; community_code: string | null;
    project_id: number | null; floor_area_m2: number | null; building_count: number | null; households: number | null; year: number;
  }>(`
    SELECT e.id, e.name, e.district_code, e.street_code, e.community_code, e.project_id,
           e.floor_area_m2::float8 AS floor_area_m2, e.building_count, e.households, p.year
    FROM estates e JOIN plans p ON p.id = e.plan_id ORDER BY e.id`);
  const real = await tx.query<{ estate_id: number }>(`SELECT DISTINCT estate_id FROM progress_reports WHERE NOT synthetic`);
  return {
    seed: DEMO_SEED,
    regions: regions.map((r) => ({
      code: r.code, name: r.name, level: r.level, parentCode: r.parent_code,
      ...(r.lon !== null && r.lat !== null ? { centre: [r.lon, r.lat] as [number, number] } : {}),
    })),
    estates: estates.map((e): GenEstate => ({
      id: e.id, name: e.name, districtCode: e.district_code, streetCode: e.street_code, communityCode: e.community_code,
      projectKey: e.project_id === null ? null : String(e.project_id), floorAreaM2: e.floor_area_m2,
      buildingCount: e.building_count, households: e.households, planYear: e.year,
    })),
    reportUntil: DEMO_REPORT_UNTIL,
    estatesWithRealProgress: real.map((r) => r.estate_id),
  };
}

const SYNTHETIC = 'synthetic (geodata/generate, seed ' + DEMO_SEED + ')';

async function writeOutput(tx: Queryable, out: GenOutput) {
  const json = (v: unknown) => JSON.stringify(v);
  await tx.query(
    `UPDATE regions r SET geom = ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(x.geometry), 4326)), synthetic = true
     FROM json_to_recordset($1::text::json) AS x(code text, geometry text) WHERE r.code = x.code`,
    [json(out.outlines.map((o) => ({ code: o.code, geometry: json(o.geometry) })))],
  );
  await tx.query(
    `UPDATE estates e SET geom = ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(x.geometry), 4326)), geom_synthetic = true
     FROM json_to_recordset($1::text::json) AS x(id int, geometry text) WHERE e.id = x.id`,
    [json(out.estates.map((o) => ({ id: o.estateId, geometry: json(o.geometry) })))],
  );
  await tx.query(
    `INSERT INTO buildings (estate_id, number, floors, households, geom, synthetic)
     SELECT x.estate_id, x.number, x.floors, x.households, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(x.geometry), 4326)), true
     FROM json_to_recordset($1::text::json) AS x(estate_id int, number int, floors int, households int, geometry text)`,
    [json(out.buildings.map((b) => ({ estate_id: b.estateId, number: b.number, floors: b.floors, households: b.households, geometry: json(b.geometry) })))],
  );
  await tx.query(
    `INSERT INTO roads (name, district_code, kind, last_paved_on, paving_kind, geom, synthetic)
     SELECT x.name, x.district_code, x.kind, x.last_paved_on::date, x.paving_kind, ST_SetSRID(ST_GeomFromGeoJSON(x.geometry), 4326), true
     FROM json_to_recordset($1::text::json) AS x(name text, district_code text, kind text, last_paved_on text, paving_kind text, geometry text)`,
    [json(out.roads.map((r) => ({ name: r.name, district_code: r.districtCode, kind: r.kind, last_paved_on: r.lastPavedOn, paving_kind: r.pavingKind, geometry: json(r.geometry) })))],
  );
  await tx.query(
    `INSERT INTO pipeline_works (utility, owner, district_code, estate_id, start_date, end_date, status, geom, synthetic)
     SELECT x.utility, x.owner, x.district_code, x.estate_id, x.start_date::date, x.end_date::date, x.status,
            ST_SetSRID(ST_GeomFromGeoJSON(x.geometry), 4326), true
     FROM json_to_recordset($1::text::json) AS x(utility text, owner text, district_code text, estate_id int, start_date text, end_date text, status text, geometry text)`,
    [json(out.pipelines.map((p) => ({ utility: p.utility, owner: p.owner, district_code: p.districtCode, estate_id: p.estateId, start_date: p.startDate, end_date: p.endDate, status: p.status, geometry: json(p.geometry) })))],
  );
  await tx.query(
    `INSERT INTO progress_reports (estate_id, period, phase, progress_pct, completed_investment_wan, completed, submitted_at, source, synthetic)
     SELECT x.estate_id, x.period, x.phase, x.progress_pct, x.completed_investment_wan, x.completed, x.submitted_at::timestamptz, $2, true
     FROM json_to_recordset($1::text::json) AS x(estate_id int, period text, phase text, progress_pct numeric, completed_investment_wan numeric, completed boolean, submitted_at text)`,
    [json(out.reports.map((r) => ({ estate_id: r.estateId, period: r.period, phase: r.phase, progress_pct: r.progressPct, completed_investment_wan: r.completedInvestmentWan, completed: r.completed, submitted_at: r.submittedAt }))), SYNTHETIC],
  );
}
