/**
 * Roads of a district: the contract of server/roads. The built-in basemap draws them (no external
 * tiles offline).
 */
import type { FeatureCollection, LineString } from 'geojson';
import { z } from 'zod';
import { regionCode } from '../api.ts';
import { ROLES } from '../auth.ts';
import { defineContract, json } from '../contract/route.ts';

export const roadsQuery = z.object({ district: regionCode }).strict();

export interface RoadProperties {
  id: number;
  name: string;
  kind: 'arterial' | 'secondary' | 'branch';
  /** When the road was last paved (YYYY-MM-DD), if known. */
  lastPavedOn: string | null;
  pavingKind: 'new' | 'rebuilt' | 'major_repair' | null;
  synthetic: boolean;
}
/** A feature's id is the road's id. */
export type RoadCollection = FeatureCollection<LineString, RoadProperties>;


export const roadsContract = defineContract({
  capability: 'roads',
  description: "A district's roads, for the built-in basemap.",
  routes: {
    list: {
      method: 'GET', path: '/api/roads', roles: ROLES, query: roadsQuery,
      summary: 'Roads of a district',
      response: json<RoadCollection>('GeoJSON FeatureCollection of roads (application/geo+json)'),
    },
  },
});
