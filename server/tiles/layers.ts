import { investmentRate, placementSql, reportAsOfJoin } from '../estates/sql.ts';

/** Filters a tile request may carry; each layer applies the ones that mean something for it. */
export interface TileFilters {
  year?: number;
  /** One or more district codes (a programme can span several districts, as Wuhai's does). */
  districts?: string[];
  /**
   * A district, street or community code: the estates (and their buildings) of that place only.
   * The same filter whatever the level, as a reporter's region is a street or a district.
   */
  region?: string;
  /** YYYY-MM: estate figures as of the end of that month (estates, buildings); absent: the latest. */
  period?: string;
}

export interface TileLayer {
  name: string;
  /** Below this zoom the layer answers 204: too many, too small features to be worth sending. */
  minZoom: number;
  /** Tables whose writes change this layer's tiles (see migration 0006_change_notify). */
  tables: string[];
  /**
   * The feature query: an integer `id`, the properties the map styles need, and
   * `tileGeom(<geometry in EPSG:3857>) AS geom`, FROM … `, bounds` (the tile envelope CTE).
   * Parameters: $1 z, $2 x, $3 y, then `params` in order. tile-sql.ts wraps it for the engine.
   */
  select(filters: TileFilters): { text: string; params: unknown[] };
}

/** Most features one tile carries; beyond it the most important (largest) ones are kept. */
export const FEATURE_CAP = 10_000;

/** Marks the geometry expression that tile-sql.ts turns into ST_AsMVTGeom or its portable twin. */
export const tileGeom = (geom3857: string) => `TILE_GEOM(${geom3857})`;

/** One web-mercator pixel (1/4096 of the tile) at zoom $1, in metres: the simplification tolerance. */
const PIXEL = `(40075016.68557849 / power(2, $1::int) / 4096)`;

/** Collects filter clauses with their parameters numbered after z/x/y. */
class Where {
  readonly clauses: string[] = [];
  readonly params: unknown[] = [];
  add(clause: (p: string) => string, value: unknown): void {
    this.params.push(value);
    this.clauses.push(clause(`$${this.params.length + 3}`));
  }
  /** A parameter used in the SELECT rather than as a clause: its placeholder, cast. */
  param(value: unknown, type: string): string {
    this.params.push(value);
    return `$${this.params.length + 3}::${type}`;
  }
  sql(): string {
    return this.clauses.map((c) => ` AND ${c}`).join('');
  }
}

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

/** The estate `e` lies in the district, street or community `p`. */
const inRegion = (p: string) => `(e.district_code = ${p}::text OR e.street_code = ${p}::text OR e.community_code = ${p}::text)`;

const estates: TileLayer = {
  name: 'estates',
  minZoom: 0,
  tables: ['estates', 'plans', 'projects', 'progress_reports'],
  select({ districts, year, region, period }) {
    const w = new Where();
    if (districts) w.add((p) => `e.district_code = ANY(${p}::text[])`, districts);
    if (year !== undefined) w.add((p) => `pl.year = ${p}::int`, year);
    if (region !== undefined) w.add(inRegion, region);
    const asOf = w.param(period ?? null, 'text');
    // Below z12 a red line is a few pixels: send the estate as a point (drawn as a dot). An estate
    // without a red line is its provisional point at every zoom (placement says which it is); one
    // with neither is not on the map.
    const text = `SELECT e.id, e.name, e.district_code AS "districtCode", pl.year AS "planYear",
         rp.progress_pct::float8 AS "progressPct", ${investmentRate(asOf)} AS "investmentRate",
         rp.completed, e.geom IS NOT NULL AND e.geom_synthetic AS synthetic, ${placementSql} AS placement,
         ${tileGeom(`ST_Transform(CASE WHEN e.geom IS NULL THEN e.location WHEN $1::int < 12 THEN ST_PointOnSurface(e.geom) ELSE e.geom END, 3857)`)} AS geom
       FROM estates e
       JOIN plans pl ON pl.id = e.plan_id
       LEFT JOIN projects pj ON pj.id = e.project_id
       ${reportAsOfJoin(asOf)}, bounds
       WHERE (e.geom && bounds.q OR (e.geom IS NULL AND e.location && bounds.q)) ${w.sql()}
       ORDER BY e.floor_area_m2 DESC NULLS LAST, e.id
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
    if (districts) w.add((p) => `e.district_code = ANY(${p}::text[])`, districts);
    if (year !== undefined) w.add((p) => `pl.year = ${p}::int`, year);
    if (region !== undefined) w.add(inRegion, region);
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
  [regions, estates, buildings, pipelines, zones].map((l) => [l.name, l]),
);
