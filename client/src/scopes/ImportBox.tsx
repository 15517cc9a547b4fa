import { useState } from 'react';
import type { ImportLayer, ImportPreview } from '../../../shared/scopes/contract.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { fmtNumber } from '../estates/format.ts';
import { scopesApi } from './api.ts';

/**
 * Surveyed red lines or footprints back from the design institute: preview what matches, what
 * was repaired and how far each outline moves, then confirm (one transaction, history kept).
 */
export function ImportBox({ onImported }: { onImported: () => void }) {
  const { t, lang } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [layer, setLayer] = useState<ImportLayer | ''>('');
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [assign, setAssign] = useState<Record<number, number>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const options = { layer: layer || undefined, assign };

  const run = (fn: () => Promise<ImportPreview>) => {
    setBusy(true);
    setError(null);
    fn()
      .then((p) => {
        setPreview(p);
        if (p.written) onImported();
      })
      .catch((e: Error) => setError(e.message))
      .finally(() => setBusy(false));
  };
  const doPreview = (a = assign) => file && run(() => scopesApi.preview(file, { ...options, assign: a }));

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
        <button type="button" disabled={!file || busy} onClick={() => doPreview()} data-testid="import-preview">
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
              {preview.features.map((f) => (
                <tr key={f.index} data-status={f.status}>
                  <td>{f.index}</td>
                  <td>
                    <span className={`import-status ${f.status}`}>{t(`importStatus_${f.status}`)}</span>
                  </td>
                  <td>
                    {f.estateName ?? '—'}
                    {f.buildingNumber !== null && ` · ${f.buildingNumber}${t('uBuilding')}`}
                    {f.status === 'ambiguous' && f.candidates.length > 0 && (
                      <select
                        value={assign[f.index] ?? ''}
                        onChange={(e) => {
                          const next = { ...assign, [f.index]: Number(e.target.value) };
                          setAssign(next);
                          doPreview(next);
                        }}
                      >
                        <option value="">{t('importPick')}</option>
                        {f.candidates.map((c) => (
                          <option key={c.id} value={c.id}>
                            {c.name} · {c.districtName} {c.planYear}
                          </option>
                        ))}
                      </select>
                    )}
                    {f.reason && f.status !== 'matched' && <div className="muted">{f.reason}</div>}
                    {f.repairs.length > 0 && <div className="import-repairs">{f.repairs.join('; ')}</div>}
                  </td>
                  <td>{f.areaM2 === null ? '—' : `${fmtNumber(f.areaM2, lang, 0)} ${t('uM2')}`}</td>
                  <td>{f.shiftMeters === null ? '—' : `${fmtNumber(f.shiftMeters, lang, 1)} m`}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {!preview.written && (
            <button
              type="button"
              className="primary"
              disabled={busy || preview.counts.matched + preview.counts.new === 0}
              onClick={() => file && run(() => scopesApi.confirm(file, options, preview.token))}
              data-testid="import-confirm"
            >
              {t('importConfirm').replace('{n}', String(preview.counts.matched + preview.counts.new))}
            </button>
          )}
        </>
      )}
    </div>
  );
}
