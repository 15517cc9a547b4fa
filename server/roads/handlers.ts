import type { RouteDeps } from '../deps.ts';
import type { Handlers } from '../http/register.ts';
import { featureCollectionSql, rawGeoJson } from '../http/geojson.ts';
import type { RoadCollection, roadsContract } from '../../shared/roads/contract.ts';
import { requireRegion } from '../regions/service.ts';

const roadFeature = `json_build_object(
  'type', 'Feature', 'id', r.id, 'geometry', ST_AsGeoJSON(r.geom, 7)::json,
  'properties', json_build_object('id', r.id, 'name', r.name, 'kind', r.kind,
    'lastPavedOn', r.last_paved_on::text, 'pavingKind', r.paving_kind, 'synthetic', r.synthetic))`;

const roadsSql = `
  SELECT ${featureCollectionSql(roadFeature, 'r.id')}::text AS body
  FROM roads r WHERE r.district_code = $1`;

/** Roads of a district: the default basemap draws them (no external tiles offline). Read-only. */
export function roadHandlers({ reads }: RouteDeps): Handlers<typeof roadsContract> {
  return {
    list: async ({ query }) => {
      await requireRegion(reads, query.district, 'district', 'district');
      const [row] = await reads.query<{ body: string }>(roadsSql, [query.district]);
      return rawGeoJson<RoadCollection>(row!.body);
    },
  };
}
