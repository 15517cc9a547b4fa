import { useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { FilePick } from './FilePick.tsx';
import { plansApi, type PlanSummary, type TableReplacement, type TableRowChange } from './api.ts';
import { problemsOf, type TableProblem } from './problems.ts';
import { Refusal, WarningList } from './ImportFindings.tsx';

/**
 * A corrected table as the plan's next version: the preview says which estates are kept (with
 * their red lines, buildings, reports and zones), which change, which are new and which would be
 * removed; nothing is written until the planner confirms.
 */
export function ReplaceTableBox({ plan, onDone }: { plan: PlanSummary; onDone: () => void }) {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<TableReplacement | null>(null);
  const [problems, setProblems] = useState<TableProblem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = (confirm: boolean) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    setProblems([]);
    plansApi
      .replaceTable(plan.id, file, { confirm, version: preview?.version ?? plan.version })
      .then((p) => {
        setPreview(p);
        if (p.applied) onDone();
      })
      .catch((e: Error) => {
        setPreview(null);
        setProblems(problemsOf(e));
        setError(e.message);
      })
      .finally(() => setBusy(false));
  };

  return (
    <div className="plan-replace" data-testid="plan-replace">
      <div className="plan-import-row">
        <FilePick
          accept=".csv,.xlsx,.txt"
          file={file}
          testId="plan-replace-file"
          onChange={(f) => {
            setFile(f);
            setPreview(null);
          }}
        />
        <button type="button" disabled={!file || busy} onClick={() => run(false)} data-testid="plan-replace-preview">
          {t('importPreview')}
        </button>
      </div>
      {preview && (
        <div className="plan-preview" data-testid="plan-replace-summary">
          <p>
            {(preview.applied ? t('plansReplaced') : t('plansReplaceCounts'))
              .replace('{version}', String(preview.nextVersion))
              .replace('{kept}', String(preview.kept.length))
              .replace('{changed}', String(preview.changed.length))
              .replace('{added}', String(preview.added.length))
              .replace('{removed}', String(preview.removed.length))}
          </p>
          <RowList title={t('plansChanged')} rows={preview.changed} kind="changed" />
          <RowList title={t('plansAdded')} rows={preview.added} kind="added" />
          <RowList title={t('plansRemoved')} rows={preview.removed} kind="removed" />
          <WarningList warnings={preview.warnings} />
          {!preview.applied && (
            <button type="button" className="primary" disabled={busy} onClick={() => run(true)} data-testid="plan-replace-confirm">
              {t('plansReplaceConfirm').replace('{version}', String(preview.nextVersion))}
            </button>
          )}
        </div>
      )}
      <Refusal error={error} problems={problems} testId="plan-replace-error" />
    </div>
  );
}

function RowList({ title, rows, kind }: { title: string; rows: TableRowChange[]; kind: string }) {
  if (!rows.length) return null;
  return (
    <details className={`plan-rows ${kind}`} open={rows.length <= 8} data-testid={`plan-rows-${kind}`}>
      <summary>
        {title} ({rows.length})
      </summary>
      <ul>
        {rows.map((r, i) => (
          <li key={r.estateId ?? `${r.name}-${i}`}>
            {[r.street, r.community, r.name].filter(Boolean).join(' · ')}
            {r.changes.map((c) => (
              <span key={c.field} className="muted">
                {' '}
                {c.field}: {show(c.before)} → {show(c.after)}
              </span>
            ))}
          </li>
        ))}
      </ul>
    </details>
  );
}

const show = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : String(v));
