/**
 * The dashboard's charts (issue 16 item 5), loaded lazily with ECharts (LazyCharts.tsx): rates by
 * region as bars, and planned against actual over the months. Each says why when it has nothing to
 * draw, and follows the month replayed (#t=) with a marker.
 */
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { RankingOrder, RankingResponse } from '../types.ts';
import { seriesQuery } from './api.ts';
import { EChart } from './EChart.tsx';
import { DARK, LIGHT, markerMonth, moneyOption, progressOption, ratesOption, seriesNotes } from './options.ts';

export interface RatesChartProps {
  ranking: RankingResponse;
  metric: RankingOrder;
  selected: string | null;
  onSelectRegion: (code: string) => void;
  dark?: boolean;
}

/** The ranking's rows as bars of the rate ranked on; a click on a bar selects its region. */
export function RatesChart({ ranking, metric, selected, onSelectRegion, dark = false }: RatesChartProps) {
  const { t } = useI18n();
  const metricName = t(metric === 'completionRate' ? 'dbCompletionRate' : 'dbInvestmentRate');
  const option = useMemo(
    () => ratesOption(ranking, metric, selected, { metric: metricName, total: t('chTotal') }, dark ? DARK : LIGHT),
    [ranking, metric, selected, metricName, t, dark],
  );
  const rows = ranking.rows;
  return (
    <figure className="db-figure" data-testid="chart-rates">
      <figcaption>{t('chRatesTitle').replace('{metric}', metricName)}</figcaption>
      {rows.length === 0 ? (
        <p className="db-chart-empty" data-testid="chart-empty">{t('chNoRegions')}</p>
      ) : rows.every((r) => r[metric] === null) ? (
        <p className="db-chart-empty" data-testid="chart-empty">{t('chNoRates').replace('{metric}', metricName)}</p>
      ) : (
        <>
          <EChart
            option={option}
            dark={dark}
            height={Math.max(140, rows.length * 30 + 30)}
            testId="chart-rates-canvas"
            ariaLabel={t('chRatesTitle').replace('{metric}', metricName)}
            onItemClick={(i) => rows[i] && onSelectRegion(rows[i]!.code)}
          />
          <p className="db-muted">{t('chBarHint')}</p>
        </>
      )}
    </figure>
  );
}

export interface ProgressChartsProps {
  parent: string;
  year: number;
  period: string | undefined;
  dark?: boolean;
  /** Only the estates' chart or only the money's (the 大屏 puts them apart); both by default. */
  part?: 'progress' | 'money';
}

/** Planned against actual over the months: estates completed and started, then money. */
export function ProgressCharts({ parent, year, period, dark = false, part }: ProgressChartsProps) {
  const { t } = useI18n();
  const series = useQuery(seriesQuery({ parent, year }));
  const palette = dark ? DARK : LIGHT;
  const s = series.data;
  const progress = useMemo(
    () =>
      s &&
      progressOption(s, period, {
        actualCompleted: t('chActualCompleted'), actualStarted: t('chActualStarted'), plannedCompleted: t('chPlannedCompleted'),
        plannedStarted: t('chPlannedStarted'), targetCompleted: t('chTargetCompleted'), targetStarted: t('chTargetStarted'),
        monthShown: t('chMonthShown'), estates: t('chEstates'),
      }, palette),
    [s, period, t, palette],
  );
  const money = useMemo(() => s && moneyOption(s, period, { actual: t('chActualMoney'), planned: t('chPlannedMoney'), monthShown: t('chMonthShown'), wan: t('chWan') }, palette), [s, period, t, palette]);
  if (series.error) return <p className="error">{t('chLoadFailed')}</p>;
  if (!s || !progress || !money) return <p className="db-muted" data-testid="chart-loading">{t('chLoading')}</p>;
  const notes = seriesNotes(s);
  const marker = markerMonth(s, period);
  const progressFigure = (
    <figure className="db-figure" data-testid="chart-progress">
      <figcaption>
        {t('chProgressTitle')}
        {marker && (
          <small className="db-chart-month" data-testid="chart-month">
            {' '}· {t('chMonthShown')} {marker}
          </small>
        )}
      </figcaption>
      {notes.noReports && s.milestones.length === 0 && s.targets.length === 0 ? (
        <p className="db-chart-empty" data-testid="chart-empty">{t('chNoReports')}</p>
      ) : (
        <>
          {notes.noReports && <p className="db-note" data-testid="chart-note">{t('chNoReports')}</p>}
          <EChart option={progress} dark={dark} height={230} testId="chart-progress-canvas" ariaLabel={t('chProgressTitle')} />
        </>
      )}
      {notes.oneMonth && <p className="db-note" data-testid="chart-note">{t('chOneMonth').replace('{period}', notes.oneMonth)}</p>}
      {notes.noPlan && <p className="db-note" data-testid="chart-no-plan">{t('chNoPlan')}</p>}
    </figure>
  );
  const moneyFigure = (
    <figure className="db-figure" data-testid="chart-money">
      <figcaption>{t('chMoneyTitle')}</figcaption>
      {notes.noReports ? (
        <p className="db-chart-empty" data-testid="chart-empty">{t('chNoReports')}</p>
      ) : notes.noMoney ? (
        <p className="db-chart-empty" data-testid="chart-empty">{t('chNoMoney')}</p>
      ) : (
        <>
          <EChart option={money} dark={dark} height={200} testId="chart-money-canvas" ariaLabel={t('chMoneyTitle')} />
          <p className="db-muted">{t('chNoMoneyPlan')}</p>
        </>
      )}
    </figure>
  );
  return (
    <>
      {part !== 'money' && progressFigure}
      {part !== 'progress' && moneyFigure}
    </>
  );
}
