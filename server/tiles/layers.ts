import { investmentRate, reportAsOfJoin } from '../estates/sql.ts';
import { estatesLayer } from './estates-layer.ts';
import { estateFilters, FEATURE_CAP, PIXEL, tileGeom, Where } from './layer-sql.ts';
import type { TileLayer } from './tile-layer.ts';

export { estateTileCap, FEATURE_CAP } from './layer-sql.ts';

export type { TileFilters, TileLayer } from './tile-layer.ts';

const regions: TileLayer = {
  name: 'regions',
  minZoom: 0,
  tables: ['regions'],
  select({ districts }) {
    const w = new Where();
    if (districts) w.add((p) => `EXISTS (SELECT 1 FROM unnest(${p}::text[]) d WHERE left(r.code, length(d)) = d)`, districts);
    // Finer levels only once they are big enough to see; outlines simplified to a pixel. Region
    // codes are digits, so the code itself is the feature id.
    const text = `SELECT r.code::bigint AS id, r.code, r.name, r.level, r.synthetic,
         ${tileGeom(`ST_SimplifyPreserveTopology(ST_Transform(r.geom, 3857), ${PIXEL})`)} AS geom
       FROM regions r, bounds
       WHERE r.geom && bounds.q
         AND (r.level = 'province'
           OR (r.level = 'city' AND $1::int >= 5) OR (r.level = 'district' AND $1::int >= 6)
           OR (r.level = 'street' AND $1::int >= 9) OR (r.level = 'community' AND $1::int >= 12))
         ${w.sql()}
       LIMIT ${FEATURE_CAP}`;
    return { text, params: w.params };
  },
};

const buildings: TileLayer = {
  name: 'buildings',
  minZoom: 14,
  tables: ['buildings', 'estates', 'plans', 'projects', 'progress_reports'],
  select({ districts, year, region, period }) {
    const w = new Where();
    estateFilters(w, { districts, year, region });
    const asOf = w.param(period ?? null, 'text');
    // A building carries its estate's figures so that it is coloured by the estate's class.
    const text = `SELECT b.id, b.estate_id AS "estateId", b.number, b.floors, b.synthetic,
         rp.progress_pct::float8 AS "progressPct", ${investmentRate(asOf)} AS "investmentRate",
         ${tileGeom('ST_Transform(b.geom, 3857)')} AS geom
       FROM buildings b
       JOIN estates e ON e.id = b.estate_id
       JOIN plans pl ON pl.id = e.plan_id
       LEFT JOIN projects pj ON pj.id = e.project_id
       ${reportAsOfJoin(asOf)}, bounds
       WHERE b.geom && bounds.q ${w.sql()}
       ORDER BY b.id
       LIMIT ${FEATURE_CAP}`;
    return { text, params: w.params };
  },
};

const pipelines: TileLayer = {
  name: 'pipelines',
  minZoom: 12,
  tables: ['pipeline_works'],
  select({ districts, year }) {
    const w = new Where();
    if (districts) w.add((p) => `w.district_code = ANY(${p}::text[])`, districts);
    // A work belongs to a year when its planned window touches it.
    if (year !== undefined) w.add((p) => `w.start_date <= make_date(${p}::int, 12, 31) AND w.end_date >= make_date(${p}::int, 1, 1)`, year);
    const text = `SELECT w.id, w.utility, w.owner, w.status, w.start_date::text AS "startDate", w.end_date::text AS "endDate", w.synthetic,
         ${tileGeom('ST_Transform(w.geom, 3857)')} AS geom
       FROM pipeline_works w, bounds
       WHERE w.geom && bounds.q ${w.sql()}
       ORDER BY w.id
       LIMIT ${FEATURE_CAP}`;
    return { text, params: w.params };
  },
};

const zones: TileLayer = {
  name: 'zones',
  minZoom: 0,
  tables: ['zones', 'zone_estates'],
  select({ districts }) {
    const w = new Where();
    if (districts) w.add((p) => `z.district_code = ANY(${p}::text[])`, districts);
    const text = `SELECT z.id, z.name, z.district_code AS "districtCode", true AS synthetic,
         ${tileGeom(`ST_SimplifyPreserveTopology(ST_Transform(z.geom, 3857), ${PIXEL})`)} AS geom
       FROM zones z, bounds
       WHERE z.geom && bounds.q ${w.sql()}
       ORDER BY z.id
       LIMIT ${FEATURE_CAP}`;
    return { text, params: w.params };
  },
};

export const TILE_LAYERS: Record<string, TileLayer> = Object.fromEntries(
  [regions, estatesLayer, buildings, pipelines, zones].map((l) => [l.name, l]),
);
