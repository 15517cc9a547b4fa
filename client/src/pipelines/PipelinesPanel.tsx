import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { DictKey } from '../i18n/dict.ts';
import type { ModePanelProps } from '../modes/types.ts';
import { type Conflict, type WorkFeature, type WorkProperties } from '../../../shared/pipelines/contract.ts';
import { MapPopup } from '../map/MapPopup.tsx';
import { installOverlayHover } from '../map/hover.ts';
import { ConflictPopup, WorkName, WorkPopup } from './popups.tsx';
import { pipelineQueries } from './api.ts';
import { pipelineLayers } from './layers.ts';
import { pipelineLayerEntries } from './layerEntries.ts';
import { usePublishLayerEntries } from '../layers/store.ts';
import './pipelines.css';

const OWNER = 'pipelines';
type SortKey = 'kind' | 'sharedLengthMeters' | 'gapDays';

/** Works whose planned window touches month m (1–12) of the year; 0 = the whole year. */
function inMonth(p: WorkProperties, year: number, m: number): boolean {
  if (m === 0) return true;
  const first = `${year}-${String(m).padStart(2, '0')}-01`;
  const last = new Date(Date.UTC(year, m, 0)).toISOString().slice(0, 10);
  return p.startDate <= last && p.endDate >= first;
}

