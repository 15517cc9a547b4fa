/**
 * Placing an estate that has no red line yet (issue 13, 待落图): the contract of server/placement
 * and client/src/placement (PUT/DELETE /api/estates/:id/location).
 */
import { z } from 'zod';
import { idParam } from '../api.ts';
import { EDIT_PLACES } from '../auth.ts';
import { defineContract, json } from '../contract/route.ts';
import type { EstateDetail } from '../estates/contract.ts';

/** How an estate is on the map: the estates contract states it (an estate's `placement`). */
export { PLACEMENTS, type Placement } from '../estates/contract.ts';

/**
 * China's extent in WGS 84 (west, south, east, north): from the Pamirs (73.5°E) to the Heixiazi
 * island (135.1°E), and from Zengmu Ansha (3.9°N) to Mohe (53.6°N), rounded outwards. A point
 * outside it cannot be an estate of a Chinese programme.
 */
export const CHINA_EXTENT = [73.4, 3.8, 135.1, 53.6] as const;

/** How far outside its province's outline a point may fall (the outlines are coarse, 1:10m). */
export const PROVINCE_TOLERANCE_M = 25_000;

export const estateLocationBody = z
  .object({
    lon: z.number({ message: 'must be a longitude in degrees (a number)' }).min(-180, 'must be a longitude, -180 to 180').max(180, 'must be a longitude, -180 to 180'),
    lat: z.number({ message: 'must be a latitude in degrees (a number)' }).min(-90, 'must be a latitude, -90 to 90').max(90, 'must be a latitude, -90 to 90'),
    version: z.number({ message: 'must be the version you last read' }).int('must be a whole number').positive('must be positive'),
  })
  .strict();
export type EstateLocationBody = z.infer<typeof estateLocationBody>;

/** DELETE …/location?version=: canonical digits only (not "1e0", " 1", "0x1"). */
export const locationVersionQuery = z
  .object({
    version: z
      .string({ message: 'send the version you last read' })
      .regex(/^[1-9]\d{0,8}$/, 'must be the version you last read (a positive whole number)')
      .transform(Number),
  })
  .strict();

export const placementContract = defineContract({
  capability: 'placement',
  description: 'Placing an estate without a red line (待落图) by a provisional point, and taking the point away again.',
  routes: {
    place: {
      method: 'PUT', path: '/api/estates/:id/location', roles: EDIT_PLACES, params: idParam, body: estateLocationBody,
      summary: "Put the estate's provisional point where a planner clicked, at the version read",
      response: json<EstateDetail>('The estate as GET /api/estates/:id answers it'),
    },
    clear: {
      method: 'DELETE', path: '/api/estates/:id/location', roles: EDIT_PLACES, params: idParam, query: locationVersionQuery,
      summary: "Take the estate's provisional point away (it is 待落图 again), at the version read",
      response: json<EstateDetail>('The estate as GET /api/estates/:id answers it'),
    },
  },
});
