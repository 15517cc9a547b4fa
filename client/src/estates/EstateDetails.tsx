import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { PHASE_LABELS } from '../../../shared/phases.ts';
import type { Programme } from '../places/api.ts';
import { estateQueries, type EstateCollection, type EstateFeature } from './api.ts';
import { useAuth } from '../auth/AuthProvider.tsx';
import type { DictKey } from '../i18n/dict.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { classify } from '../map/classes.ts';
import { fmtCount, fmtNumber, fmtPct, fmtRate, wan } from './format.ts';
import { ExportBox } from '../scopes/ExportBox.tsx';
import { placementOf } from '../placement/counts.ts';
import type { Placing } from '../placement/usePlacing.ts';
import { ReportForm } from '../reports/ReportForm.tsx';
import './estates.css';

interface Props {
  estate: EstateFeature;
  programme: Programme;
  estates: EstateCollection;
  /** Given to those who may place estates (planners, designers, admins); null for the others. */
  placing: Placing | null;
  onClose: () => void;
  onZoomTo: () => void;
}

/**
 * Every property of the selected estate that has a value, with units; nothing invented. Where it
 * is on the map (red line, provisional point, not yet) is said, and an estate without geometry is
 * as reportable as any: the report form needs no map.
 */
export function EstateDetails({ estate, programme, estates, placing, onClose, onZoomTo }: Props) {
  const { t, lang } = useI18n();
  const mayReport = useAuth().can('admin', 'reporter');
  const [reporting, setReporting] = useState(false);
  useEffect(() => setReporting(false), [estate.id]);
  const p = estate.properties;
  const placement = placementOf(estate);
  const detail = useQuery(estateQueries.get(estate.id));
  // A click on the map should bring the answer into view, even if the panel was scrolled elsewhere.
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'start' });
  }, [estate.id]);
  const n = (v: number, digits?: number) => fmtNumber(v, lang, digits);
  const progressCls = classify('progress', p);
  const investCls = classify('investment', p);

  const rows: [string, ReactNode][] = [];
  const add = (label: string, value: ReactNode | null | undefined | false) => {
    if (value !== null && value !== undefined && value !== false && value !== '') rows.push([label, value]);
  };

  add(
    t('fPlacement'),
    <span data-testid="estate-placement" data-placement={placement}>
      {t(`placement_${placement}` as DictKey)}
      {placement === 'provisional_point' && <span className="muted"> · {t('placementProvisionalNote')}</span>}
      {placing && placement !== 'red_line' && (
        <span className="placement-actions">
          {' '}
          <button type="button" disabled={placing.busy || placing.estate !== null} onClick={() => placing.start(estate)} data-testid="details-place">
            {t(placement === 'unplaced' ? 'placementPlace' : 'placementMove')}
          </button>
          {placement === 'provisional_point' && (
            <button type="button" disabled={placing.busy} onClick={() => placing.clear(estate)} data-testid="details-clear-location">
              {t('placementClear')}
            </button>
          )}
        </span>
      )}
    </span>,
  );

  add(t('fDistrict'), p.districtName);
  add(t('fStreet'), p.streetName);
  add(t('fCommunity'), p.communityName);
  add(t('fProject'), p.projectName);
  add(t('fPlanYear'), `${p.planYear}${t('uYear')}`);
  add(t('fHouseholds'), p.households !== null && fmtCount(p.households, lang, t, 'uHouseholds', 'uHousehold'));
  add(t('fBuildings'), p.buildingCount !== null && fmtCount(p.buildingCount, lang, t, 'uBuildings', 'uBuilding'));
  add(
    t('fFloorArea'),
    p.floorAreaM2 !== null && (
      <>
        {n(wan(p.floorAreaM2), 4)} {t('uWanM2')} <span className="muted">（{n(p.floorAreaM2, 0)} {t('uM2')}）</span>
      </>
    ),
  );
  add(t('fPlanned'), p.plannedInvestmentWan !== null && `${n(p.plannedInvestmentWan, 3)} ${t('uWanYuan')}`);
  add(t('fCompletedInv'), p.completedInvestmentWan !== null && `${n(p.completedInvestmentWan, 3)} ${t('uWanYuan')}`);
  add(
    t('fRate'),
    p.investmentRate !== null && (
      <>
        <Swatch colour={investCls.colour} /> {fmtRate(p.investmentRate, lang)}
        {p.investmentLevel && (
          <span className="muted"> · {t(p.investmentLevel === 'estate' ? 'levelEstate' : 'levelProject')}</span>
        )}
      </>
    ),
  );
  add(t('fPhase'), p.phase && PHASE_LABELS[p.phase][lang]);
  add(
    t('fProgress'),
    p.progressPct !== null && (
      <span className="progress">
        <Swatch colour={progressCls.colour} /> {fmtPct(p.progressPct, lang)}
        <span className="bar" aria-hidden="true">
          <span style={{ width: `${Math.max(0, Math.min(100, p.progressPct))}%`, background: progressCls.colour }} />
        </span>
      </span>
    ),
  );
  add(
    t('fReportPeriod'),
    p.reportPeriod && (
      <>
        {p.reportPeriod}
        {p.reportSynthetic && <span className="muted"> · {t('reportSynthetic')}</span>}
      </>
    ),
  );
  add(t('fCompleted'), p.completed !== null && t(p.completed ? 'yes' : 'no'));
  // The contract says string[], but a server that has no items for an estate may send null.
  const contentItems = p.contentItems ?? [];
  add(
    t('fContent'),
    contentItems.length > 0 && (
      <ul className="chips">
        {contentItems.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
    ),
  );
  add(t('fPerson'), p.personInCharge);
  add(t('fLeader'), p.leader);
  add(t('fUnit'), p.responsibleUnit);
  add(t('fSeq'), p.seq !== null && String(p.seq));
  // Columns of the bureau's table that have no field of their own (建成年代, 改造内容 …), under
  // their own headers, as written.
  for (const a of p.attributes ?? []) add(a.name, a.value);
  add(t('fNote'), p.note);
  add(t('fSource'), p.source);
  const drawn = detail.data?.buildings.features ?? [];
  if (drawn.length > 0) {
    const floors = drawn.map((b) => b.properties.floors);
    const [lo, hi] = [Math.min(...floors), Math.max(...floors)];
    const range = lo === hi ? fmtCount(lo, lang, t, 'floorsUnit', 'floorUnit') : `${n(lo)}–${n(hi)} ${t('floorsUnit')}`;
    add(t('buildingsDrawn'), `${fmtCount(drawn.length, lang, t, 'uBuildings', 'uBuilding')} · ${range}`);
  }

  return (
    <section ref={ref} className="card details" data-testid="estate-details" aria-label={t('details')}>
      <header className="details-head">
        <div>
          <h2>{p.name}</h2>
          {p.synthetic && (
            <span className="badge" title={t('syntheticNote')}>
              {t('syntheticBadge')}
            </span>
          )}
        </div>
        <div className="details-actions">
          <button type="button" onClick={onZoomTo} disabled={placement === 'unplaced'}>
            {t('zoomTo')}
          </button>
          <button type="button" className="icon" onClick={onClose} aria-label={t('close')} title={t('close')}>
            ×
          </button>
        </div>
      </header>
      <dl>
        {rows.map(([label, value], i) => (
          <div className="row" key={`${i}-${label}`}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {placing?.error && (
        <p className="error" role="alert">
          {placing.error}
        </p>
      )}
      {mayReport && (
        <p>
          <button type="button" className="link" onClick={() => setReporting((v) => !v)} data-testid="report-estate">
            {reporting ? t('rfTitle') : t('reportThisEstate')}
          </button>
        </p>
      )}
      {mayReport && reporting && <ReportForm key={estate.id} programme={programme} estates={estates} initialEstateId={estate.id} />}
      {/* Designers take the project's scope (or this estate's) into GIS or CAD. */}
      {p.projectId !== null ? (
        <ExportBox key={`p${p.projectId}`} scope={{ project: p.projectId }} title={t('exportProject').replace('{name}', p.projectName ?? '')} testId="export-project" />
      ) : placement !== 'unplaced' ? (
        <ExportBox key={`e${estate.id}`} scope={{ estateIds: [estate.id] }} title={t('exportEstate').replace('{name}', p.name)} testId="export-estate" />
      ) : null}
    </section>
  );
}

export function Swatch({ colour, hatched = false }: { colour: string; hatched?: boolean }) {
  return <span className={hatched ? 'swatch hatched' : 'swatch'} style={hatched ? undefined : { background: colour }} />;
}