/** Dig once (一次开挖): the district's works by utility, their conflicts, corridors and closed roads. */
export function PipelinesPanel({ programme, controller }: ModePanelProps) {
  const { t } = useI18n();
  const districts = programme?.districtCodes ?? [];
  const [district, setDistrict] = useState<string | null>(null);
  const code = district && districts.includes(district) ? district : (districts[0] ?? null);
  const [month, setMonth] = useState(0);
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'sharedLengthMeters', desc: true });
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [popup, setPopup] = useState<{ lngLat: [number, number]; work?: number; pair?: [number, number] } | null>(null);

  const works = useQuery({ ...pipelineQueries.works(code ?? ''), enabled: code !== null });
  const overlaps = useQuery({ ...pipelineQueries.overlaps(code ?? ''), enabled: code !== null });

  const year = programme?.year ?? new Date().getFullYear();
  const byId = useMemo(() => new Map((works.data?.features ?? []).map((f) => [f.properties.id, f])), [works.data]);
  const visible = useMemo(() => [...byId.values()].filter((f) => inMonth(f.properties, year, month)), [byId, year, month]);
  const shown = useMemo(() => new Set(visible.map((f) => f.properties.id)), [visible]);
  const conflicts = useMemo(() => {
    const list = (overlaps.data?.conflicts ?? []).filter((c) => shown.has(c.a) && shown.has(c.b));
    const dir = sort.desc ? -1 : 1;
    return [...list].sort((x, y) => (x[sort.key] < y[sort.key] ? -dir : x[sort.key] > y[sort.key] ? dir : x.a - y.a));
  }, [overlaps.data, shown, sort]);
  const corridors = useMemo(() => (overlaps.data?.corridors ?? []).filter((c) => c.workIds.some((id) => shown.has(id))), [overlaps.data, shown]);
  const moratorium = useMemo(() => (overlaps.data?.moratorium ?? []).filter((m) => shown.has(m.workId)), [overlaps.data, shown]);

  useEffect(() => {
    if (!controller) return;
    controller.setOverlayLayers(OWNER, pipelineLayers({ works: visible, corridors, moratorium, conflicts, selected }));
  }, [controller, visible, corridors, moratorium, conflicts, selected]);
  useEffect(() => () => controller?.setOverlayLayers(OWNER, []), [controller]);
  // The layer panel lists, counts and toggles these layers (layers/, #y=).
  const entries = useMemo(() => pipelineLayerEntries({ works: visible, conflicts, corridors, moratorium }, t), [visible, conflicts, corridors, moratorium, t]);
  usePublishLayerEntries(OWNER, entries);

  // A click on a work or a crossing opens its popup.
  useEffect(() => {
    if (!controller) return;
    return controller.onOverlayClick((click) => {
      if (click.layerId === 'pipelines-works') {
        const id = (click.object as WorkFeature | null)?.properties.id;
        if (id !== undefined) setPopup({ lngLat: click.lngLat, work: id });
      } else if (click.layerId === 'pipelines-crossings') {
        const c = click.object as Conflict | null;
        if (c) setPopup({ lngLat: click.lngLat, pair: [c.a, c.b] });
      }
    });
  }, [controller]);
  // Hovering a work names it (operator · road); a crossing says it is one.
  const hoverText = useRef<(layerId: string, object: unknown) => string | null>(() => null);
  hoverText.current = (layerId, object) => {
    if (layerId === 'pipelines-works') {
      const w = (object as WorkFeature | null)?.properties;
      return w ? `${w.owner} · ${w.road ?? t('pipeOffRoad')} · ${t(`util_${w.utility}` as DictKey)}` : null;
    }
    if (layerId === 'pipelines-crossings') return `${t('pipeConflict')} · ${t('pipeKind_crossing')}`;
    return null;
  };
  useEffect(() => {
    if (!controller) return;
    return installOverlayHover(controller, (layerId, object) => hoverText.current(layerId, object));
  }, [controller]);
  const popupWork = popup?.work !== undefined ? byId.get(popup.work)?.properties : undefined;
  const popupConflict = popup?.pair ? conflicts.find((c) => c.a === popup.pair![0] && c.b === popup.pair![1]) : undefined;

  const zoomTo = (c: Conflict) => {
    setSelected(new Set([c.a, c.b]));
    const coords = [c.a, c.b].flatMap((id) => byId.get(id)?.geometry.coordinates ?? []);
    if (!controller || coords.length === 0) return;
    // The conflict's popup points at the crossing, else at the middle of the first work.
    const line = byId.get(c.a)?.geometry.coordinates ?? coords;
    const mid = (c.point?.coordinates ?? line[Math.floor((line.length - 1) / 2)]!) as number[];
    const next = line[Math.floor((line.length - 1) / 2) + 1] as number[] | undefined;
    const at: [number, number] = c.point || !next ? [mid[0]!, mid[1]!] : [(mid[0]! + next[0]!) / 2, (mid[1]! + next[1]!) / 2];
    setPopup({ lngLat: at, pair: [c.a, c.b] });
    const xs = coords.map((p) => p[0]!);
    const ys = coords.map((p) => p[1]!);
    controller.fitBounds([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)], { maxZoom: 18, padding: 80 });
  };
  const label = (id: number) => <WorkName work={byId.get(id)?.properties} id={id} />;
  const header = (key: SortKey, text: string) => (
    <th className="sortable" data-sort={key} onClick={() => setSort((s) => ({ key, desc: s.key === key ? !s.desc : true }))}>
      {text}
      {sort.key === key ? (sort.desc ? ' ▼' : ' ▲') : ''}
    </th>
  );

  return (
    <section className="pipelines-panel" data-testid="pipelines-panel">
      <MapPopup controller={controller} lngLat={popupWork || popupConflict ? popup!.lngLat : null} onClose={() => setPopup(null)} testId="pipelines-popup">
        {popupWork && <WorkPopup work={popupWork} />}
        {popupConflict && <ConflictPopup conflict={popupConflict} byId={byId} />}
      </MapPopup>
      {districts.length > 1 && (
        <label>
          {t('pipeDistrict')}{' '}
          <select value={code ?? ''} onChange={(e) => setDistrict(e.target.value)}>
            {districts.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="pipelines-month">
        {t('pipeMonth')}: <strong data-testid="pipelines-month">{month === 0 ? t('pipeWholeYear') : `${year}-${String(month).padStart(2, '0')}`}</strong>
        <input type="range" min={0} max={12} value={month} onChange={(e) => setMonth(Number(e.target.value))} data-testid="pipelines-month-slider" />
      </label>
      <p className="synthetic-note">{t('pipeSynthetic')}</p>
      <p className="hint">{t('pipeClickHint')}</p>
      <p data-testid="pipelines-summary">
        {t('pipeWorks')} {visible.length} · {t('pipeConflicts')} {conflicts.length} · {t('pipeCorridors')} {corridors.length} · {t('pipeMoratorium')} {moratorium.length}
      </p>
      {overlaps.isPending && code && <p>{t('pipeLoading')}</p>}
      {overlaps.error && <p className="error">{(overlaps.error as Error).message}</p>}

      <h3>{t('pipeConflicts')}</h3>
      <table className="pipelines-conflicts" data-testid="pipelines-conflicts">
        <thead>
          <tr>
            <th>{t('pipeWorkA')}</th>
            <th>{t('pipeWorkB')}</th>
            {header('kind', t('pipeKind'))}
            {header('sharedLengthMeters', t('pipeShared'))}
            {header('gapDays', t('pipeGap'))}
          </tr>
        </thead>
        <tbody>
          {conflicts.map((c) => (
            <tr key={`${c.a}-${c.b}`} onClick={() => zoomTo(c)} className={selected.has(c.a) && selected.has(c.b) ? 'selected' : undefined} data-pair={`${c.a}-${c.b}`}>
              <td>{label(c.a)}</td>
              <td>{label(c.b)}</td>
              <td>{t(`pipeKind_${c.kind}` as DictKey)}</td>
              <td>{c.sharedLengthMeters.toFixed(1)}</td>
              <td>{c.gapDays}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h3>{t('pipeCorridors')}</h3>
      <ul data-testid="pipelines-corridors">
        {corridors.map((k) => (
          <li key={k.workIds.join('-')}>
            {k.owners.join('、')} — {t('pipeWindow')} {k.window.start} → {k.window.end}; {t('pipeSaved')} {k.trenchMetersSaved.toFixed(0)} m
          </li>
        ))}
        {corridors.length === 0 && <li>{t('pipeNone')}</li>}
      </ul>

      <h3>{t('pipeMoratorium')}</h3>
      <ul data-testid="pipelines-moratorium">
        {moratorium.map((m) => (
          <li key={`${m.workId}-${m.roadId}`}>
            {label(m.workId)} → {m.roadName} ({m.lastPavedOn}); {t('pipeOpensOn')} {m.opensOn}
          </li>
        ))}
        {moratorium.length === 0 && <li>{t('pipeNone')}</li>}
      </ul>

      <h3>{t('pipeEstateSync')}</h3>
      <ul data-testid="pipelines-estate-sync">
        {(overlaps.data?.estateSync ?? [])
          .filter((s) => shown.has(s.workId))
          .map((s) => (
            <li key={`${s.workId}-${s.estateId}`}>
              {label(s.workId)} → {s.estateName}: {s.workWindow.start}–{s.workWindow.end} / {s.estateWindow.start}–{s.estateWindow.end}
            </li>
          ))}
      </ul>
    </section>
  );
}
