import { Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { EstateFeature } from './estates/api.ts';
import { configQuery } from './map/api.ts';
import { TILE_FEATURE_CAP } from '../../shared/tiles/contract.ts';
import { placesQueries } from './places/api.ts';
import { EstateDetails } from './estates/EstateDetails.tsx';
import { EstateList } from './estates/EstateList.tsx';
import { ProgrammeSummary } from './estates/ProgrammeSummary.tsx';
import { useProgrammeEstates } from './estates/useProgrammeEstates.ts';
import { useI18n } from './i18n/I18nProvider.tsx';
import { LangToggle } from './i18n/LangToggle.tsx';
import { PrintButton } from './print/PrintButton.tsx';
import { LayerPanel } from './layers/LayerPanel.tsx';
import { usePublishLayerEntries } from './layers/store.ts';
import { estateLayerEntries } from './estates/layerEntries.ts';
import type { ColourMode } from './map/classes.ts';
import type { MapController } from './map/controller.ts';
import { featureBbox } from './map/geometry.ts';
import { MapView } from './map/MapView.tsx';
import { useBasemapData } from './map/useBasemapData.ts';
import { useMapFeeds } from './map/useMapFeeds.ts';
import { PlacePicker } from './places/PlacePicker.tsx';
import { programmeMarkers } from './places/programmeMarkers.ts';
import { programmeExtent, programmesBbox } from './places/extent.ts';
import { PlacementSummary } from './placement/PlacementSummary.tsx';
import { ToPlaceList } from './placement/ToPlaceList.tsx';
import { usePlacing } from './placement/usePlacing.ts';
import { PROGRAMME_CHOICES, setHashParams, useHashParam } from './places/useHashParam.ts';
import { useViewInHash } from './places/useViewInHash.ts';
import { ModeTabs } from './modes/ModeTabs.tsx';
import { findMode } from './modes/registry.ts';
import { useAuth } from './auth/AuthProvider.tsx';
import { UserBadge } from './auth/UserBadge.tsx';
import { SearchBox } from './search/SearchBox.tsx';
import type { SearchContext, SearchResult } from './search/api.ts';

export function App() {
  const { t, lang } = useI18n();
  const { me, can } = useAuth();
  const config = useQuery(configQuery());
  const programmes = useQuery(placesQueries.programmes());
  const [programmeKey] = useHashParam('p');
  const [estateParam, setEstateParam] = useHashParam('e');
  const [modeParam, setModeParam] = useHashParam('m');
  const mode = findMode(modeParam, me.role);
  const [colourParam, setColourParam] = useHashParam('c');
  const colourMode: ColourMode = colourParam === 'investment' ? 'investment' : 'progress';
  const setColourMode = useCallback((m: ColourMode) => setColourParam(m === 'progress' ? null : m), [setColourParam]);
  const [controller, setController] = useState<MapController | null>(null);

  const selectedId = estateParam && /^\d+$/.test(estateParam) ? Number(estateParam) : null;
  const programme = programmes.data?.find((p) => p.key === programmeKey) ?? null;
  // The month the dashboard replays moves the map too (#t=, cleared with the programme it was
  // chosen for); other modes show the latest figures.
  const [periodParam, setPeriodParam] = useHashParam('t');
  const period = mode.replaysMonths && programme && periodParam && /^\d{4}-\d{2}$/.test(periodParam) ? periodParam : undefined;
  const setPeriod = useCallback((p: string | undefined) => setPeriodParam(p ?? null), [setPeriodParam]);
  const estates = useProgrammeEstates(programme, period);
  const basemapStyleUrl = config.data?.basemapStyleUrl ?? null;
  const basemap = useBasemapData(programme, config.isSuccess && basemapStyleUrl === null);
  const markers = useMemo(() => programmeMarkers(programmes.data ?? [], lang, basemap.districts), [programmes.data, lang, basemap.districts]);
  const overviewBbox = useMemo(() => programmesBbox(programmes.data ?? [], basemap.districts), [programmes.data, basemap.districts]);
  const extent = useMemo(() => (programme ? programmeExtent(programme, basemap.districts) : null), [programme, basemap.districts]);
  const selected = estates.collection.features.find((f) => f.id === selectedId) ?? null;
  // 待落图: planners, designers and admins place estates without a red line by clicking the map.
  const mayPlace = can('admin', 'planner', 'designer');
  const placing = usePlacing(controller);
  const cancelPlacing = placing.cancel;
  useEffect(() => cancelPlacing(), [cancelPlacing, mode.id, programme?.key]);

  const selectEstate = useCallback((id: number | null) => setEstateParam(id === null ? null : String(id)), [setEstateParam]);
  const chooseProgramme = useCallback(
    // The estate, month, level and region chosen belong to the programme they were chosen in.
    (key: string | null) => setHashParams({ p: key, ...PROGRAMME_CHOICES }),
    [],
  );
  // A reporter with one programme has it chosen for them.
  const onlyProgramme = me.role === 'reporter' && programmes.data?.length === 1 ? programmes.data[0]!.key : null;
  useEffect(() => {
    if (onlyProgramme && !programmeKey) chooseProgramme(onlyProgramme);
  }, [onlyProgramme, programmeKey, chooseProgramme]);
  // An estate nobody has placed yet has nothing to zoom to.
  const zoomTo = useCallback(
    (f: EstateFeature) => {
      const box = featureBbox(f);
      if (box) controller?.fitBounds(box, { pitch: f.geometry?.type === 'Point' ? 0 : 50, maxZoom: f.geometry?.type === 'Point' ? 16 : 17.5 });
    },
    [controller],
  );

  // Search (search/SearchBox.tsx): an estate is selected as a click would (#e=ID), in its own
  // programme, which is opened first if another is on screen; a place or a zone is framed. The
  // camera moves once that programme is on screen, after its own framing (useMapFeeds).
  const searchContext = useMemo<SearchContext | null>(() => {
    if (!programme) return null;
    // A reporter's context names only their own district (the server refuses any other).
    const districts = me.role === 'reporter' ? programme.districtCodes.filter((c) => c === me.region?.districtCode) : programme.districtCodes;
    return districts.length > 0 ? { districts, year: programme.year } : null;
  }, [programme, me]);
  const [flight, setFlight] = useState<{ programmeKey: string | null; result: SearchResult } | null>(null);
  const onSearchSelect = useCallback(
    (r: SearchResult) => {
      const key = r.kind === 'estate' ? (r.programme?.key ?? null) : null;
      if (r.kind === 'estate' && r.id !== null) {
        // Another programme's estate: open that programme (its own choices start afresh) with it selected.
        if (key !== null && key !== programmeKey) setHashParams({ p: key, ...PROGRAMME_CHOICES, e: String(r.id) });
        else setEstateParam(String(r.id));
      }
      setFlight({ programmeKey: key, result: r });
    },
    [programmeKey, setEstateParam],
  );

  // Escape closes the details, as it would a dialog.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') selectEstate(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [selectEstate]);

  // The estates and buildings are drawn in every mode: their entries in the layer panel are the shell's.
  const tileCap = config.data?.tileEstateCap ?? TILE_FEATURE_CAP;
  const estateEntries = useMemo(() => estateLayerEntries(colourMode, estates.collection, t, lang, tileCap), [colourMode, estates.collection, t, lang, tileCap]);
  usePublishLayerEntries('estates', estateEntries);

  const initialView = useViewInHash(controller);
  useMapFeeds(
    controller,
    {
      initialView,
      programme,
      extent,
      overviewBbox,
      programmeMarkers: markers,
      estates: estates.collection,
      colourMode,
      selectedId,
      period,
      estatesFetching: estates.isFetching,
      ...basemap,
    },
    { onEstateClick: mode.capturesEstateClicks ? ignoreClick : selectEstate, onProgrammeClick: chooseProgramme, onViewChange: ignoreView },
  );

  useEffect(() => {
    if (!flight || !controller) return;
    if (flight.programmeKey !== null && programme?.key !== flight.programmeKey) return;
    setFlight(null);
    const { result: r } = flight;
    const estate = r.kind === 'estate';
    if (r.bbox) controller.fitBounds(r.bbox, estate ? { pitch: 50, maxZoom: 17.5 } : { maxZoom: r.kind === 'community' ? 16 : 15 });
    else if (r.point) controller.fitBounds([r.point[0], r.point[1], r.point[0], r.point[1]], { maxZoom: 16 });
  }, [flight, controller, programme?.key]);

  return (
    <div className="app">
      <aside className="panel">
        <header className="panel-head">
          <div>
            <h1>{t('appTitle')}</h1>
            <p className="subtitle">{t('appSubtitle')}</p>
          </div>
          <LangToggle />
        </header>
        <UserBadge />
        <SearchBox context={searchContext} onSelect={onSearchSelect} />

        <ModeTabs value={mode.id} onChange={(id) => setModeParam(id === 'browse' ? null : id)} />
        <PlacePicker programmes={programmes.data} value={programme?.key ?? programmeKey} onChange={chooseProgramme} />
        {programmes.error && <ErrorLine onRetry={() => void programmes.refetch()} />}
        {estates.error && <ErrorLine onRetry={estates.refetch} />}
        {programme && estates.collection.features.length > 0 && <ProgrammeSummary estates={estates.collection} stated={programme.stated} />}
        {programme && <PlacementSummary estates={estates.collection} />}

        {/* 专题图: a leader prints the map from the browse mode and the dashboard. */}
        {programme && (mode.id === 'browse' || mode.id === 'dashboard') && (
          <PrintButton
            programme={programme}
            estates={estates.collection}
            colourMode={colourMode}
            period={period}
            controller={controller}
            builtInBasemap={basemapStyleUrl === null}
          />
        )}

        {mode.Panel ? (
          // The panel's chunk arrives when its mode first opens (modes/lazyPanel.ts); the map stays.
          <Suspense fallback={<p className="hint" data-testid="mode-loading">{t('loading')}</p>}>
            <mode.Panel
              programme={programme}
              estates={estates.collection}
              estatesLoading={estates.isLoading}
              estatesFetching={estates.isFetching}
              controller={controller}
              period={period}
              onPeriodChange={setPeriod}
            />
          </Suspense>
        ) : (
          <>
            {selected && programme ? (
              <EstateDetails
                estate={selected}
                programme={programme}
                estates={estates.collection}
                placing={mayPlace ? placing : null}
                onClose={() => selectEstate(null)}
                onZoomTo={() => zoomTo(selected)}
              />
            ) : (
              <p className="hint">{programme ? t('clickHint') : t('overviewHint')}</p>
            )}
            {programme && mayPlace && <ToPlaceList estates={estates.collection} placing={placing} />}
            <EstateList
              estates={estates.collection}
              colourMode={colourMode}
              selectedId={selectedId}
              onSelect={(id) => {
                selectEstate(id);
                const f = estates.collection.features.find((e) => e.id === id);
                if (f) zoomTo(f);
              }}
            />
          </>
        )}
      </aside>
      <main className="map-wrap">
        {config.isPending ? null : <MapView basemapStyleUrl={basemapStyleUrl} onController={setController} />}
        <LayerPanel controller={controller} colourMode={colourMode} onColourModeChange={setColourMode} />
        {(config.isPending || (programme && estates.isLoading)) && <div className="map-status">{t('loading')}</div>}
      </main>
    </div>
  );
}

const ignoreClick = () => {};
const ignoreView = () => {};

function ErrorLine({ onRetry }: { onRetry: () => void }) {
  const { t } = useI18n();
  return (
    <p className="error" role="alert">
      {t('loadFailed')}{' '}
      <button type="button" onClick={onRetry}>
        {t('retry')}
      </button>
    </p>
  );
}
