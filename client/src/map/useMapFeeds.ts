import { useEffect } from 'react';
import type { EstateCollection, Programme, RegionCollection, RoadCollection } from '../api/types.ts';
import type { ColourMode } from './classes.ts';
import type { MapController, ViewChange } from './controller.ts';
import type { ProgrammeMarker } from './layers.ts';

export interface MapFeeds {
  programme: Programme | null;
  /** Where to look when no programme is chosen (all programmes), null until they are known. */
  overviewBbox: [number, number, number, number] | null;
  programmeMarkers: ProgrammeMarker[];
  estates: EstateCollection;
  colourMode: ColourMode;
  selectedId: number | null;
  /** China whole (its outline's extent): the view when no programme is chosen. */
  nationalBbox?: [number, number, number, number] | null;
  /** Provinces and, as level 'country', the country outline; the chosen programme's province marked `focus`. */
  provinces: RegionCollection;
  districts: RegionCollection;
  streets: RegionCollection;
  roads: RoadCollection;
}

export interface MapEvents {
  onEstateClick: (id: number | null) => void;
  onProgrammeClick: (key: string) => void;
  onViewChange: (view: ViewChange) => void;
}

/** The one place where React hands data to the map controller and listens to it. */
export function useMapFeeds(controller: MapController | null, feeds: MapFeeds, events: MapEvents): void {
  const { programme } = feeds;
  useEffect(() => controller?.setProvinces(feeds.provinces), [controller, feeds.provinces]);
  useEffect(() => controller?.setDistricts(feeds.districts), [controller, feeds.districts]);
  useEffect(() => controller?.setStreets(feeds.streets), [controller, feeds.streets]);
  useEffect(() => controller?.setRoads(feeds.roads), [controller, feeds.roads]);
  useEffect(() => controller?.setProgrammeMarkers(feeds.programmeMarkers), [controller, feeds.programmeMarkers]);
  useEffect(() => controller?.setEstates(feeds.estates), [controller, feeds.estates]);
  // Tiles follow the programme: its districts and year; the overview shows every estate.
  const tileKey = programme ? `${programme.districtCodes.join(',')}|${programme.year}` : '';
  useEffect(
    () => controller?.setTileFilter(programme ? { districts: programme.districtCodes, year: programme.year } : null),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on the filter's content
    [controller, tileKey],
  );
  useEffect(() => controller?.setColourMode(feeds.colourMode), [controller, feeds.colourMode]);
  useEffect(() => controller?.setSelectedEstate(feeds.selectedId), [controller, feeds.selectedId]);

  // Choosing a programme frames it; the frame comes with the programme, so no need to wait for
  // estates: its placed estates, else its province's outline, else China (server/programmes/sql.ts).
  // Without one, the view shows China whole.
  const bbox = programme ? programme.frame.bbox : (feeds.nationalBbox ?? feeds.overviewBbox);
  const bboxKey = bbox?.join(',');
  useEffect(() => {
    if (controller && bbox) controller.fitBounds(bbox, programme ? {} : { maxZoom: 5.5, padding: 90 });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- refit only when the place changes
  }, [controller, bboxKey]);

  const { onEstateClick, onProgrammeClick, onViewChange } = events;
  useEffect(() => controller?.onEstateClick(onEstateClick), [controller, onEstateClick]);
  useEffect(() => controller?.onProgrammeClick(onProgrammeClick), [controller, onProgrammeClick]);
  useEffect(() => controller?.onViewChange(onViewChange), [controller, onViewChange]);
}
