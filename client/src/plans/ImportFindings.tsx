import { useI18n } from '../i18n/I18nProvider.tsx';
import type { ImportWarning } from './api.ts';
import type { TableProblem } from './problems.ts';
import { warningText } from './warnings.ts';

/** Warnings do not stop an import, but the planner should read them before confirming. */
export function WarningList({ warnings }: { warnings: ImportWarning[] }) {
  const { t, lang } = useI18n();
  if (!warnings.length) return null;
  return (
    <div className="plan-warnings" data-testid="plan-warnings">
      <strong>{t('plansWarnings')}</strong>
      <ul>
        {warnings.map((w, i) => (
          <li key={i} data-code={w.code}>
            {where(w.row, undefined, t)}
            {warningText(w, lang)}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A refused table: every row and column it names, or the server's message when it names none. */
export function Refusal({ error, problems, testId }: { error: string | null; problems: TableProblem[]; testId: string }) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <div className="error" role="alert" data-testid={testId}>
      <p>{problems.length ? t('plansRefused') : error}</p>
      <ProblemTable problems={problems} />
    </div>
  );
}

/** Every row and column a refused table names: the planner fixes them all in one pass. */
function ProblemTable({ problems }: { problems: TableProblem[] }) {
  const { t } = useI18n();
  if (!problems.length) return null;
  return (
    <table className="plan-problems" data-testid="plan-problems">
      <thead>
        <tr>
          <th>{t('plansRow')}</th>
          <th>{t('plansColumn')}</th>
          <th>{t('plansReason')}</th>
        </tr>
      </thead>
      <tbody>
        {problems.map((p, i) => (
          <tr key={i}>
            <td>{p.row ?? '—'}</td>
            <td>{p.column ?? '—'}</td>
            <td>{p.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function where(row: number | null | undefined, column: string | null | undefined, t: (k: 'plansRow' | 'plansColumn') => string) {
  const parts = [row ? `${t('plansRow')} ${row}` : null, column ? `${t('plansColumn')} ${column}` : null].filter(Boolean);
  return parts.length ? `${parts.join('，')}：` : '';
}
