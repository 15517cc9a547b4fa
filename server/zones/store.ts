import type { Database, Queryable } from '../db/engine.ts';
import { HttpError } from '../http/errors.ts';
import type { ZoneCollection, ZoneFeature, ZoneProperties } from '../../shared/zones/contract.ts';
import { checkContiguity, groupFigures } from './service.ts';
import { figuresSelect, outlineSql } from './sql.ts';

const zoneRowsSql = `
  SELECT z.id, z.name, z.district_code AS "districtCode", z.gap_meters::float8 AS "gapMeters", z.project_id AS "projectId",
    z.version, z.created_at::text AS "createdAt", z.updated_at::text AS "updatedAt", ST_AsGeoJSON(z.geom, 7) AS geometry, f.*
  FROM zones z
  LEFT JOIN LATERAL (
    SELECT ${figuresSelect('e')}, COALESCE(bool_or(e.geom_synthetic), false) AS synthetic
    FROM zone_estates ze JOIN estates e ON e.id = ze.estate_id WHERE ze.zone_id = z.id
  ) f ON true
  WHERE ($1::int IS NULL OR z.id = $1::int) AND ($2::text IS NULL OR z.district_code = $2::text)
  ORDER BY z.id`;

/** The zone's outline from its estates, in one statement. $1 zone id, $2 gap. (Also run when a deleted plan takes some of a zone's estates.) */
export const refreshOutlineSql = `
  WITH s AS (
    SELECT e.geom FROM zone_estates ze JOIN estates e ON e.id = ze.estate_id WHERE ze.zone_id = $1::int
  ),
  m AS (SELECT metric_srid(ST_X(ST_Centroid(ST_Extent(geom)::geometry))) AS srid FROM s),
  g AS (SELECT ST_Collect(ST_Transform(ST_MakeValid(s.geom), m.srid)) AS gs FROM s, m)
  UPDATE zones SET geom = (SELECT ${outlineSql('g.gs', '$2::float8')} FROM g) WHERE id = $1::int`;

type ZoneRow = Omit<ZoneProperties, keyof import('../../shared/zones/contract.ts').ZoneFigures | 'synthetic'> & {
  geometry: string | null;
  synthetic: boolean;
} & Parameters<typeof groupFigures>[1];

async function toFeature(db: Queryable, row: ZoneRow): Promise<ZoneFeature> {
  const { geometry, estateIds, estateCount, households, buildingCount, floorAreaM2, estateInvestmentWan, n_households, n_buildings, n_floor, n_money, synthetic, ...zone } =
    row;
  const figures = await groupFigures(db, { estateIds: estateIds ?? [], estateCount, households, buildingCount, floorAreaM2, estateInvestmentWan, n_households, n_buildings, n_floor, n_money });
  const properties: ZoneProperties = { ...zone, ...figures, synthetic };
  return { type: 'Feature', id: zone.id, geometry: geometry ? JSON.parse(geometry) : null, properties } as ZoneFeature;
}

export async function listZones(db: Queryable, district?: string): Promise<ZoneCollection> {
  const rows = await db.query<ZoneRow>(zoneRowsSql, [null, district ?? null]);
  return { type: 'FeatureCollection', features: await Promise.all(rows.map((r) => toFeature(db, r))) };
}

export async function getZone(db: Queryable, id: number): Promise<ZoneFeature> {
  const [row] = await db.query<ZoneRow>(zoneRowsSql, [id, null]);
  if (!row) throw new HttpError(404, 'not_found', `No zone ${id}`);
  return toFeature(db, row);
}

/** Contiguity is the rule of a zone: 422 with the components and bridges otherwise. */
async function requireContiguous(db: Queryable, ids: number[], gap: number): Promise<void> {
  const check = await checkContiguity(db, ids, gap);
  if (!check.contiguous) {
    throw new HttpError(
      422,
      'not_contiguous',
      `These ${ids.length} estates fall into ${check.components.length} separate groups at a ${gap} m gap; the closest break is ${check.bridges[0]?.gapMeters} m (estates ${check.bridges[0]?.a} and ${check.bridges[0]?.b})`,
      { components: check.components, bridges: check.bridges },
    );
  }
}

/** The district of the zone when all its estates share one (else none). */
const districtSql = `SELECT CASE WHEN count(DISTINCT district_code) = 1 THEN min(district_code) END AS d FROM estates WHERE id = ANY($1::int[])`;

export async function createZone(db: Database, body: { name: string; estateIds: number[]; gapMeters: number }): Promise<ZoneFeature> {
  const id = await db.transaction(async (tx) => {
    await requireContiguous(tx, body.estateIds, body.gapMeters);
    const [{ d } = { d: null }] = await tx.query<{ d: string | null }>(districtSql, [body.estateIds]);
    const [zone] = await tx.query<{ id: number }>(`INSERT INTO zones (name, district_code, gap_meters) VALUES ($1, $2, $3) RETURNING id`, [
      body.name,
      d,
      body.gapMeters,
    ]);
    await tx.query(`INSERT INTO zone_estates (zone_id, estate_id) SELECT $1::int, unnest($2::int[])`, [zone!.id, body.estateIds]);
    await tx.query(refreshOutlineSql, [zone!.id, body.gapMeters]);
    return zone!.id;
  });
  return getZone(db, id);
}

