import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import { parseQuery } from '../http/validate.ts';
import { featureCollectionSql, geojson } from '../http/geojson.ts';
import { regionCode } from '../../shared/api.ts';
import { requireRegion } from '../regions/service.ts';

const roadsQuery = z.object({ district: regionCode }).strict();

const roadFeature = `json_build_object(
  'type', 'Feature', 'id', r.id, 'geometry', ST_AsGeoJSON(r.geom, 7)::json,
  'properties', json_build_object('id', r.id, 'name', r.name, 'kind', r.kind,
    'lastPavedOn', r.last_paved_on::text, 'pavingKind', r.paving_kind, 'synthetic', r.synthetic))`;

const roadsSql = `
  SELECT ${featureCollectionSql(roadFeature, 'r.id')}::text AS body
  FROM roads r WHERE r.district_code = $1`;

/** Roads of a district: the default basemap draws them (no external tiles offline). */
export function roadRoutes({ db }: AppDeps) {
  return new Hono().get('/', async (c) => {
    const { district } = parseQuery(c, roadsQuery);
    await requireRegion(db, district, 'district', 'district');
    const [row] = await db.query<{ body: string }>(roadsSql, [district]);
    return geojson(c, row!.body);
  });
}
