/** What a vector-tile layer is (its own file: the layer list and each layer's module both need it). */

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
