import { useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiRequestError } from '../api/http.ts';
import type { EstateCollection } from '../estates/api.ts';
import { progressKeys } from '../dashboard/api.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { PHASE_LABELS, PHASES, type Phase } from '../../../shared/phases.ts';
import type { MilestoneItem } from '../../../shared/milestones/contract.ts';
import type { PlanSummary } from '../../../shared/plans/contract.ts';
import { goalsApi, goalsQueries, milestoneItem } from './api.ts';
import { ImportBox } from './ImportBox.tsx';

type Row = MilestoneItem & { label: string };

/**
 * A plan's quarterly milestones (形象进度): the list as saved, rows removed or added here, saved as a
 * whole at the version read (someone else's save in between is reported and the list reloaded).
 */
export function MilestonesEditor({ plan, estates }: { plan: PlanSummary; estates: EstateCollection }) {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const query = goalsQueries.milestones(plan.id);
  const saved = useQuery(query);
  const [draft, setDraft] = useState<Row[] | null>(null);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const [add, setAdd] = useState<{ quarter: number; estateId: string; phase: Phase | ''; pct: string }>({ quarter: 1, estateId: '', phase: '', pct: '' });
  const reload = () => {
    setDraft(null);
    void queryClient.invalidateQueries({ queryKey: query.queryKey });
    void queryClient.invalidateQueries({ queryKey: progressKeys.lagging() });
    void queryClient.invalidateQueries({ queryKey: progressKeys.series() });
  };
  useEffect(() => setDraft(null), [plan.id]);

  const rows: Row[] = draft ?? (saved.data?.milestones ?? []).map((m) => ({ ...milestoneItem(m), label: m.estateName ?? m.projectName ?? t('goalsWholePlan') }));
  const ownEstates = estates.features.filter((f) => f.properties.planId === plan.id).map((f) => f.properties);
  const save = () => {
    if (!saved.data || !draft) return;
    setMessage(null);
    goalsApi.saveMilestones(plan.id, saved.data.version, draft.map(({ label: _l, ...m }) => m)).then(
      () => { setMessage({ error: false, text: t('goalsSaved') }); reload(); },
      (e: Error) => {
        if (e instanceof ApiRequestError && e.status === 409) reload();
        setMessage({ error: true, text: e.message });
      },
    );
  };
  const addRow = () => {
    const estate = ownEstates.find((e) => String(e.id) === add.estateId);
    if (!estate || (!add.phase && add.pct === '')) return;
    const row: Row = {
      year: plan.year, quarter: add.quarter, estateId: estate.id, projectId: null, phase: add.phase || null,
      progressPct: add.pct === '' ? null : Number(add.pct), description: null, label: estate.name,
    };
    setDraft([...rows, row]);
  };

  return (
    <section className="goals-section" data-testid="milestones-editor" data-version={saved.data?.version} data-fetching={saved.isFetching ? 'true' : 'false'}>
      <h4>
        {t('goalsMilestones')} <span className="muted">v{saved.data?.version ?? '…'}</span>
      </h4>
      <div className="goals-scroll">
        <table className="goals-table" data-testid="milestones-table">
          <thead>
            <tr>
              <th>{t('goalsQuarter')}</th>
              <th>{t('goalsTarget')}</th>
              <th>{t('goalsPhase')}</th>
              <th className="num">%</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((m, i) => (
              <tr key={m.id ?? `new-${i}`} title={m.description ?? ''}>
                <td>
                  {m.year} Q{m.quarter}
                </td>
                <td>{m.estateId || m.projectId ? m.label : <span className="muted">{m.description}</span>}</td>
                <td>{m.phase ? PHASE_LABELS[m.phase][lang] : ''}</td>
                <td className="num">{m.progressPct ?? ''}</td>
                <td>
                  <button type="button" className="link" aria-label={t('goalsRemove')} onClick={() => setDraft(rows.filter((_, j) => j !== i))}>
                    ×
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="goals-add" data-testid="milestone-add">
        <select value={add.quarter} onChange={(e) => setAdd({ ...add, quarter: Number(e.target.value) })} aria-label={t('goalsQuarter')} data-testid="milestone-quarter">
          {[1, 2, 3, 4].map((q) => (
            <option key={q} value={q}>
              {plan.year} Q{q}
            </option>
          ))}
        </select>
        <select value={add.estateId} onChange={(e) => setAdd({ ...add, estateId: e.target.value })} aria-label={t('goalsTarget')} data-testid="milestone-estate">
          <option value="">{t('goalsPickEstate')}</option>
          {ownEstates.map((e) => (
            <option key={e.id} value={e.id}>
              {e.name}
            </option>
          ))}
        </select>
        <select value={add.phase} onChange={(e) => setAdd({ ...add, phase: e.target.value as Phase | '' })} aria-label={t('goalsPhase')} data-testid="milestone-phase">
          <option value="">—</option>
          {PHASES.map((p) => (
            <option key={p} value={p}>
              {PHASE_LABELS[p][lang]}
            </option>
          ))}
        </select>
        <input type="number" min={0} max={100} step={1} placeholder="%" data-testid="milestone-pct" value={add.pct} onChange={(e) => setAdd({ ...add, pct: e.target.value })} />
        <button type="button" onClick={addRow} data-testid="milestone-add-button">
          {t('goalsAdd')}
        </button>
      </div>
      <p>
        <button type="button" className="primary" disabled={!draft} onClick={save} data-testid="milestones-save">
          {t('goalsSave')}
        </button>
        {draft && (
          <button type="button" onClick={() => setDraft(null)}>
            {t('drawCancel')}
          </button>
        )}
      </p>
      {message && <p className={message.error ? 'error' : 'hint'} role="status" data-testid="milestones-message">{message.text}</p>}
      <p className="hint">{t('goalsMilestonesImportHint')}</p>
      <ImportBox
        testId="milestones-import"
        preview={(file) => goalsApi.importMilestones(plan.id, file)}
        confirm={(file, version) => goalsApi.importMilestones(plan.id, file, version)}
        onDone={reload}
      />
    </section>
  );
}
