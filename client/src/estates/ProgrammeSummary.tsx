import type { EstateCollection, EstateProperties } from './api.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { fmtCount, fmtNumber, wan } from './format.ts';
import './estates.css';

/** A total over the estates that report the figure, and how many do. */
function total(ps: EstateProperties[], pick: (p: EstateProperties) => number | null) {
  const values = ps.map(pick).filter((v): v is number => v !== null);
  return { sum: values.reduce((s, v) => s + v, 0), known: values.length };
}

/**
 * Totals over the drawn estates, the figures a plan's 改造范围 paragraph states. Where only some
 * estates report a figure (Wuhai's circulars give money, not households), the tile says so rather
 * than presenting a partial sum as the whole.
 */
export function ProgrammeSummary({
  estates,
  showInvestment = false,
  stated,
}: {
  estates: EstateCollection;
  showInvestment?: boolean;
  /** The plan's own statement of a figure, shown when no estate reports it (as the ranking's total does). */
  stated?: { households: number | null; floorAreaM2: number | null };
}) {
  const { t, lang } = useI18n();
  const ps = estates.features.map((f) => f.properties);
  const tiles: [string, ReturnType<typeof total> | null, (n: number) => string, number | null][] = [
    [t('summaryEstates'), null, () => fmtNumber(ps.length, lang), null],
    [t('summaryHouseholds'), total(ps, (p) => p.households), (n) => fmtCount(n, lang, t, 'uHouseholds', 'uHousehold'), stated?.households ?? null],
    [t('summaryBuildings'), total(ps, (p) => p.buildingCount), (n) => fmtCount(n, lang, t, 'uBuildings', 'uBuilding'), null],
    [t('summaryFloorArea'), total(ps, (p) => p.floorAreaM2), (n) => `${fmtNumber(wan(n), lang, 4)} ${t('uWanM2')}`, stated?.floorAreaM2 ?? null],
  ];
  if (showInvestment) tiles.push([t('summaryInvestment'), total(ps, (p) => p.plannedInvestmentWan), (n) => `${fmtNumber(n, lang, 2)} ${t('uWanYuan')}`, null]);
  return (
    <dl className="summary">
      {tiles.map(([label, tot, format, planStates]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>
            {tot === null ? (
              format(0)
            ) : tot.known === 0 && planStates !== null ? (
              <>
                {format(planStates)} <span className="partial" title={t('statedTitle')}>{t('statedShort')}</span>
              </>
            ) : tot.known === 0 ? (
              <span className="muted">{t('noData')}</span>
            ) : (
              format(tot.sum)
            )}
            {tot !== null && tot.known > 0 && tot.known < ps.length && (
              <span className="partial" title={t('partialTitle')}>
                {' '}
                ({tot.known}/{ps.length})
              </span>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
