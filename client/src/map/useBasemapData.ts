import { useMemo } from 'react';
import { useQueries, useQuery } from '@tanstack/react-query';
import { placesQueries, type Programme, type RegionCollection, type RoadCollection } from '../places/api.ts';
import { featureBbox, type Bbox } from './geometry.ts';

type Result<T> = { data?: T };

function mergeCollections<C extends GeoJSON.FeatureCollection<GeoJSON.Geometry | null>>(results: Result<C>[]): C {
  return { type: 'FeatureCollection', features: results.flatMap((r) => r.data?.features ?? []) } as unknown as C;
}
// Stable combine functions let TanStack Query keep the merged object's identity between renders.
const mergeRegions = (rs: Result<RegionCollection>[]) => mergeCollections(rs);
const mergeRoads = (rs: Result<RoadCollection>[]) => mergeCollections(rs);

/** Natural Earth's China with Taiwan, Hong Kong and Macao, for when its outline is not loaded. */
const CHINA_BBOX: Bbox = [73.5, 15.7, 134.8, 53.6];

/**
 * Data for the built-in basemap and region outlines: the country and its 34 provincial-level units
 * (Natural Earth, indicative), the districts that have an outline, and streets and roads for the
 * chosen programme's districts only.
 *
 * The country outline travels in the provinces source (level 'country', its own layer in style.ts),
 * and the chosen programme's province is marked `focus`: a district without an outline is shown by
 * what is known of it, its province here and the frame of its placed estates (useMapFeeds), never
 * by a shape made up for it.
 */
export function useBasemapData(programme: Programme | null, wantBasemap: boolean) {
  const codes = programme?.districtCodes ?? [];
  const provinces = useQuery({ ...placesQueries.regions('province'), enabled: wantBasemap });
  const country = useQuery({ ...placesQueries.country(), enabled: wantBasemap });
  // Only districts with an outline: of China's 2,978 counties the data set outlines those with estates.
  const districts = useQuery(placesQueries.outlinedDistricts());
  const streets = useQueries({ queries: codes.map((c) => placesQueries.regions('street', c)), combine: mergeRegions });
  const roads = useQueries({
    queries: codes.map((c) => ({ ...placesQueries.roads(c), enabled: wantBasemap })),
    combine: mergeRoads,
  });

  const focus = programmeProvinces(programme).join(',');
  const outlines = useMemo((): RegionCollection => {
    const chosen = new Set(focus.split(','));
    return {
      type: 'FeatureCollection',
      features: [
        ...(provinces.data?.features ?? []).map((f) =>
          chosen.has(f.properties.code) ? { ...f, properties: { ...f.properties, focus: true } } : f,
        ),
        ...(country.data?.features ?? []),
      ],
    };
  }, [provinces.data, country.data, focus]);
  const nationalBbox = useMemo(() => {
    const cn = country.data?.features[0];
    return cn?.geometry ? featureBbox(cn as GeoJSON.Feature) : CHINA_BBOX;
  }, [country.data]);

  return {
    provinces: outlines,
    districts: districts.data ?? EMPTY_REGIONS,
    streets,
    roads,
    nationalBbox,
  };
}

/** The provinces a programme lies in: the first two digits of its districts' codes (NBS codes nest). */
function programmeProvinces(programme: Programme | null): string[] {
  if (!programme) return [];
  const codes = programme.districtCodes.length > 0 ? programme.districtCodes : [programme.regionCode];
  return [...new Set(codes.map((c) => c.slice(0, 2)))].sort();
}

const EMPTY_REGIONS: RegionCollection = { type: 'FeatureCollection', features: [] };
