import { useState } from 'react';
import { ApiRequestError } from '../api/http.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';

interface Preview {
  version: number;
  kept: number;
  added: unknown[];
  removed: unknown[];
  changed?: number;
}

/**
 * A table import in two steps, as the server wants it: preview (nothing written) shows what would
 * change, confirm sends the version the preview was made at. A refusal lists its rows and columns.
 */
export function ImportBox({ testId, preview, confirm, onDone }: {
  testId: string;
  preview: (file: File) => Promise<Preview>;
  confirm: (file: File, version: number) => Promise<unknown>;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [seen, setSeen] = useState<Preview | null>(null);
  const [problems, setProblems] = useState<{ row: number | null; column: string | null; reason: string }[]>([]);
  const [error, setError] = useState<string | null>(null);
  const fail = (e: unknown) => {
    setError(e instanceof Error ? e.message : String(e));
    const details = e instanceof ApiRequestError ? (e.details as { problems?: typeof problems } | undefined) : undefined;
    setProblems(details?.problems ?? []);
  };
  const run = (fn: () => Promise<void>) => {
    setError(null);
    setProblems([]);
    fn().catch(fail);
  };
  return (
    <div className="goals-import" data-testid={testId}>
      <input type="file" accept=".csv,.xlsx" data-testid={`${testId}-file`} onChange={(e) => { setFile(e.target.files?.[0] ?? null); setSeen(null); }} />
      <button type="button" disabled={!file} data-testid={`${testId}-preview-button`} onClick={() => run(async () => setSeen(await preview(file!)))}>
        {t('importPreview')}
      </button>
      {seen && (
        <p className="hint" data-testid={`${testId}-preview`}>
          {t('goalsPreview')
            .replace('{kept}', String(seen.kept))
            .replace('{added}', String(seen.added.length))
            .replace('{removed}', String(seen.removed.length))
            .replace('{changed}', String(seen.changed ?? 0))}
          <button type="button" className="primary" data-testid={`${testId}-confirm`} onClick={() => run(async () => { await confirm(file!, seen.version); setSeen(null); onDone(); })}>
            {t('goalsConfirm')}
          </button>
        </p>
      )}
      {/* A refused table: its cells listed below say more than the summary message. */}
      {error && <p className="error" role="alert">{problems.length ? t('goalsRefused') : error}</p>}
      {problems.length > 0 && (
        <ul className="goals-problems" data-testid={`${testId}-problems`}>
          {problems.map((p, i) => (
            <li key={i}>
              {[p.row ? t('goalsRow').replace('{n}', String(p.row)) : null, p.column].filter(Boolean).join(' · ')}：{p.reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
