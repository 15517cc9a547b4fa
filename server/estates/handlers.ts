import type { RouteDeps } from '../deps.ts';
import type { Handlers } from '../http/register.ts';
import { rawGeoJson } from '../http/geojson.ts';
import { sessionUser } from '../auth/guard.ts';
import { ListCache } from '../lists/list-cache.ts';
import type { EstateCollection, EstateDetail, estatesContract } from '../../shared/estates/contract.ts';
import { EstateFeatureCache } from './feature-cache.ts';
import { estateGeoJson, estatesGeoJson } from './service.ts';

/**
 * What an estates list is read from (server/estates/sql.ts estateFeature): the estates, their plans,
 * region names, projects, reports (through the maintained newest report) and persons in charge.
 */
export const ESTATE_LIST_TABLES = new Set(['estates', 'plans', 'regions', 'projects', 'progress_reports', 'responsibilities']);

/** A few cities' lists, or a province's (~50 MB); more age out. */
const LIST_CACHE_BYTES = 128 * 2 ** 20;

/**
 * Read-only: the estates come from the replica when one is configured. Lists are served like
 * tiles (server/lists/list-cache.ts): cached per process, dropped on data_changed, ETag and 304.
 * A reporter's list holds their region's estates only; their region is part of the key.
 */
export function estateHandlers({ db, reads }: RouteDeps): Handlers<typeof estatesContract> {
  const lists = new ListCache('estates', db, ESTATE_LIST_TABLES, LIST_CACHE_BYTES);
  const features = new EstateFeatureCache();
  features.listen(db).catch((err) => console.error('[estates] LISTEN failed; estate features will not be kept:', err));
  return {
    list: async ({ query }, c) => {
      const user = sessionUser(c);
      const scope = user?.role === 'reporter' ? user.region?.code : undefined;
      const filter = { ...query, scope };
      const key = JSON.stringify([scope ?? null, query.district ?? null, query.year ?? null, query.bbox ?? null, query.period ?? null]);
      return lists.respond<EstateCollection>(c, key, () => estatesGeoJson(reads, filter, features));
    },
    get: async ({ params }) => rawGeoJson<EstateDetail>(await estateGeoJson(reads, params.id)),
  };
}
