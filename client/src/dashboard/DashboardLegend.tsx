import { useI18n } from '../i18n/I18nProvider.tsx';
import { HEAT_COLOURS, NO_RATE, RATE_CLASSES } from './classes.ts';
import type { ChoroplethMetric } from './layers.ts';

const rgb = (c: [number, number, number]) => `rgb(${c.join(',')})`;

/** The choropleth's fixed classes and the heatmap's fixed scale. */
export function DashboardLegend({ metric, showHeat }: { metric: ChoroplethMetric; showHeat: boolean }) {
  const { t } = useI18n();
  return (
    <div className="db-legend" data-testid="dashboard-legend">
      <strong>{t(metric === 'investmentRate' ? 'dbInvestmentRate' : 'dbCompletionRate')}</strong>
      <ul>
        {RATE_CLASSES.map((c) => (
          <li key={c.key}>
            <i style={{ background: rgb(c.colour) }} /> {c.label}
          </li>
        ))}
        <li>
          <i style={{ background: rgb(NO_RATE) }} /> {t('dbNoRate')}
        </li>
      </ul>
      {showHeat && (
        <>
          <div className="db-heat-scale" style={{ background: `linear-gradient(to right, ${HEAT_COLOURS.map(rgb).join(',')})` }} />
          <div className="db-heat-labels">
            <span>{t('dbHeatLow')}</span>
            <span>{t('dbHeatHigh')}</span>
          </div>
          <p className="db-note">{t('dbHeatmapNote')}</p>
        </>
      )}
    </div>
  );
}
