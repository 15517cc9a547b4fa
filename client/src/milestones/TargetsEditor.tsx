import { useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiRequestError } from '../api/http.ts';
import { progressKeys } from '../dashboard/api.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { TARGET_METRIC_CODES, TARGET_METRICS, type TargetItem, type TargetMetric } from '../../../shared/milestones/contract.ts';
import type { PlanSummary } from '../../../shared/plans/contract.ts';
import { goalsApi, goalsQueries, targetItem } from './api.ts';
import { ImportBox } from './ImportBox.tsx';

/** A plan's targets (目标任务): values edited in place, rows added or removed, saved at the version read. */
export function TargetsEditor({ plan }: { plan: PlanSummary }) {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const query = goalsQueries.targets(plan.id);
  const saved = useQuery(query);
  const [draft, setDraft] = useState<TargetItem[] | null>(null);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const [metric, setMetric] = useState<TargetMetric>('estates_completed');
  useEffect(() => setDraft(null), [plan.id]);
  const reload = () => {
    setDraft(null);
    void queryClient.invalidateQueries({ queryKey: query.queryKey });
    void queryClient.invalidateQueries({ queryKey: progressKeys.targets() });
    void queryClient.invalidateQueries({ queryKey: progressKeys.series() });
  };
  const rows = draft ?? (saved.data?.targets ?? []).map(targetItem);
  const edit = (i: number, patch: Partial<TargetItem>) => setDraft(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const save = () => {
    if (!saved.data || !draft) return;
    setMessage(null);
    goalsApi.saveTargets(plan.id, saved.data.version, draft).then(
      () => { setMessage({ error: false, text: t('goalsSaved') }); reload(); },
      (e: Error) => {
        if (e instanceof ApiRequestError && e.status === 409) reload();
        setMessage({ error: true, text: e.message });
      },
    );
  };

  return (
    <section className="goals-section" data-testid="targets-editor" data-version={saved.data?.version} data-fetching={saved.isFetching ? 'true' : 'false'}>
      <h4>
        {t('dbTargets')} <span className="muted">v{saved.data?.version ?? '…'}</span>
      </h4>
      <table className="goals-table" data-testid="targets-table">
        <tbody>
          {rows.map((x, i) => (
            <tr key={x.id ?? `new-${i}`}>
              <td>
                {TARGET_METRICS[x.metric][lang]}
                {x.regionCode !== plan.regionCode && <div className="muted">{x.regionCode}</div>}
              </td>
              <td className="num">
                <input type="number" min={0} value={x.value} onChange={(e) => edit(i, { value: Number(e.target.value) })} aria-label={TARGET_METRICS[x.metric][lang]} />
              </td>
              <td>{x.unit}</td>
              <td>
                <input type="date" value={x.dueOn ?? ''} onChange={(e) => edit(i, { dueOn: e.target.value || null })} aria-label={t('goalsDue')} />
              </td>
              <td>
                <button type="button" className="link" aria-label={t('goalsRemove')} onClick={() => setDraft(rows.filter((_, j) => j !== i))}>
                  ×
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="goals-add">
        <select value={metric} onChange={(e) => setMetric(e.target.value as TargetMetric)} aria-label={t('goalsMetric')}>
          {TARGET_METRIC_CODES.map((m) => (
            <option key={m} value={m}>
              {TARGET_METRICS[m][lang]}（{TARGET_METRICS[m].unit}）
            </option>
          ))}
        </select>
        <button type="button" onClick={() => setDraft([...rows, { regionCode: plan.regionCode, metric, value: 0, unit: TARGET_METRICS[metric].unit, responsibleUnit: null, dueOn: null }])}>
          {t('goalsAdd')}
        </button>
      </div>
      <p>
        <button type="button" className="primary" disabled={!draft} onClick={save} data-testid="targets-save">
          {t('goalsSave')}
        </button>
        {draft && (
          <button type="button" onClick={() => setDraft(null)}>
            {t('drawCancel')}
          </button>
        )}
      </p>
      {message && <p className={message.error ? 'error' : 'hint'} role="status" data-testid="targets-message">{message.text}</p>}
      <p className="hint">{t('goalsTargetsImportHint')}</p>
      <ImportBox
        testId="targets-import"
        preview={(file) => goalsApi.importTargets(plan.id, file)}
        confirm={(file, version) => goalsApi.importTargets(plan.id, file, version)}
        onDone={reload}
      />
    </section>
  );
}
