import { useI18n } from '../i18n/I18nProvider.tsx';
import { pctText } from './classes.ts';
import type { RankingOrder, RankingResponse, RankingRow } from './types.ts';

interface Props {
  ranking: RankingResponse;
  orderBy: RankingOrder;
  selected: string | null;
  onSelect: (row: RankingRow) => void;
}

/** The circular's ranking table beside the map; a row click flies the map to the region. */
export function RankingTable({ ranking, orderBy, selected, onSelect }: Props) {
  const { t, locale } = useI18n();
  const wan = (v: number | null) => (v === null ? '—' : v.toLocaleString(locale, { maximumFractionDigits: 3 }));
  const rateKey = orderBy === 'completionRate' ? 'dbCompletionRate' : 'dbInvestmentRate';
  // The rate the source document printed for a row (Wuhai's circulars), in a column of its own.
  const statedOf = (s: { investmentRatePct: number | null; completionRatePct: number | null } | null) =>
    s === null ? null : orderBy === 'investmentRate' ? s.investmentRatePct : s.completionRatePct;
  const hasStated = ranking.rows.some((r) => statedOf(r.stated) !== null) || statedOf(ranking.total.stated) !== null;
  const statedText = (s: Parameters<typeof statedOf>[0]) => {
    const v = statedOf(s);
    return v === null ? '—' : `${v.toFixed(2)}%`;
  };
  return (
    <div className="db-table-wrap">
      <table className="db-table" data-testid="ranking-table">
        <thead>
          <tr>
            <th>{t('dbRank')}</th>
            <th>{t('dbRegion')}</th>
            <th className="num">{t(rateKey)}</th>
            {hasStated && (
              <th className="num" title={t('rtStatedTitle')} data-testid="stated-header">
                {t('rtStatedRate').replace('{metric}', t(rateKey))}
              </th>
            )}
            <th className="num">{t('dbCompletedOf')}</th>
            <th className="num">{t('rtPlannedWan')}</th>
            <th className="num">{t('rtDoneWan')}</th>
            <th>{t('dbPerson')}</th>
          </tr>
        </thead>
        <tbody>
          {ranking.rows.map((r) => (
            <tr
              key={r.code}
              data-code={r.code}
              className={r.code === selected ? 'selected' : undefined}
              onClick={() => onSelect(r)}
              title={r.leader ? `${t('dbLeader')}：${r.leader}` : undefined}
            >
              <td>{r.rank ?? '—'}</td>
              <td className="db-name">{r.name}</td>
              <td className="num db-rate">{pctText(r[orderBy])}</td>
              {hasStated && <td className="num db-stated">{statedText(r.stated)}</td>}
              <td className="num db-completed">
                {r.completedEstates}/{r.estates}
              </td>
              <td className="num">{wan(r.plannedInvestmentWan)}</td>
              <td className="num">{wan(r.completedInvestmentWan)}</td>
              <td>{r.personInCharge ?? '—'}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-code="total">
            <td />
            <td>{t('dbTotal')}</td>
            <td className="num db-rate">{pctText(ranking.total[orderBy])}</td>
            {hasStated && <td className="num db-stated">{statedText(ranking.total.stated)}</td>}
            <td className="num db-completed">
              {ranking.total.completedEstates}/{ranking.total.estates}
            </td>
            <td className="num">{wan(ranking.total.plannedInvestmentWan)}</td>
            <td className="num">{wan(ranking.total.completedInvestmentWan)}</td>
            <td />
          </tr>
        </tfoot>
      </table>
      {ranking.unattributedPlannedInvestmentWan !== null && <p className="db-note">{t('dbUnattributed')}</p>}
    </div>
  );
}
