import './dashboard.css';
import './layout/layout.css';
import { useEffect, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { ModePanelProps } from '../modes/types.ts';
import type { MapController } from '../map/controller.ts';
import { ReportForm } from '../reports/ReportForm.tsx';
import { useAuth } from '../auth/AuthProvider.tsx';
import { replayAsOf } from './replayAsOf.ts';
import { dashboardQueries, rankingXlsxUrl, scopeOf, type DashboardScope } from './api.ts';
import { Kpis } from './Kpis.tsx';
import { Ledger } from './Ledger.tsx';
import { PeriodSlider } from './PeriodSlider.tsx';
import { RankingTable } from './RankingTable.tsx';
import { Targets } from './Targets.tsx';
import type { RankingOrder, RankingRow } from './types.ts';
import { useDashboardMap, useRankedRegions } from './useDashboardMap.ts';
import { RegionPopup } from './RegionPopup.tsx';
import { pctText } from './classes.ts';
import { installOverlayHover } from '../map/hover.ts';
import { MapPopup } from '../map/MapPopup.tsx';
import { setHashParams, useHashParam } from '../places/useHashParam.ts';
import { useDashboardLayout, type DashboardLayout } from './layout/useDashboardLayout.ts';
import { LayoutSwitch } from './layout/LayoutSwitch.tsx';
import { BigScreen, enterFullscreen, leaveFullscreen } from './layout/BigScreen.tsx';
import { LazyProgressCharts, LazyRatesChart } from './LazyCharts.tsx';

/**
 * The leaders' view: headline figures, the ranking table with its choropleth, the heatmap of money
 * behind, the supervision ledger and the targets, all for one month that the slider replays.
 */
export function DashboardPanel({ programme, estates, controller, period, onPeriodChange, estatesFetching }: ModePanelProps) {
  const { t } = useI18n();
  const mayReport = useAuth().can('admin', 'reporter');
  const base = programme ? scopeOf(programme) : null;
  // The choices are in the URL, to be shared (#l= level, #r= region, #o= metric; the layers shown are
  // the layer panel's, #y=);
  // level and region belong to the programme they were made for and are cleared with it (App.tsx).
  // The month is the app's (#t=, App.tsx): it moves the map's estates and legend too.
  const [levelParam, setLevelParam] = useHashParam('l');
  const [selectedParam, setSelectedParam] = useHashParam('r');
  const [orderParam, setOrderParam] = useHashParam('o');
  const level: 'district' | 'street' = levelParam === 'district' || levelParam === 'street' ? levelParam : (base?.level ?? 'district');
  const selected = selectedParam;
  const orderBy: RankingOrder = orderParam === 'completionRate' ? 'completionRate' : 'investmentRate';
  const setOrderBy = (o: RankingOrder) => setOrderParam(o === 'investmentRate' ? null : o);
  const [popup, setPopup] = useState<{ code: string; lngLat: [number, number] } | null>(null);
  const [reporting, setReporting] = useState(false);
  const [reportEstate, setReportEstate] = useState<number | null>(null);
  // 侧栏, 宽屏 (#w=1) or 大屏 (#w=big); the charts come with the last two only.
  const [layout, setLayoutParam] = useDashboardLayout(controller, programme);
  const setLayout = (l: DashboardLayout) => {
    if (l === 'big') enterFullscreen();
    else leaveFullscreen();
    setLayoutParam(l);
  };

  const scope: DashboardScope | null = base ? { parent: base.parent, year: base.year, level, period } : null;
  // Hooks run before the "no programme" return: give them a scope that is never fetched.
  const q: DashboardScope = scope ?? { parent: '', year: 0, level };
  const ranking = useQuery({ ...dashboardQueries.ranking(q, orderBy), enabled: scope !== null });
  const heat = useQuery({ ...dashboardQueries.heatmap(q), enabled: scope !== null });
  // The ledger is about one month: the chosen one, else the newest month with reports (not the
  // calendar's, which for a finished programme would list every estate as missing).
  const ledgerPeriod = period ?? ranking.data?.reportPeriods.last ?? undefined;
  // A month chosen on the slider is replayed as it was known when its reports fell due.
  const ledgerAsOf = period ? replayAsOf(period) : undefined;
  const ledger = useQuery({ ...dashboardQueries.lagging({ ...q, period: ledgerPeriod, asOf: ledgerAsOf }), enabled: scope !== null && ledgerPeriod !== undefined });
  const targets = useQuery({ ...dashboardQueries.targets(q), enabled: scope !== null });
  const regions = useRankedRegions(programme, level);
  const mapLoading = useMonthDrawn(controller, period) !== (period ?? null);
  // A month is loading until its figures, its estates and the map's tiles for it are all in.
  const monthLoading = ranking.isFetching || estatesFetching || mapLoading;

  useDashboardMap(controller, { regions, rows: ranking.data?.rows ?? [], metric: orderBy, level, selected, heat: heat.data });

  // A click on a district or street selects it and opens its popup.
  useEffect(() => {
    if (!controller) return;
    return controller.onOverlayClick((click) => {
      if (click.layerId !== 'dashboard-choropleth') return;
      const code = (click.object as { properties?: { code?: string } } | null)?.properties?.code;
      if (!code) return;
      setSelectedParam(code);
      setPopup({ code, lngLat: click.lngLat });
    });
  }, [controller, setSelectedParam]);
  const popupRow = popup ? ranking.data?.rows.find((r) => r.code === popup.code) : undefined;
  // Hovering a district or street names it with the rate the map is coloured by.
  const hoverText = useRef<(code: string) => string | null>(() => null);
  hoverText.current = (code) => {
    const row = ranking.data?.rows.find((r) => r.code === code);
    return row ? `${row.name} · ${t(orderBy === 'completionRate' ? 'dbCompletionRate' : 'dbInvestmentRate')} ${pctText(row[orderBy])}` : null;
  };
  useEffect(() => {
    if (!controller) return;
    return installOverlayHover(controller, (layerId, object) =>
      layerId === 'dashboard-choropleth' ? hoverText.current((object as { properties?: { code?: string } } | null)?.properties?.code ?? '') : null,
    );
  }, [controller]);

  if (!programme) return <p className="hint">{t('dbNoProgramme')}</p>;
  if (!scope) return <p className="hint">{t('dbNoRegion')}</p>;

  const flyTo = (row: RankingRow) => {
    setSelectedParam(row.code);
    if (row.bbox && controller) controller.fitBounds(row.bbox, { maxZoom: 14 });
  };

  const regionPopup = (
    <MapPopup controller={controller} lngLat={popupRow ? popup!.lngLat : null} onClose={() => setPopup(null)} testId="region-popup">
      {popupRow && <RegionPopup row={popupRow} level={level} ledger={ledger.data} />}
    </MapPopup>
  );
  const selectRegion = (code: string) => {
    const row = ranking.data?.rows.find((r) => r.code === code);
    if (row) flyTo(row);
  };
  const slider = ranking.data && (
    <PeriodSlider
      first={ranking.data.reportPeriods.first}
      last={ranking.data.reportPeriods.last}
      value={period}
      onChange={onPeriodChange}
      loading={monthLoading}
    />
  );
  const ratesChart = ranking.data && (
    <LazyRatesChart ranking={ranking.data} metric={orderBy} selected={selected} onSelectRegion={selectRegion} dark={layout === 'big'} />
  );
  const curves = (part?: 'progress' | 'money') => <LazyProgressCharts parent={scope.parent} year={scope.year} period={period} dark={layout === 'big'} part={part} />;

  if (layout === 'big') {
    return (
      <section className="dashboard" data-testid="dashboard" data-loading={monthLoading ? 'true' : 'false'} data-layout="big">
        {regionPopup}
        <BigScreen
          title={ranking.data?.title ?? programme.name}
          month={slider}
          kpis={ranking.data && <Kpis ranking={ranking.data} />}
          left={
            <>
              {ratesChart}
              {curves('money')}
            </>
          }
          right={
            <>
              {curves('progress')}
              {ranking.data && (
                <>
                  <h3>{t('dbRanking')}</h3>
                  <RankingTable ranking={ranking.data} orderBy={orderBy} selected={selected} onSelect={flyTo} />
                </>
              )}
            </>
          }
          onExit={() => setLayout('wide')}
        />
      </section>
    );
  }

  return (
    <section className="dashboard" data-testid="dashboard" data-loading={monthLoading ? 'true' : 'false'} data-layout={layout}>
      {regionPopup}
      <div className="db-controls">
        <LayoutSwitch value={layout} onChange={setLayout} />
        <Segmented
          label={t('dbLevel')}
          value={level}
          options={[
            ['district', t('dbLevelDistrict')],
            ['street', t('dbLevelStreet')],
          ]}
          onChange={(v) => {
            setHashParams({ l: v === base?.level ? null : v, r: null });
            setPopup(null);
          }}
        />
        <Segmented
          label={t('dbMetric')}
          value={orderBy}
          options={[
            ['investmentRate', t('dbInvestmentRate')],
            ['completionRate', t('dbCompletionRate')],
          ]}
          onChange={(v) => setOrderBy(v as RankingOrder)}
        />
      </div>
      {slider}
      {ranking.error && <p className="error">{(ranking.error as Error).message}</p>}
      {ranking.data && (
        <>
          <h2 className="db-title">{ranking.data.title}</h2>
          {ranking.data.asOf && <p className="db-muted">填报日期 {ranking.data.asOf}</p>}
          <Kpis ranking={ranking.data} />
          {layout === 'wide' && (
            <div className="db-charts" data-testid="dashboard-charts">
              <div className="db-chart-col">{ratesChart}</div>
              <div className="db-chart-col">{curves()}</div>
            </div>
          )}
          <div className="db-section-head">
            <h3>{t('dbRanking')}</h3>
            <a className="button" href={rankingXlsxUrl(scope, orderBy)} download data-testid="ranking-export">
              {t('dbExport')}
            </a>
          </div>
          <p className="hint">{t('dbZoomHint')}</p>
          <RankingTable ranking={ranking.data} orderBy={orderBy} selected={selected} onSelect={flyTo} />
        </>
      )}
      {targets.data && targets.data.targets.length > 0 && (
        <>
          <h3>{t('dbTargets')}</h3>
          <Targets targets={targets.data.targets} />
        </>
      )}
      {ledger.data && (
        <>
          <h3>
            {t('dbLedger')} · {ledger.data.period}
          </h3>
          <Ledger
            ledger={ledger.data}
            onSelectEstate={(id) => {
              setReportEstate(id);
              setReporting(true);
            }}
          />
        </>
      )}
      {/* Leaders read everything and write nothing: only those who may file a report get the form. */}
      {mayReport && (
        <h3>
          <button type="button" className="link" onClick={() => setReporting((v) => !v)} data-testid="report-form-toggle">
            {reporting ? t('rfTitle') : t('rfOpen')}
          </button>
        </h3>
      )}
      {mayReport && reporting && <ReportForm key={reportEstate ?? 'none'} programme={programme} estates={estates} initialEstateId={reportEstate} />}
    </section>
  );
}

/**
 * The month the map has finished drawing (null: the latest): it follows `period` once the map has
 * gone idle after the month changed, i.e. once the month's tiles are on screen.
 */
function useMonthDrawn(controller: MapController | null, period: string | undefined): string | null {
  const target = period ?? null;
  const [drawn, setDrawn] = useState<string | null>(target);
  useEffect(() => {
    if (!controller) return setDrawn(target);
    let done = false;
    const settle = () => {
      if (done) return;
      done = true;
      setDrawn(target);
    };
    // The tile URLs change in the app's effect after this one; the map then goes busy and idle.
    const off = controller.onIdleChange((idle) => idle && settle());
    // Nothing to draw (the same tiles): the map stays idle and says nothing.
    const fallback = setTimeout(() => controller.idle && settle(), 1500);
    return () => {
      off();
      clearTimeout(fallback);
    };
  }, [controller, target]);
  return drawn;
}

function Segmented({ label, value, options, onChange }: { label: string; value: string; options: [string, string][]; onChange: (v: string) => void }) {
  return (
    <div className="db-segmented" role="radiogroup" aria-label={label}>
      <span>{label}</span>
      {options.map(([v, text]) => (
        <button key={v} type="button" role="radio" aria-checked={v === value} className={v === value ? 'active' : undefined} onClick={() => onChange(v)}>
          {text}
        </button>
      ))}
    </div>
  );
}
