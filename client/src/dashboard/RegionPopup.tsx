import { useI18n } from '../i18n/I18nProvider.tsx';
import { pctText } from './classes.ts';
import type { LedgerResponse, RankingRow } from './types.ts';

/** Money behind (planned − completed, 万元): null when either figure is missing. */
export const moneyBehindWan = (r: RankingRow) =>
  r.plannedInvestmentWan === null || r.completedInvestmentWan === null ? null : r.plannedInvestmentWan - r.completedInvestmentWan;

/**
 * The ledger's late and missing reports of one ranked region: the ledger names the district and
 * street of each item, the ranking the region; items of the row's level are matched by that name.
 */
export function ledgerCounts(ledger: LedgerResponse | undefined, row: RankingRow, level: 'district' | 'street') {
  if (!ledger) return null;
  const mine = ledger.items.filter((i) => (level === 'street' ? i.streetName : i.districtName) === row.name);
  return { late: mine.filter((i) => i.kind === 'late').length, missing: mine.filter((i) => i.kind === 'missing').length };
}

/** A district's or street's popup: its rates as the ranking shows them, money behind, the month's late estates. */
export function RegionPopup({ row, level, ledger }: { row: RankingRow; level: 'district' | 'street'; ledger: LedgerResponse | undefined }) {
  const { t, locale } = useI18n();
  const wan = (v: number | null) => (v === null ? '—' : `${v.toLocaleString(locale, { maximumFractionDigits: 2 })} ${t('uWanYuan')}`);
  const counts = ledgerCounts(ledger, row, level);
  return (
    <div data-code={row.code}>
      <h4>
        {row.name}
        {row.rank !== null && <small> · {t('dbRank')} {row.rank}</small>}
      </h4>
      <dl>
        <dt>{t('dbInvestmentRate')}</dt>
        <dd data-field="investmentRate">{pctText(row.investmentRate)}</dd>
        <dt>{t('dbCompletionRate')}</dt>
        <dd data-field="completionRate">{pctText(row.completionRate)}</dd>
        <dt>{t('dbCompletedOf')}</dt>
        <dd>
          {row.completedEstates}/{row.estates}
        </dd>
        <dt>{t('dbMoneyBehind')}</dt>
        <dd data-field="moneyBehind">{wan(moneyBehindWan(row))}</dd>
        {counts && ledger && (
          <>
            <dt>
              {t('dbLate')} · {ledger.period}
            </dt>
            <dd data-field="late">{counts.late}</dd>
            <dt>
              {t('dbMissing')} · {ledger.period}
            </dt>
            <dd data-field="missing">{counts.missing}</dd>
          </>
        )}
      </dl>
      {row.personInCharge && (
        <p className="db-muted">
          {t('dbPerson')}：{row.personInCharge}
        </p>
      )}
    </div>
  );
}
