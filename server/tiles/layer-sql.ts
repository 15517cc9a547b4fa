/** SQL pieces the tile layers (layers.ts, estates-layer.ts) share. */
import { TILE_FEATURE_CAP } from '../../shared/tiles/contract.ts';

/**
 * Most features one tile carries. Buildings, pipelines, zones and regions keep the first ones
 * beyond it; estate tiles send aggregates instead of dropping any (estates-layer.ts).
 */
export const FEATURE_CAP = TILE_FEATURE_CAP;

/**
 * Most estates one tile sends as single estates (estates-layer.ts): FEATURE_CAP, or
 * TILE_ESTATE_CAP (a positive integer) to lower it — the tests do, to check the rule on a small set.
 */
export function estateTileCap(): number {
  const raw = process.env.TILE_ESTATE_CAP;
  if (raw === undefined || raw === '') return FEATURE_CAP;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`TILE_ESTATE_CAP must be a positive integer, not "${raw}"`);
  return n;
}

/** Marks the geometry expression that tile-sql.ts turns into ST_AsMVTGeom or its portable twin. */
export const tileGeom = (geom3857: string) => `TILE_GEOM(${geom3857})`;

/** One web-mercator pixel (1/4096 of the tile) at zoom $1, in metres: the simplification tolerance. */
export const PIXEL = `(40075016.68557849 / power(2, $1::int) / 4096)`;

/** Collects filter clauses with their parameters numbered after z/x/y. */
export class Where {
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

/** The estate `e` lies in the district, street or community `p`. */
export const inRegion = (p: string) => `(e.district_code = ${p}::text OR e.street_code = ${p}::text OR e.community_code = ${p}::text)`;


/**
 * The estate filters a tile request carries (districts, year, region), on `e` (estates) and `pl`
 * (plans), shared by the estates and buildings layers.
 */
export function estateFilters(w: Where, { districts, year, region }: { districts?: string[]; year?: number; region?: string }): void {
  if (districts) w.add((p) => `e.district_code = ANY(${p}::text[])`, districts);
  if (year !== undefined) w.add((p) => `pl.year = ${p}::int`, year);
  if (region !== undefined) w.add(inRegion, region);
}
