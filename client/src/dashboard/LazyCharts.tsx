import { lazy, Suspense } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { ProgressChartsProps, RatesChartProps } from './charts/DashboardCharts.tsx';

// ECharts comes with this chunk only: the login page and the other modes never fetch it.
const load = () => import('./charts/DashboardCharts.tsx');
const Rates = lazy(() => load().then((m) => ({ default: m.RatesChart })));
const Progress = lazy(() => load().then((m) => ({ default: m.ProgressCharts })));

function Loading() {
  const { t } = useI18n();
  return <p className="db-muted" data-testid="chart-loading">{t('chLoading')}</p>;
}

export function LazyRatesChart(props: RatesChartProps) {
  return (
    <Suspense fallback={<Loading />}>
      <Rates {...props} />
    </Suspense>
  );
}

export function LazyProgressCharts(props: ProgressChartsProps) {
  return (
    <Suspense fallback={<Loading />}>
      <Progress {...props} />
    </Suspense>
  );
}
