import { useState } from 'react';
import { EXPORT_FORMATS, type ExportCrs, type ExportFormat } from '../../../shared/scopes/contract.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { downloadScope, type ScopeRef } from './api.ts';
import './scopes.css';

type CrsChoice = ExportCrs | 'cgcs2000-gk';
const CRS_CHOICES: CrsChoice[] = ['wgs84', 'cgcs2000', 'cgcs2000-gk', 'gcj02'];

/**
 * Export a scope for a design institute: format and coordinate system, then a download named
 * after the scope and the CRS. Used on a selection and a zone (zones mode) and a project (details).
 */
export function ExportBox({ scope, title, testId }: { scope: ScopeRef; title: string; testId?: string }) {
  const { t } = useI18n();
  const [format, setFormat] = useState<ExportFormat>('geojson');
  const [crs, setCrs] = useState<CrsChoice>('wgs84');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const run = () => {
    setBusy(true);
    setMessage(null);
    downloadScope(scope, { format, crs: crs === 'cgcs2000-gk' ? 'cgcs2000' : crs, projected: crs === 'cgcs2000-gk' })
      .then((name) => setMessage({ ok: true, text: t('exportDone').replace('{file}', name) }))
      .catch((e: Error) => setMessage({ ok: false, text: e.message }))
      .finally(() => setBusy(false));
  };
  return (
    <div className="export-box" data-testid={testId ?? 'export-box'}>
      <div className="export-title">{title}</div>
      <div className="export-row">
        <select
          value={format}
          onChange={(e) => {
            const f = e.target.value as ExportFormat;
            setFormat(f);
            // A CAD drawing is in metres: DXF comes only in the Gauss–Krüger zone.
            if (f === 'dxf') setCrs('cgcs2000-gk');
          }}
          aria-label={t('exportFormat')}
          data-testid="export-format"
        >
          {EXPORT_FORMATS.map((f) => (
            <option key={f} value={f}>
              {t(`exportFormat_${f}`)}
            </option>
          ))}
        </select>
        <select value={crs} onChange={(e) => setCrs(e.target.value as CrsChoice)} aria-label={t('exportCrs')} data-testid="export-crs">
          {CRS_CHOICES.map((c) => (
            <option key={c} value={c} disabled={format === 'dxf' && c !== 'cgcs2000-gk'}>
              {t(`exportCrs_${c.replace('-', '_') as 'wgs84' | 'cgcs2000' | 'cgcs2000_gk' | 'gcj02'}`)}
            </option>
          ))}
        </select>
        <button type="button" className="primary" onClick={run} disabled={busy} data-testid="export-download">
          {busy ? t('loading') : t('exportDownload')}
        </button>
      </div>
      {crs === 'gcj02' && <p className="hint">{t('exportGcj02Note')}</p>}
      {format === 'dxf' && <p className="hint">{t('exportDxfNote')}</p>}
      {message && (
        <p className={message.ok ? 'hint' : 'error'} role={message.ok ? 'status' : 'alert'} data-testid="export-message">
          {message.text}
        </p>
      )}
    </div>
  );
}