/** 409 with the current zone when `version` is not the one stored (someone saved in between). */
async function lockVersion(tx: Queryable, id: number, version: number): Promise<{ gap: number }> {
  const [row] = await tx.query<{ version: number; gap: number }>(`SELECT version, gap_meters::float8 AS gap FROM zones WHERE id = $1 FOR UPDATE`, [id]);
  if (!row) throw new HttpError(404, 'not_found', `No zone ${id}`);
  if (row.version !== version) {
    throw new HttpError(409, 'stale_version', `Zone ${id} was changed by someone else (version ${row.version}, you sent ${version}): reload it and apply your change again`, {
      current: await getZone(tx, id),
    });
  }
  return row;
}

export async function updateZone(
  db: Database,
  id: number,
  body: { version: number; name?: string; estateIds?: number[]; gapMeters?: number },
): Promise<ZoneFeature> {
  await db.transaction(async (tx) => {
    const current = await lockVersion(tx, id, body.version);
    const gap = body.gapMeters ?? current.gap;
    if (body.estateIds || body.gapMeters !== undefined) {
      const ids = body.estateIds ?? (await tx.query<{ id: number }>(`SELECT estate_id AS id FROM zone_estates WHERE zone_id = $1`, [id])).map((r) => r.id);
      await requireContiguous(tx, ids, gap);
      if (body.estateIds) {
        await tx.query(`DELETE FROM zone_estates WHERE zone_id = $1`, [id]);
        await tx.query(`INSERT INTO zone_estates (zone_id, estate_id) SELECT $1::int, unnest($2::int[])`, [id, ids]);
        const [{ d } = { d: null }] = await tx.query<{ d: string | null }>(districtSql, [ids]);
        await tx.query(`UPDATE zones SET district_code = $2 WHERE id = $1`, [id, d]);
      }
    }
    await tx.query(`UPDATE zones SET name = COALESCE($2, name), gap_meters = $3, version = version + 1, updated_at = now() WHERE id = $1`, [
      id,
      body.name ?? null,
      gap,
    ]);
    await tx.query(refreshOutlineSql, [id, gap]);
  });
  return getZone(db, id);
}

export async function deleteZone(db: Database, id: number, version: number | undefined): Promise<void> {
  await db.transaction(async (tx) => {
    if (version !== undefined) await lockVersion(tx, id, version);
    const rows = await tx.query<{ id: number }>(`DELETE FROM zones WHERE id = $1 RETURNING id`, [id]);
    if (rows.length === 0) throw new HttpError(404, 'not_found', `No zone ${id}`);
  });
}

/**
 * A zone becomes a project of its plan (改造工程): a new project row, the zone's estates moved into
 * it. Refused when the estates span plans, or when a project they leave carries figures of its
 * own (money or households reported for the project as a whole), which cannot be split by guess.
 */
export async function zoneToProject(db: Database, id: number, body: { version: number; name?: string }): Promise<ZoneFeature> {
  await db.transaction(async (tx) => {
    await lockVersion(tx, id, body.version);
    const [zone] = await tx.query<{ name: string; district_code: string | null; project_id: number | null }>(
      `SELECT name, district_code, project_id FROM zones WHERE id = $1`,
      [id],
    );
    if (zone!.project_id !== null) throw new HttpError(409, 'already_project', `Zone ${id} is already project ${zone!.project_id}`);
    const plans = await tx.query<{ plan_id: number }>(
      `SELECT DISTINCT e.plan_id FROM zone_estates ze JOIN estates e ON e.id = ze.estate_id WHERE ze.zone_id = $1`,
      [id],
    );
    if (plans.length !== 1) throw new HttpError(422, 'several_plans', `Zone ${id} holds estates of ${plans.length} plans; a project belongs to one plan`);
    const withFigures = await tx.query<{ id: number; name: string }>(
      `SELECT DISTINCT pj.id, pj.name FROM zone_estates ze JOIN estates e ON e.id = ze.estate_id JOIN projects pj ON pj.id = e.project_id
       WHERE ze.zone_id = $1 AND (pj.planned_investment_wan IS NOT NULL OR pj.households IS NOT NULL OR pj.units IS NOT NULL
         OR pj.completed_investment_wan IS NOT NULL OR pj.floor_area_m2 IS NOT NULL)`,
      [id],
    );
    if (withFigures.length) {
      throw new HttpError(422, 'project_figures', `The estates belong to projects with figures of their own (${withFigures.map((p) => p.name).join('、')}); moving them would split those figures`, {
        projects: withFigures,
      });
    }
    const name = body.name ?? zone!.name;
    const clash = await tx.query(`SELECT 1 FROM projects WHERE plan_id = $1 AND name = $2`, [plans[0]!.plan_id, name]);
    if (clash.length) throw new HttpError(409, 'project_exists', `The plan already has a project named ${name}`);
    const [project] = await tx.query<{ id: number }>(
      `INSERT INTO projects (plan_id, name, kind, district_code, source) VALUES ($1, $2, 'renovation', $3, $4) RETURNING id`,
      [plans[0]!.plan_id, name, zone!.district_code, `demonstration zone ${id}`],
    );
    await tx.query(
      `UPDATE estates SET project_id = $2, version = version + 1, updated_at = now() WHERE id IN (SELECT estate_id FROM zone_estates WHERE zone_id = $1)`,
      [id, project!.id],
    );
    await tx.query(`UPDATE zones SET project_id = $2, version = version + 1, updated_at = now() WHERE id = $1`, [id, project!.id]);
  });
  return getZone(db, id);
}
