import { useQueries, useQuery } from '@tanstack/react-query';
import { queries } from '../api/queries.ts';
import { emptyCollection, type Programme, type RegionCollection, type RoadCollection } from '../api/types.ts';

type Result<T> = { data?: T };

function mergeCollections<C extends GeoJSON.FeatureCollection<GeoJSON.Geometry | null>>(results: Result<C>[]): C {
  return { type: 'FeatureCollection', features: results.flatMap((r) => r.data?.features ?? []) } as unknown as C;
}
// Stable combine functions let TanStack Query keep the merged object's identity between renders.
const mergeRegions = (rs: Result<RegionCollection>[]) => mergeCollections(rs);
const mergeRoads = (rs: Result<RoadCollection>[]) => mergeCollections(rs);

/**
 * Data for the built-in basemap and region outlines: provinces and districts everywhere, streets and
 * roads for the chosen programme's districts only.
 */
export function useBasemapData(programme: Programme | null, wantBasemap: boolean) {
  const codes = programme?.districtCodes ?? [];
  const provinces = useQuery({ ...queries.regions('province'), enabled: wantBasemap });
  const districts = useQuery(queries.regions('district'));
  const streets = useQueries({ queries: codes.map((c) => queries.regions('street', c)), combine: mergeRegions });
  const roads = useQueries({
    queries: codes.map((c) => ({ ...queries.roads(c), enabled: wantBasemap })),
    combine: mergeRoads,
  });
  return {
    provinces: provinces.data ?? EMPTY_REGIONS,
    districts: districts.data ?? EMPTY_REGIONS,
    streets,
    roads,
  };
}

const EMPTY_REGIONS = emptyCollection<RegionCollection>();
