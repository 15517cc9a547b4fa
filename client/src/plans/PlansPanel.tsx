import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useAuth } from '../auth/AuthProvider.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { ModePanelProps } from '../modes/types.ts';
import { PROGRAMME_CHOICES, setHashParams } from '../places/useHashParam.ts';
import { PLAN_DEPENDENT_KEYS, plansQuery, type PlanImportResult, type PlanSummary } from './api.ts';
import { DeletePlanBox } from './DeletePlanBox.tsx';
import { ImportPlanForm } from './ImportPlanForm.tsx';
import { ReplaceTableBox } from './ReplaceTableBox.tsx';
import './plans.css';

/**
 * 计划管理 (planners and admins): the bureau's plans with what is placed and reported, a new plan
 * from the bureau's own table for any district, a corrected table as the next version, and (admins)
 * deletion.
 */
export function PlansPanel(_: ModePanelProps) {
  const { t } = useI18n();
  const { me } = useAuth();
  const queryClient = useQueryClient();
  // Opening a plan shows it on the map with its estate list and 待落图 (the browse mode); what was
  // chosen in another programme (estate, month, level, region, view) does not carry over.
  const openPlan = (slug: string) => setHashParams({ p: slug, m: null, ...PROGRAMME_CHOICES });
  const plans = useQuery(plansQuery());
  const [open, setOpen] = useState<{ id: number; action: 'replace' | 'delete' } | null>(null);
  const [imported, setImported] = useState<PlanImportResult | null>(null);
  const refresh = () => Promise.all(PLAN_DEPENDENT_KEYS.map((queryKey) => queryClient.invalidateQueries({ queryKey: [...queryKey] })));
  const toggle = (id: number, action: 'replace' | 'delete') => setOpen(open?.id === id && open.action === action ? null : { id, action });

  return (
    <section className="card plans-panel" data-testid="plans-panel">
      <h3>{t('modePlans')}</h3>
      <ImportPlanForm
        onImported={(r) => {
          setImported(r);
          void refresh();
        }}
      />
      {imported && (
        <p className="plan-done" role="status" data-testid="plan-imported">
          {t('plansImported').replace('{title}', imported.plan.title).replace('{estates}', String(imported.estates))}{' '}
          <button type="button" onClick={() => openPlan(imported.plan.slug)} data-testid="plan-open-imported">
            {t('plansOpen')}
          </button>
        </p>
      )}

      <h4>{t('plansListTitle')}</h4>
      {plans.isError && <p className="error">{t('loadFailed')}</p>}
      {plans.isSuccess && plans.data.length === 0 && <p className="hint">{t('plansNone')}</p>}
      <ul className="plans-list" data-testid="plans-list">
        {(plans.data ?? []).map((p: PlanSummary) => (
          <li key={p.id} data-slug={p.slug}>
            <div className="plans-item-head">
              <button type="button" className="link" onClick={() => openPlan(p.slug)} title={t('plansOpen')}>
                {p.title}
              </button>
              <span className="muted">
                {p.regionName} · {p.year}
                {p.version !== undefined && ` · v${p.version}`}
              </span>
            </div>
            <div className="plans-counts" data-testid="plan-counts" data-estates={p.estates} data-unplaced={p.unplaced} data-reports={p.reports}>
              {t('plansCounts')
                .replace('{estates}', String(p.estates))
                .replace('{placed}', String(p.placed))
                .replace('{unplaced}', String(p.unplaced))
                .replace('{reports}', String(p.reports))}
            </div>
            <div className="plans-actions">
              <button type="button" onClick={() => toggle(p.id, 'replace')} aria-expanded={open?.id === p.id && open.action === 'replace'} data-testid="plan-replace-open">
                {t('plansReplace')}
              </button>
              {me.role === 'admin' && (
                <button type="button" className="danger" onClick={() => toggle(p.id, 'delete')} aria-expanded={open?.id === p.id && open.action === 'delete'} data-testid="plan-delete-open">
                  {t('plansDelete')}
                </button>
              )}
            </div>
            {open?.id === p.id && open.action === 'replace' && <ReplaceTableBox plan={p} onDone={() => void refresh()} />}
            {open?.id === p.id && open.action === 'delete' && (
              <DeletePlanBox
                plan={p}
                onDeleted={() => {
                  setOpen(null);
                  void refresh();
                }}
              />
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
