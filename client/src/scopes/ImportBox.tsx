import { useEffect, useMemo, useRef, useState } from 'react';
import type { ImportFeatureReport, ImportLayer, ImportPreview, OverlapItem } from '../../../shared/scopes/contract.ts';
import type { EstateFeature } from '../estates/api.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { Lang } from '../i18n/dict.ts';
import { fmtNumber } from '../estates/format.ts';
import { MATCH_REASON_STRINGS, REPAIR_STRINGS, type ErrorWords } from '../errors/strings.ts';
import type { MapController } from '../map/controller.ts';
import { featureBbox, unionBbox } from '../map/geometry.ts';
import { overlapRefusal, scopesApi } from './api.ts';
import { OverlapConfirm } from './OverlapConfirm.tsx';
import { importLayers } from './scopeLayers.ts';

const wordOf = (words: ErrorWords, lang: Lang, params: Record<string, unknown>) => {
  const w = words[lang];
  return typeof w === 'string' ? w : w(params);
};

/**
 * Surveyed red lines or footprints back from the design institute: preview what matches, drawn
 * over the current red lines with how far each moves; settle the unmatched and ambiguous ones by
 * hand (a select in the table, or a click on the feature then on the estate); then confirm (one
 * transaction, history kept; an overlap asks for a reason).
 */
