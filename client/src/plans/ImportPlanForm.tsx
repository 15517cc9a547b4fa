import { useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { FilePick } from './FilePick.tsx';
import { plansApi, type PlanImportResult, type RegionHit } from './api.ts';
import { problemsOf, type TableProblem } from './problems.ts';
import { Refusal, WarningList } from './ImportFindings.tsx';
import { RegionPicker } from './RegionPicker.tsx';

/**
 * A bureau's own plan table (CSV or XLSX) for any district of China: pick the district, the year
 * and the file, preview what the importer reads (nothing is written), then import it.
 */
export function ImportPlanForm({ onImported }: { onImported: (r: PlanImportResult) => void }) {
  const { t } = useI18n();
  const [region, setRegion] = useState<RegionHit | null>(null);
  const [year, setYear] = useState(String(new Date().getFullYear()));
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<PlanImportResult | null>(null);
  const [problems, setProblems] = useState<TableProblem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const yearOk = /^\d{4}$/.test(year) && Number(year) >= 2000 && Number(year) <= 2100;
  const ready = region !== null && file !== null && yearOk;

  const reset = () => {
    setPreview(null);
    setProblems([]);
    setError(null);
  };
  const run = (asPreview: boolean) => {
    if (!ready) return;
    setBusy(true);
    reset();
    plansApi
      .importPlan({ file, region: region.code, year: Number(year) }, asPreview)
      .then((r) => {
        if (asPreview) setPreview(r);
        else {
          setFile(null);
          onImported(r);
        }
      })
      .catch((e: Error) => {
        setProblems(problemsOf(e));
        setError(e.message);
      })
      .finally(() => setBusy(false));
  };

  return (
    <div className="plan-import" data-testid="plan-import">
      <h4>{t('plansImportTitle')}</h4>
      <RegionPicker
        value={region}
        onChange={(r) => {
          setRegion(r);
          reset();
        }}
      />
      <div className="plan-import-row">
        <label>
          {t('plansYear')}
          <input
            type="number"
            min={2000}
            max={2100}
            value={year}
            onChange={(e) => {
              setYear(e.target.value);
              reset();
            }}
            data-testid="plan-year"
          />
        </label>
        <FilePick
          accept=".csv,.xlsx,.txt"
          file={file}
          testId="plan-file"
          onChange={(f) => {
            setFile(f);
            reset();
          }}
        />
      </div>
      <div className="plan-import-row">
        <button type="button" disabled={!ready || busy} onClick={() => run(true)} data-testid="plan-preview">
          {t('importPreview')}
        </button>
        <button type="button" className="primary" disabled={!ready || busy || !preview} onClick={() => run(false)} data-testid="plan-confirm">
          {t('plansImportConfirm')}
        </button>
      </div>
      {preview && (
        <div className="plan-preview" data-testid="plan-preview-summary" data-estates={preview.estates}>
          <p>
            {t('plansPreviewCounts')
              .replace('{title}', preview.plan.title)
              .replace('{estates}', String(preview.estates))
              .replace('{projects}', String(preview.projects))
              .replace('{communities}', String(preview.communitiesCreated.length))}
          </p>
          {preview.communitiesCreated.length > 0 && (
            <p className="muted">
              {t('plansCommunitiesGenerated')} {preview.communitiesCreated.map((c) => `${c.street} ${c.name}`).join('、')}
            </p>
          )}
          <WarningList warnings={preview.warnings} />
        </div>
      )}
      <Refusal error={error} problems={problems} testId="plan-import-error" />
    </div>
  );
}
