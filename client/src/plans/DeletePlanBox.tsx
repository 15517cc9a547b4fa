import { useState } from 'react';
import { ApiRequestError } from '../api/http.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { plansApi, type PlanSummary } from './api.ts';

/**
 * Deleting a plan removes its estates, red lines, buildings and reports: the admin types the
 * plan's code to confirm, and a plan with reports needs a second, explicit confirmation.
 */
export function DeletePlanBox({ plan, onDeleted }: { plan: PlanSummary; onDeleted: () => void }) {
  const { t } = useI18n();
  const [typed, setTyped] = useState('');
  const [needsForce, setNeedsForce] = useState(plan.reports > 0);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const go = (force: boolean) => {
    setBusy(true);
    setError(null);
    plansApi
      .remove(plan.id, typed.trim(), force)
      .then(onDeleted, (e: Error) => {
        if (e instanceof ApiRequestError && e.status === 409) setNeedsForce(true);
        setError(e.message);
      })
      .finally(() => setBusy(false));
  };
  const matches = typed.trim() === plan.slug;
  return (
    <div className="plan-delete" data-testid="plan-delete">
      <p>{t('plansDeleteWarn').replace('{estates}', String(plan.estates)).replace('{reports}', String(plan.reports))}</p>
      <label>
        {t('plansDeleteType').replace('{slug}', plan.slug)}
        <input value={typed} onChange={(e) => setTyped(e.target.value)} data-testid="plan-delete-slug" />
      </label>
      {needsForce ? (
        <button type="button" className="danger" disabled={!matches || busy} onClick={() => go(true)} data-testid="plan-delete-force">
          {t('plansDeleteForce').replace('{reports}', String(plan.reports))}
        </button>
      ) : (
        <button type="button" className="danger" disabled={!matches || busy} onClick={() => go(false)} data-testid="plan-delete-confirm">
          {t('plansDelete')}
        </button>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
