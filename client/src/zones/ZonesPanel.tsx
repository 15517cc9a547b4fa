import { useCallback, useEffect, useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { booleanPointInPolygon } from '@turf/turf';
import type { EstateCollection } from '../estates/api.ts';
import { ProgrammeSummary } from '../estates/ProgrammeSummary.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { labelPoints } from '../map/geometry.ts';
import type { ModePanelProps } from '../modes/types.ts';
import { DEFAULT_GAP_METERS, MAX_GAP_METERS, type ZoneCheck } from '../../../shared/zones/contract.ts';
import { zoneQueries, zonesApi, type SuggestedZone, type ZoneFeature } from './api.ts';
import { startLasso } from './lasso.ts';
import { zoneLayers } from './zoneLayers.ts';
import { zoneLayerEntries } from './layerEntries.ts';
import { usePublishLayerEntries } from '../layers/store.ts';
import { ZoneLists } from './ZoneLists.tsx';
import { ExportBox } from '../scopes/ExportBox.tsx';
import './zones.css';

/**
 * The planner's mode: pick contiguous estates into a demonstration zone (连片示范片区). Click picks
 * one estate, shift-click adds or removes, the lasso picks what it encloses; the server says
 * whether the pick is contiguous at the chosen gap and where it breaks.
 */
export function ZonesPanel({ programme, estates, controller }: ModePanelProps) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [selected, setSelected] = useState<number[]>([]);
  const [gap, setGap] = useState(DEFAULT_GAP_METERS);
  const [lassoOn, setLassoOn] = useState(false);
  const [lasso, setLasso] = useState<[number, number][] | null>(null);
  const [focus, setFocus] = useState<SuggestedZone | ZoneFeature | null>(null);
  const [name, setName] = useState('');
  const [exportZone, setExportZone] = useState<ZoneFeature | null>(null);
  const district = programme?.districtCodes[0];

  // A new programme is a new map: start over.
  useEffect(() => {
    setSelected([]);
    setFocus(null);
  }, [programme?.key]);

  const check = useQuery({ ...zoneQueries.check(selected, gap), enabled: selected.length > 0 });
  const suggestParams = { district: district ?? '', year: programme?.year ?? 0, gapMeters: gap, minEstates: 2 };
  const suggestions = useQuery({ ...zoneQueries.suggest(suggestParams), enabled: !!district && !!programme });
  // The list comes without outlines; the suggestion in focus has its own drawn once it arrives.
  const focusRank = focus && 'rank' in focus.properties ? focus.properties.rank : null;
  const focusOutline = useQuery({ ...zoneQueries.outline(suggestParams, focusRank ?? 1), enabled: !!district && !!programme && focusRank !== null });
  const focusDrawn = focusRank === null ? focus : (focusOutline.data?.features[0] ?? null);
  const zones = useQuery({ ...zoneQueries.list(district ?? ''), enabled: !!district });
  const refreshZones = () => queryClient.invalidateQueries({ queryKey: zoneQueries.lists() });
  const save = useMutation({
    mutationFn: () => zonesApi.create(name.trim(), selected, gap),
    onSuccess: () => {
      setName('');
      void refreshZones();
    },
  });

  // Shift is the planner's "add" key here, not MapLibre's box zoom.
  useEffect(() => {
    if (!controller) return;
    controller.map.boxZoom.disable();
    return () => controller.map.boxZoom.enable();
  }, [controller]);

  // Map clicks select estates while this mode is open.
  useEffect(
    () =>
      controller?.onEstateClick((id, { shiftKey }) => {
        if (id === null) {
          if (!shiftKey) setSelected([]);
          return;
        }
        setSelected((cur) => (shiftKey ? (cur.includes(id) ? cur.filter((x) => x !== id) : [...cur, id]) : [id]));
      }),
    [controller],
  );

  const pickInside = useCallback(
    (ring: [number, number][]) => {
      const polygon = { type: 'Polygon' as const, coordinates: [ring] };
      const inside = labelPoints(estates.features, (f) => f.properties.name)
        .filter((l) => booleanPointInPolygon(l.position, polygon))
        .map((l) => l.id!);
      setSelected((cur) => [...new Set([...cur, ...inside])]);
      setLasso(null);
      setLassoOn(false);
    },
    [estates],
  );
  useEffect(() => (lassoOn && controller ? startLasso(controller.map, setLasso, pickInside) : undefined), [lassoOn, controller, pickInside]);

  const selectedFeatures = useMemo(() => estates.features.filter((f) => selected.includes(f.id as number)), [estates, selected]);
  const selection: EstateCollection = useMemo(() => ({ type: 'FeatureCollection', features: selectedFeatures }), [selectedFeatures]);
  const verdict: ZoneCheck | undefined = selected.length > 0 ? check.data : undefined;

  useEffect(() => {
    controller?.setOverlayLayers(
      'zones',
      zoneLayers({ selected: selectedFeatures, zones: zones.data?.features ?? [], focus: focusDrawn, bridges: verdict?.bridges ?? [], lasso }),
    );
  }, [controller, selectedFeatures, zones.data, focusDrawn, verdict, lasso]);
  useEffect(() => () => controller?.setOverlayLayers('zones', []), [controller]);
  // The layer panel lists and toggles the saved zones (layers/, #y=).
  const zoneCount = zones.data?.features.length ?? 0;
  const bridgeCount = verdict?.bridges.length ?? 0;
  const entries = useMemo(() => zoneLayerEntries({ zones: zoneCount, selected: selectedFeatures.length, bridges: bridgeCount }, t), [zoneCount, selectedFeatures.length, bridgeCount, t]);
  usePublishLayerEntries('zones', entries);

  if (!programme) return <p className="hint">{t('zonesChooseProgramme')}</p>;
  const nameOf = (id: number) => estates.features.find((f) => f.id === id)?.properties.name ?? `#${id}`;

  return (
    <section className="card zones-panel" data-testid="zones-panel">
      <h3>{t('modeZones')}</h3>
      <p className="hint">{t('zonesHint')}</p>
      <div className="zones-tools">
        <button type="button" className={lassoOn ? 'active' : undefined} onClick={() => setLassoOn((v) => !v)} data-testid="zones-lasso">
          {t('zonesLasso')}
        </button>
        <button type="button" onClick={() => setSelected([])} disabled={selected.length === 0}>
          {t('zonesClear')}
        </button>
        <label>
          {t('zonesGap')}
          <input
            type="number"
            min={0}
            max={MAX_GAP_METERS}
            step={5}
            value={gap}
            onChange={(e) => setGap(Math.min(MAX_GAP_METERS, Math.max(0, Number(e.target.value) || 0)))}
          />
        </label>
      </div>

      {selected.length > 0 && <ProgrammeSummary estates={selection} showInvestment />}
      {selected.length > 0 && (
        <p
          className={`zone-verdict ${verdict ? (verdict.contiguous ? 'ok' : 'broken') : ''}`}
          data-testid="zone-verdict"
          data-contiguous={verdict ? String(verdict.contiguous) : ''}
        >
          {check.isError
            ? (check.error as Error).message
            : !verdict
              ? t('loading')
              : verdict.contiguous
                ? t('zonesContiguous').replace('{n}', String(selected.length))
                : t('zonesBroken')
                    .replace('{groups}', String(verdict.components.length))
                    .replace('{gap}', String(verdict.bridges[0]?.gapMeters ?? '?'))
                    .replace('{a}', nameOf(verdict.bridges[0]?.a ?? 0))
                    .replace('{b}', nameOf(verdict.bridges[0]?.b ?? 0))}
        </p>
      )}
      {verdict?.contiguous && (
        <form
          className="zones-save"
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) save.mutate();
          }}
        >
          <input placeholder={t('zonesName')} value={name} onChange={(e) => setName(e.target.value)} data-testid="zone-name" maxLength={100} />
          <button type="submit" disabled={!name.trim() || save.isPending} data-testid="zone-save">
            {t('zonesSave')}
          </button>
        </form>
      )}
      {save.isError && <p className="error" role="alert">{(save.error as Error).message}</p>}
      {selected.length > 0 && (
        <ExportBox scope={{ estateIds: selected }} title={t('exportSelection').replace('{n}', String(selected.length))} testId="export-selection" />
      )}

      <ZoneLists
        suggestions={suggestions.data?.features ?? []}
        suggestionState={{
          loading: suggestions.isFetching && !suggestions.data,
          error: suggestions.error ? (suggestions.error as Error).message : null,
          gapMeters: gap,
          noRedLines: estates.features.length > 0 && !estates.features.some((f) => f.properties.placement === 'red_line'),
        }}
        zones={zones.data?.features ?? []}
        nameOf={nameOf}
        onFocus={setFocus}
        onPick={(ids) => setSelected(ids)}
        onChanged={refreshZones}
        onExport={setExportZone}
      />
      {exportZone && (
        <ExportBox key={exportZone.properties.id} scope={{ zone: exportZone.properties.id }} title={t('exportZone').replace('{name}', exportZone.properties.name)} testId="export-zone" />
      )}
    </section>
  );
}
