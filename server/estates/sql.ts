import { featureCollectionSql } from '../http/geojson.ts';
import { newestReportOf } from '../progress/newest-sql.ts';

/**
 * A plan table's own completed-investment figure (estate or project) holds from the plan's date
 * (plans.as_of) on: as of a month before that, the table had not said it. Undated tables and
 * requests without a month (`period` the SQL text NULL::text) take it as it is. Needs the alias pl.
 */
export const statedFromSql = (period: string) =>
  `(${period} IS NULL OR pl.as_of IS NULL OR to_char(pl.as_of, 'YYYY-MM') <= ${period})`;

/**
 * Completed ÷ planned investment at the level where money was reported: the estate's own figures
 * (its latest report rp, else the plan table's figure), else its project's. `period` is the SQL
 * of the month asked (YYYY-MM), NULL::text for the latest. Needs the aliases e, rp, pj, pl.
 */
export const investmentRate = (period: string) => `CASE
        WHEN e.planned_investment_wan > 0
          THEN (COALESCE(rp.completed_investment_wan, CASE WHEN ${statedFromSql(period)} THEN e.completed_investment_wan END, 0) / e.planned_investment_wan)::float8
        WHEN pj.planned_investment_wan > 0
          THEN (COALESCE(CASE WHEN ${statedFromSql(period)} THEN pj.completed_investment_wan END, 0) / pj.planned_investment_wan)::float8
      END`;

/** The latest figures (no month asked). */
export const investmentRateSql = investmentRate('NULL::text');

/** How the estate is on the map (shared/placement/contract.ts): by its red line, a provisional point, or not yet. */
export const placementSql = `CASE WHEN e.geom IS NOT NULL THEN 'red_line' WHEN e.location IS NOT NULL THEN 'provisional_point' ELSE 'unplaced' END`;

/**
 * An estate as a GeoJSON Feature with every seed field, its latest progress report, and its
 * investment rate derived at the level where money was reported: the estate's own figures when
 * it has them, else its project's (Wuhai reports investment per district batch).
 */
export const estateFeature = (period: string) => `
  json_build_object(
    'type', 'Feature',
    'id', e.id,
    -- The red line, else the provisional point a planner clicked, else null (待落图).
    'geometry', COALESCE(ST_AsGeoJSON(e.geom, 7), ST_AsGeoJSON(e.location, 7))::json,
    'properties', json_build_object(
      'id', e.id,
      'name', e.name,
      'districtCode', e.district_code,
      'districtName', d.name,
      'streetCode', e.street_code,
      'streetName', s.name,
      'communityName', cm.name,
      'projectId', pj.id,
      'projectName', pj.name,
      'planId', pl.id,
      'planYear', pl.year,
      'households', e.households,
      'buildingCount', e.building_count,
      'floorAreaM2', e.floor_area_m2::float8,
      'plannedInvestmentWan', e.planned_investment_wan::float8,
      'completedInvestmentWan', COALESCE(rp.completed_investment_wan, CASE WHEN ${statedFromSql(period)} THEN e.completed_investment_wan END)::float8,
      'investmentRate', ${investmentRate(period)},
      'investmentLevel', CASE
        WHEN e.planned_investment_wan > 0 THEN 'estate'
        WHEN pj.planned_investment_wan > 0 THEN 'project'
      END,
      'progressPct', rp.progress_pct::float8,
      'phase', rp.phase,
      'completed', rp.completed,
      'reportPeriod', rp.period,
      'reportSynthetic', rp.synthetic,
      'contentItems', to_json(CASE WHEN cardinality(e.content_items) > 0 THEN e.content_items ELSE COALESCE(pj.content_items, '{}') END),
      'personInCharge', rs.person_in_charge,
      'leader', rs.leader,
      'responsibleUnit', COALESCE(pj.responsible_unit, rs.unit),
      'seq', e.seq,
      'attributes', e.attributes,
      'note', e.note,
      'source', e.source,
      'version', e.version,
      'synthetic', e.geom IS NOT NULL AND e.geom_synthetic,
      'placement', ${placementSql}
    )
  )`;
export const estateFeatureSql = estateFeature('NULL::text');

/**
 * The estate's report as of the end of a month, aliased rp: the newest revision of its newest
 * report for that month or earlier (`period` the SQL of a YYYY-MM text), or of all its reports
 * when `period` is NULL::text. None (all rp columns null) when it had not reported by then.
 * Read from the maintained newest report where that is the answer (server/progress/newest-sql.ts).
 */
