import { useI18n } from '../i18n/I18nProvider.tsx';
import { pctText } from './classes.ts';
import type { RankingResponse } from './types.ts';

/** The headline figures of the place, year and month: the ranking's total line. */
export function Kpis({ ranking }: { ranking: RankingResponse }) {
  const { t, locale } = useI18n();
  const n = (v: number | null, digits = 0) => (v === null ? '—' : v.toLocaleString(locale, { maximumFractionDigits: digits }));
  const tot = ranking.total;
  const items: [string, string, string?][] = [
    [t('dbKpiEstates'), n(tot.estates)],
    [t('dbKpiCompleted'), `${n(tot.completedEstates)} (${pctText(tot.completionRate)})`],
    [t('dbKpiHouseholds'), n(tot.households)],
    [t('dbKpiPlanned'), n(tot.plannedInvestmentWan, 1), t('uWanYuan')],
    [t('dbKpiDone'), n(tot.completedInvestmentWan, 1), t('uWanYuan')],
    [t('dbKpiRate'), pctText(tot.investmentRate)],
  ];
  return (
    <dl className="db-kpis" data-testid="dashboard-kpis">
      {items.map(([label, value, unit]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>
            {value}
            {unit && value !== '—' ? <small> {unit}</small> : null}
          </dd>
        </div>
      ))}
      {tot.synthetic && <p className="db-note">⚠ {t('dbSynthetic')}</p>}
    </dl>
  );
}
