import { useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { PHASE_LABELS } from '../../../shared/phases.ts';
import type { LedgerItem, LedgerResponse } from './types.ts';

const SHOWN = 40;

/** The supervision ledger (督查台账) of the month: counts per unit, then each item with how far behind. */
export function Ledger({ ledger, onSelectEstate }: { ledger: LedgerResponse; onSelectEstate: (id: number) => void }) {
  const { t, lang } = useI18n();
  const [all, setAll] = useState(false);
  const kindLabel = { lagging: t('dbLagging'), late: t('dbLate'), missing: t('dbMissing') } as const;
  const items = all ? ledger.items : ledger.items.slice(0, SHOWN);
  const detail = (i: LedgerItem) => {
    if (i.kind === 'late') return `${i.daysLate} ${t('dbDaysLate')} (${t('dbDue')} ${i.dueOn})`;
    if (i.kind === 'missing') return `${t('dbDue')} ${i.dueOn}`;
    const parts: string[] = [];
    if (i.behindPct) parts.push(`${t('dbBehind')} ${i.behindPct.toFixed(1)} ${t('dbPoints')}`);
    if (i.phasesBehind) parts.push(`${t('dbBehind')} ${i.phasesBehind} ${t('dbPhases')}`);
    const planned = i.milestone?.phase ? PHASE_LABELS[i.milestone.phase][lang] : null;
    const actual = i.actualPhase ? PHASE_LABELS[i.actualPhase][lang] : '—';
    return `${i.milestone!.year}Q${i.milestone!.quarter}: ${planned ?? ''}${i.milestone!.progressPct !== null ? ` ${i.milestone!.progressPct}%` : ''} → ${actual} ${i.actualProgressPct}% · ${parts.join(', ')}`;
  };
  return (
    <div data-testid="ledger">
      {ledger.byUnit.length === 0 ? (
        <p className="hint">{t('dbNoItems')}</p>
      ) : (
        <table className="db-table compact">
          <thead>
            <tr>
              <th>{t('dbUnit')}</th>
              <th className="num">{t('dbLagging')}</th>
              <th className="num">{t('dbLate')}</th>
              <th className="num">{t('dbMissing')}</th>
            </tr>
          </thead>
          <tbody>
            {ledger.byUnit.map((u) => (
              <tr key={u.unit}>
                <td>{u.unit}</td>
                <td className="num">{u.lagging || ''}</td>
                <td className="num">{u.late || ''}</td>
                <td className="num">{u.missing || ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ul className="db-ledger">
        {items.map((i, k) => (
          <li key={k} className={`db-ledger-${i.kind}`}>
            <span className="db-tag">{kindLabel[i.kind]}</span>{' '}
            {i.estateId !== null ? (
              <button type="button" className="link" onClick={() => onSelectEstate(i.estateId!)}>
                {i.estateName}
              </button>
            ) : (
              <strong>{i.projectName}</strong>
            )}{' '}
            <span className="db-muted">
              {i.unit}
              {i.personInCharge ? ` · ${i.personInCharge}` : ''}
            </span>
            <br />
            <small>
              {detail(i)}
              {i.synthetic ? ' · synthetic' : ''}
            </small>
          </li>
        ))}
      </ul>
      {!all && ledger.items.length > SHOWN && (
        <button type="button" className="link" onClick={() => setAll(true)}>
          {t('dbMore')} {ledger.items.length - SHOWN}
        </button>
      )}
    </div>
  );
}