export const reportAsOfJoin = (period: string) => `LEFT JOIN LATERAL (${newestReportOf(
  'e.id', ['period', 'phase', 'progress_pct', 'completed', 'completed_investment_wan', 'synthetic'], period)}
  ) rp ON true`;

/** The estate's latest report (last period, last revision), aliased rp. */
export const latestReportJoinSql = reportAsOfJoin('NULL::text');

/** The joins estateFeature(period) needs, for an estates row aliased e. */
export const estateJoins = (period: string) => `
  JOIN plans pl ON pl.id = e.plan_id
  JOIN regions d ON d.code = e.district_code
  JOIN regions s ON s.code = e.street_code
  LEFT JOIN regions cm ON cm.code = e.community_code
  LEFT JOIN projects pj ON pj.id = e.project_id
  ${reportAsOfJoin(period)}
  LEFT JOIN LATERAL (
    SELECT x.person_in_charge, x.leader, x.unit
    FROM responsibilities x
    WHERE x.plan_id = e.plan_id AND x.region_code IN (e.street_code, e.district_code)
    ORDER BY (x.region_code = e.street_code) DESC
    LIMIT 1
  ) rs ON true`;
export const estateJoinsSql = estateJoins('NULL::text');

/**
 * The list's filter over estates e and plans pl: district $1, plan year $2, bounding box $3–$6
 * (the GiST indexes of red lines and points), and the region a reporter reports for, `scope` (their
 * district, street or community, as server/auth/reporter-reach.ts counts their estates), or NULL.
 */
const estatesWhere = (scope: string) => `
  WHERE ($1::text IS NULL OR e.district_code = $1)
    AND ($2::int IS NULL OR pl.year = $2)
    AND ($3::float8 IS NULL OR e.geom && ST_MakeEnvelope($3, $4, $5, $6, 4326)
         OR (e.geom IS NULL AND e.location && ST_MakeEnvelope($3, $4, $5, $6, 4326)))
    AND (${scope}::text IS NULL OR e.district_code = ${scope} OR e.street_code = ${scope} OR e.community_code = ${scope})`;

/**
 * Estates filtered as estatesWhere says (scope $8), with their figures as of the end of month $7
 * (YYYY-MM), or the latest when $7 is NULL: the answer of GET /api/estates built from scratch.
 */
export const estatesCollectionSql = `
  SELECT ${featureCollectionSql(estateFeature('$7::text'), 'e.id')}::text AS body
  FROM estates e
  ${estateJoins('$7::text')}
  ${estatesWhere('$8')}`;

/**
 * What the latest feature of an estate is built from that a write can change one estate at a
 * time: its own row and its maintained newest report (migration 0020). The row versions (xmin,
 * ctid) of both change with every write to them, so equal fingerprints mean an unchanged feature
 * as long as plans, regions, projects and responsibilities have not changed (server/estates/feature-cache.ts).
 */
const fingerprintSql = `concat_ws('/', e.xmin::text, e.ctid::text, nr.xmin::text, nr.ctid::text)`;

/** The estates of a list (filter $1–$6, scope $7) in the order of the answer, with their fingerprints. */
export const estateIdsSql = `
  SELECT e.id, ${fingerprintSql} AS v
  FROM estates e
  JOIN plans pl ON pl.id = e.plan_id
  LEFT JOIN estate_newest_report nr ON nr.estate_id = e.id
  ${estatesWhere('$7')}
  ORDER BY e.id`;

/** The latest features of the estates $1 (an id array), each as its JSON text, with its fingerprint. */
export const estateFeaturesSql = `
  SELECT e.id, ${fingerprintSql} AS v, (${estateFeatureSql})::text AS body
  FROM estates e
  LEFT JOIN estate_newest_report nr ON nr.estate_id = e.id
  ${estateJoinsSql}
  WHERE e.id = ANY ($1::int[])`;

const buildingFeatureSql = `json_build_object(
  'type', 'Feature',
  'id', b.id,
  'geometry', ST_AsGeoJSON(b.geom, 7)::json,
  'properties', json_build_object(
    'id', b.id, 'estateId', b.estate_id, 'number', b.number, 'floors', b.floors,
    'households', b.households, 'synthetic', b.synthetic))`;

export const estateByIdSql = `
  SELECT ((${estateFeatureSql})::jsonb || jsonb_build_object('buildings', (
    SELECT ${featureCollectionSql(buildingFeatureSql, 'b.number')}
    FROM buildings b WHERE b.estate_id = e.id
  )))::text AS body
  FROM estates e
  ${estateJoinsSql}
  WHERE e.id = $1`;
