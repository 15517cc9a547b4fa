import { useEffect, useMemo, useRef } from 'react';
import type { EstateCollection } from '../estates/api.ts';
import type { Programme, RegionCollection, RoadCollection } from '../places/api.ts';
import type { ProgrammeExtent } from '../places/extent.ts';
import type { ColourMode } from './classes.ts';
import type { MapController, ViewChange } from './controller.ts';
import type { ProgrammeMarker } from './layers.ts';

export interface MapFeeds {
  programme: Programme | null;
  /** Where the programme is (places/extent.ts); null when nothing is known: all of China is shown. */
  extent: ProgrammeExtent | null;
  /** Where to look when no programme is chosen (all programmes), null until they are known. */
  overviewBbox: [number, number, number, number] | null;
  programmeMarkers: ProgrammeMarker[];
  estates: EstateCollection;
  colourMode: ColourMode;
  selectedId: number | null;
  /** YYYY-MM: the estates' figures (tiles and list) as of the end of that month; undefined: the latest. */
  period?: string;
  /** True while the estates are being fetched (the collection may still be another month's). */
  estatesFetching?: boolean;
  /** China whole (its outline's extent): the view when no programme is chosen. */
  nationalBbox?: [number, number, number, number] | null;
  /** Provinces and, as level 'country', the country outline; the chosen programme's province marked `focus`. */
  provinces: RegionCollection;
  districts: RegionCollection;
  streets: RegionCollection;
  roads: RoadCollection;
  /** A view from a shared URL (#v=): shown instead of framing its programme, once. */
  initialView?: SharedView | null;
}

/** A camera position to restore, for the programme it was shared with (null: the overview). */
export interface SharedView {
  programmeKey: string | null;
  center: [number, number];
  zoom: number;
  pitch: number;
  bearing: number;
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
  // Tiles follow the programme (its districts and year) and the month replayed; the overview shows
  // every estate, latest figures.
  const period = programme ? feeds.period : undefined;
  const tileKey = programme ? `${programme.districtCodes.join(',')}|${programme.year}|${period ?? ''}` : '';
  useEffect(
    () => controller?.setTileFilter(programme ? { districts: programme.districtCodes, year: programme.year, period } : null),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on the filter's content
    [controller, tileKey],
  );
  useEffect(() => controller?.setColourMode(feeds.colourMode), [controller, feeds.colourMode]);
  useEffect(() => controller?.setSelectedEstate(feeds.selectedId), [controller, feeds.selectedId]);

  // Estates changed under the same programme and month (a report, a placement, a red line): their
  // tiles are fetched again (revalidated: unchanged ones come back as 304), so the map shows what
  // the list says. Another month has other tile URLs already (setTileFilter above).
  const signature = useMemo(() => estateSignature(feeds.estates), [feeds.estates]);
  const shown = useRef<{ controller: MapController; key: string; signature: string } | null>(null);
  useEffect(() => {
    // While a month loads the collection is still the previous month's: wait for the new one.
    if (!controller || feeds.estatesFetching) return;
    const key = `${programme?.key ?? ''}|${period ?? ''}`;
    const prev = shown.current;
    shown.current = { controller, key, signature };
    if (prev?.controller === controller && prev.key === key && prev.signature !== '' && signature !== '' && prev.signature !== signature) controller.reloadTiles();
  }, [controller, programme?.key, period, signature, feeds.estatesFetching]);

  // Choosing a programme frames it: its placed estates, else its districts' outlines, else the
  // server's province or country frame, else all of China (places/extent.ts). It is framed once per
  // programme, and again only when a place becomes known where there was none: placing estates or
  // a refetch does not move the camera under the planner's hand. Without a programme, the view
  // shows China whole (its outline), or all programmes until the outline has arrived.
  const target = programme ? (feeds.extent?.bbox ?? null) : (feeds.nationalBbox ?? feeds.overviewBbox);
  const framed = useRef<{ controller: MapController; key: string; known: boolean } | null>(null);
  const restore = useRef(feeds.initialView ?? null);
  useEffect(() => {
    if (!controller) return;
    const key = programme?.key ?? '';
    const known = target !== null;
    // A shared view is shown once its programme is there, instead of framing the programme.
    const shared = restore.current;
    if (shared && (shared.programmeKey ?? '') === key) {
      restore.current = null;
      framed.current = { controller, key, known: true };
      controller.map.jumpTo({ center: shared.center, zoom: shared.zoom, pitch: shared.pitch, bearing: shared.bearing });
      return;
    }
    const prev = framed.current;
    if (prev && prev.controller === controller && prev.key === key && (prev.known || !known)) return;
    framed.current = { controller, key, known };
    // A programme is framed with room for what is drawn around its estates (labels, the
    // dashboard's heat blobs about 50 px across): Wuhai's 海南区 was cut at the edge.
    if (target) controller.fitBounds(target, programme ? { padding: 80 } : { maxZoom: 5.5, padding: 90 });
    else if (programme) controller.showCountry();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- refit only when the place changes (see above)
  }, [controller, programme?.key, target?.join(',')]);

  const { onEstateClick, onProgrammeClick, onViewChange } = events;
  useEffect(() => controller?.onEstateClick(onEstateClick), [controller, onEstateClick]);
  useEffect(() => controller?.onProgrammeClick(onProgrammeClick), [controller, onProgrammeClick]);
  useEffect(() => controller?.onViewChange(onViewChange), [controller, onViewChange]);
}

/** What the map draws of each estate (placement, figures, version): changes when a tile would. */
function estateSignature(estates: EstateCollection): string {
  return estates.features
    .map((f) => `${f.id}:${f.properties.version}:${f.properties.placement}:${f.properties.reportPeriod}:${f.properties.progressPct}:${f.properties.investmentRate}`)
    .join('|');
}
