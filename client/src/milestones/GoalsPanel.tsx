import './goals.css';
import { useQuery } from '@tanstack/react-query';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { ModePanelProps } from '../modes/types.ts';
import { plansQuery } from '../plans/api.ts';
import { MilestonesEditor } from './MilestonesEditor.tsx';
import { TargetsEditor } from './TargetsEditor.tsx';

/**
 * 形象进度与目标 (planners, admins): the chosen programme's quarterly milestones and targets, edited or
 * imported from the bureau's own tables. The ledger and the dashboard use them at once.
 */
export function GoalsPanel({ programme, estates }: ModePanelProps) {
  const { t } = useI18n();
  const plans = useQuery(plansQuery());
  if (!programme) return <p className="hint">{t('dbNoProgramme')}</p>;
  const plan = plans.data?.find((p) => p.slug === programme.key);
  if (plans.isError) return <p className="error">{t('loadFailed')}</p>;
  if (!plan) return <p className="hint">{t('loading')}</p>;
  return (
    <section className="card goals-panel" data-testid="goals-panel">
      <h3>{t('modeGoals')}</h3>
      <MilestonesEditor plan={plan} estates={estates} />
      <TargetsEditor plan={plan} />
    </section>
  );
}
