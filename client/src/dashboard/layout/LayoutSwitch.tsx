import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { DashboardLayout } from './useDashboardLayout.ts';

/** 侧栏 · 宽屏 · 大屏: how much of the screen the dashboard takes. */
export function LayoutSwitch({ value, onChange }: { value: DashboardLayout; onChange: (l: DashboardLayout) => void }) {
  const { t } = useI18n();
  const options: [DashboardLayout, string][] = [
    ['panel', t('layoutPanel')],
    ['wide', t('layoutWide')],
    ['big', t('layoutBig')],
  ];
  return (
    <div className="db-segmented db-layout-switch" role="radiogroup" aria-label={t('layoutLabel')} data-testid="dashboard-layout">
      <span>{t('layoutLabel')}</span>
      {options.map(([v, text]) => (
        <button key={v} type="button" role="radio" aria-checked={v === value} className={v === value ? 'active' : undefined} data-layout={v} onClick={() => onChange(v)}>
          {text}
        </button>
      ))}
    </div>
  );
}
