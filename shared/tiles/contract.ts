/**
 * Vector tiles of the map (Mapbox Vector Tile 2.1), computed in PostGIS. The tile route is the
 * one hot path registered by hand (server/tiles/routes.ts: cache, ETag and 304 before anything
 * else); this contract documents it and carries its policy line.
 */
import { z } from 'zod';
import { periodParam, regionCode, yearParam } from '../api.ts';
import { ROLES } from '../auth.ts';
import { defineContract, file } from '../contract/route.ts';

export const TILE_LAYER_NAMES = ['regions', 'estates', 'buildings', 'pipelines', 'zones'] as const;

/**
 * Most features one tile carries (server/tiles/layer-sql.ts). Estate tiles send counts by district
 * or street beyond it; a deployment may lower the estates' cap (GET /api/config tileEstateCap).
 */
export const TILE_FEATURE_CAP = 10_000;

export const tileQuery = z
  .object({
    year: yearParam.optional(),
    /** Comma-separated district codes. */
    district: z
      .string()
      .transform((v) => v.split(','))
      .pipe(z.array(regionCode).min(1).max(50, 'at most 50 districts'))
      .optional(),
    /** A district, street or community: its estates and buildings only (a reporter's map). */
    region: regionCode.optional(),
    /**
     * YYYY-MM: estates and buildings carry their estate's progress and investment as of the end
     * of that month, as GET /api/estates?period= does; absent: the latest.
     */
    period: periodParam.optional(),
  })
  .strict();

export const tileParams = z.object({
  layer: z.enum(TILE_LAYER_NAMES),
  z: z.string().regex(/^\d+$/, 'a zoom level 0–22'),
  x: z.string().regex(/^\d+$/, 'a column 0 ≤ x < 2^z'),
  file: z.string().regex(/^\d+\.mvt$/, '{y}.mvt with 0 ≤ y < 2^z'),
});


export const tilesContract = defineContract({
  capability: 'tiles',
  description: 'Vector tiles (MVT) of regions, estates, buildings, pipeline works and zones, cached per process and revalidated by ETag.',
  routes: {
    tile: {
      method: 'GET',
      path: '/tiles/:layer/:z/:x/:file',
      roles: ROLES,
      reporter: 'tiles',
      params: tileParams,
      query: tileQuery,
      summary: 'One vector tile {z}/{x}/{y}.mvt of a layer; 204 when empty or below the layer’s zoom, 304 on a matching If-None-Match',
      response: file('A Mapbox Vector Tile', ['application/vnd.mapbox-vector-tile']),
    },
  },
});
