import type { RouteDeps } from '../deps.ts';
import type { Handlers } from '../http/register.ts';
import { featureCollectionSql } from '../http/geojson.ts';
import type { RoadCollection, roadsContract } from '../../shared/roads/contract.ts';
import { requireRegion } from '../regions/service.ts';
import { ListCache } from '../lists/list-cache.ts';

/** A roads list is read from the roads, and needs its district to exist. */
const ROAD_LIST_TABLES = new Set(['roads', 'regions']);

const roadFeature = `json_build_object(
  'type', 'Feature', 'id', r.id, 'geometry', ST_AsGeoJSON(r.geom, 7)::json,
  'properties', json_build_object('id', r.id, 'name', r.name, 'kind', r.kind,
    'lastPavedOn', r.last_paved_on::text, 'pavingKind', r.paving_kind, 'synthetic', r.synthetic))`;

const roadsSql = `
  SELECT ${featureCollectionSql(roadFeature, 'r.id')}::text AS body
  FROM roads r WHERE r.district_code = $1`;

/**
 * Roads of a district: the default basemap draws them (no external tiles offline). Read-only,
 * served like tiles (server/lists/list-cache.ts).
 */
export function roadHandlers({ db, reads }: RouteDeps): Handlers<typeof roadsContract> {
  const lists = new ListCache('roads', db, ROAD_LIST_TABLES, 32 * 2 ** 20);
  return {
    list: async ({ query }, c) =>
      lists.respond<RoadCollection>(c, query.district, async () => {
        await requireRegion(reads, query.district, 'district', 'district');
        const [row] = await reads.query<{ body: string }>(roadsSql, [query.district]);
        return row!.body;
      }),
  };
}