export function ImportBox({
  estates,
  controller,
  onImported,
  onAssigning,
}: {
  estates: EstateFeature[];
  controller: MapController | null;
  onImported: () => void;
  /** Told while a feature waits for its estate to be clicked, so that click does not pick the estate. */
  onAssigning: (on: boolean) => void;
}) {
  const { t, lang } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [layer, setLayer] = useState<ImportLayer | ''>('');
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [assign, setAssign] = useState<Record<number, number>>({});
  const [armed, setArmed] = useState<number | null>(null);
  const [refused, setRefused] = useState<OverlapItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const options = { layer: layer || undefined, assign };
  // Estates to assign to: those of the programme, named, the ones without a red line marked.
  const choices = useMemo(() => [...estates].sort((a, b) => a.properties.name.localeCompare(b.properties.name, 'zh-CN')), [estates]);

  const run = (fn: () => Promise<ImportPreview>, frame = false) => {
    setBusy(true);
    setError(null);
    fn()
      .then((p) => {
        setPreview(p);
        setRefused(null);
        if (p.written) onImported();
        if (frame) frameOn(p.features);
      })
      .catch((e: Error) => {
        const overlaps = overlapRefusal(e);
        if (overlaps) setRefused(overlaps);
        else setError(e.message);
      })
      .finally(() => setBusy(false));
  };
  const doPreview = (a = assign, frame = false) => file && run(() => scopesApi.preview(file, { ...options, assign: a }), frame);
  const frameOn = (features: ImportFeatureReport[]) => {
    const box = unionBbox(features.flatMap((f) => [f.geometry, f.currentGeometry]).map((g) => (g ? featureBbox({ type: 'Feature', properties: {}, geometry: g }) : null)));
    if (box) controller?.fitBounds(box, { maxZoom: 17, animate: false });
  };
  const assignTo = (index: number, estateId: number | null) => {
    const next = { ...assign };
    if (estateId === null) delete next[index];
    else next[index] = estateId;
    setAssign(next);
    setArmed(null);
    doPreview(next);
  };

  // The preview on the map (nothing once written: the tiles show the result).
  const shown = preview && !preview.written ? preview.features : null;
  useEffect(() => {
    controller?.setOverlayLayers(
      'scopes-import',
      shown ? importLayers(shown, { picked: armed, pickable: armed === null, moveLabel: (m) => t('importMoveLabel').replace('{m}', fmtNumber(m, lang, 1)) }) : [],
    );
  }, [controller, shown, armed, t, lang]);
  useEffect(() => () => controller?.setOverlayLayers('scopes-import', []), [controller]);

  // Assigning on the map: a click on an incoming feature picks it, the next click on an estate assigns it.
  const assignRef = useRef(assignTo);
  assignRef.current = assignTo;
  useEffect(
    () =>
      controller?.onOverlayClick((c) => {
        if (c.layerId !== 'scopes-import-incoming') return;
        const index = (c.object as { properties?: { index?: number } } | null)?.properties?.index;
        if (typeof index === 'number') setArmed(index);
      }),
    [controller],
  );
  useEffect(() => {
    onAssigning(armed !== null);
    if (armed === null || !controller) return;
    const offClick = controller.onEstateClick((id) => {
      if (id !== null) assignRef.current(armed, id);
    });
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setArmed(null);
    window.addEventListener('keydown', onKey);
    return () => {
      offClick();
      window.removeEventListener('keydown', onKey);
      onAssigning(false);
    };
  }, [armed, controller, onAssigning]);

  const writable = preview ? preview.counts.matched + preview.counts.new : 0;
  return (
    <div data-testid="import-box">
      <p className="hint">{t('importHint')}</p>
      <div className="scopes-tools">
        {/* The browser's own file button speaks the browser's language; this one speaks the app's. */}
        <label className="file-pick" title={file?.name}>
          <input
            type="file"
            accept=".geojson,.json,.zip,.gpkg"
            data-testid="import-file"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setPreview(null);
              setAssign({});
              setArmed(null);
            }}
          />
          <span className="file-pick-button">{t('importChoose')}</span>
          <span className="file-pick-name">{file?.name ?? t('importNoFile')}</span>
        </label>
        <select value={layer} onChange={(e) => setLayer(e.target.value as ImportLayer | '')} aria-label={t('importLayer')}>
          <option value="">{t('importLayerAuto')}</option>
          <option value="estate">{t('importLayerEstate')}</option>
          <option value="building">{t('importLayerBuilding')}</option>
        </select>
        <button type="button" disabled={!file || busy} onClick={() => doPreview(assign, true)} data-testid="import-preview">
          {t('importPreview')}
        </button>
      </div>
      {error && (
        <p className="error" role="alert" data-testid="import-error">
          {error}
        </p>
      )}
      {preview && (
        <>
          <p className="hint" data-testid="import-summary">
            {preview.written
              ? t('importWritten').replace('{estates}', String(preview.written.estates)).replace('{buildings}', String(preview.written.buildings))
              : t('importCounts')
                  .replace('{crs}', preview.sourceCrs)
                  .replace('{matched}', String(preview.counts.matched))
                  .replace('{new}', String(preview.counts.new))
                  .replace('{unmatched}', String(preview.counts.unmatched))
                  .replace('{ambiguous}', String(preview.counts.ambiguous))}
          </p>
          {!preview.written && <p className="hint">{t('importLegend')}</p>}
          {armed !== null && (
            <p className="hint" role="status" data-testid="import-armed">
              {t('importAssignHint').replace('{i}', String(armed))}
            </p>
          )}
          <table className="import-table" data-testid="import-features">
            <thead>
              <tr>
                <th>#</th>
                <th>{t('importStatus')}</th>
                <th>{t('importEstate')}</th>
                <th>{t('importArea')}</th>
                <th>{t('importShift')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.features.map((f) => {
                const settle = f.layer === 'estate' && (f.status === 'unmatched' || f.status === 'ambiguous' || assign[f.index] !== undefined);
                return (
                  <tr key={f.index} data-status={f.status} data-index={f.index} data-estate-id={f.estateId ?? ''} className={f.index === armed ? 'armed' : undefined}>
                    <td>{f.index}</td>
                    <td>
                      <span className={`import-status ${f.status}`}>{t(`importStatus_${f.status}`)}</span>
                      {f.matchedBy === 'assign' && <div className="muted">{t('importAssigned')}</div>}
                    </td>
                    <td>
                      {f.estateName ?? '—'}
                      {f.buildingNumber !== null && ` · ${f.buildingNumber}${t('uBuilding')}`}
                      {settle && (
                        <div className="scopes-tools">
                          <select
                            value={assign[f.index] ?? ''}
                            onChange={(e) => assignTo(f.index, e.target.value === '' ? null : Number(e.target.value))}
                            aria-label={t('importAssign')}
                            data-testid="import-assign"
                          >
                            <option value="">{f.status === 'ambiguous' ? t('importPick') : t('importAssign')}</option>
                            {f.candidates.map((c) => (
                              <option key={`c${c.id}`} value={c.id}>
                                {c.name} · {c.districtName} {c.planYear}
                              </option>
                            ))}
                            {choices
                              .filter((e) => !f.candidates.some((c) => c.id === e.id))
                              .map((e) => (
                                <option key={e.id} value={e.id as number}>
                                  {e.properties.name}
                                  {e.geometry?.type !== 'MultiPolygon' ? ` ${t('importNoRedLine')}` : ''}
                                </option>
                              ))}
                          </select>
                          {f.geometry && (
                            <button type="button" onClick={() => setArmed(armed === f.index ? null : f.index)} data-testid="import-assign-map">
                              {t('importAssignOnMap')}
                            </button>
                          )}
                        </div>
                      )}
                      {f.status !== 'matched' && (f.reasonCode ? <div className="muted">{wordOf(MATCH_REASON_STRINGS[f.reasonCode.code], lang, f.reasonCode.params)}</div> : f.reason && <div className="muted">{f.reason}</div>)}
                      {f.repairCodes.length > 0 && <div className="import-repairs">{f.repairCodes.map((r) => wordOf(REPAIR_STRINGS[r.code], lang, r.params)).join('；')}</div>}
                      {f.overlaps.length > 0 && (
                        <div className="error" data-testid="import-overlaps">
                          {t('importOverlaps').replace('{list}', f.overlaps.map((o) => `${o.name} ${fmtNumber(o.areaM2, lang, 1)} ${t('uM2')}`).join('、'))}
                        </div>
                      )}
                    </td>
                    <td>{f.areaM2 === null ? '—' : `${fmtNumber(f.areaM2, lang, 0)} ${t('uM2')}`}</td>
                    <td data-shift={f.shiftMeters ?? ''}>{f.shiftMeters === null ? '—' : `${fmtNumber(f.shiftMeters, lang, 1)} m`}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {refused && file && (
            <OverlapConfirm overlaps={refused} busy={busy} onConfirm={(reason) => run(() => scopesApi.confirm(file, { ...options, overlapReason: reason }, preview.token))} onCancel={() => setRefused(null)} />
          )}
          {!preview.written && (
            <button
              type="button"
              className="primary"
              disabled={busy || writable === 0}
              onClick={() => file && run(() => scopesApi.confirm(file, options, preview.token))}
              data-testid="import-confirm"
            >
              {t('importConfirm').replace('{n}', String(writable))}
            </button>
          )}
        </>
      )}
    </div>
  );
}
