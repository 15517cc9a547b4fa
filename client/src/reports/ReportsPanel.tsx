import '../dashboard/dashboard.css';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { ModePanelProps } from '../modes/types.ts';
import { ReportForm } from './ReportForm.tsx';

/**
 * A reporter's mode: the monthly report (月度报表) for the estates of their own region. Estates are
 * reported by name, so an estate nobody has placed on the map yet is reported like any other.
 */
export function ReportsPanel({ programme, estates, estatesLoading }: ModePanelProps) {
  const { t } = useI18n();
  if (!programme) return <p className="hint">{t('dbNoProgramme')}</p>;
  if (estates.features.length === 0) return <p className="hint">{estatesLoading ? t('loading') : t('rfNoEstates')}</p>;
  return (
    <section data-testid="reports-panel">
      <h3 className="mode-title">{t('rfTitle')}</h3>
      <ReportForm key={programme.key} programme={programme} estates={estates} />
    </section>
  );
}
