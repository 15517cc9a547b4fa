import { useState } from 'react';
import type { OverlapItem } from '../../../shared/scopes/contract.ts';
import { MAX_OVERLAP_REASON } from '../../../shared/scopes/contract.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { fmtNumber } from '../estates/format.ts';

/**
 * The server refused a red line that overlaps other estates of its plan: say which and by how
 * much, and save anyway only with a reason (written to the audit trail), or go back to adjust it.
 */
export function OverlapConfirm({ overlaps, busy, onConfirm, onCancel }: { overlaps: OverlapItem[]; busy: boolean; onConfirm: (reason: string) => void; onCancel: () => void }) {
  const { t, lang } = useI18n();
  const [reason, setReason] = useState('');
  return (
    <div className="overlap-confirm" role="alertdialog" aria-labelledby="overlap-confirm-title" data-testid="overlap-confirm">
      <p id="overlap-confirm-title" className="error">
        {t('overlapTitle')}
      </p>
      <ul>
        {overlaps.map((o) => (
          <li key={o.estateId} data-estate-id={o.estateId} data-area={o.areaM2}>
            {o.name}: {fmtNumber(o.areaM2, lang, 1)} {t('uM2')}
          </li>
        ))}
      </ul>
      <label>
        {t('overlapReason')}
        <textarea value={reason} maxLength={MAX_OVERLAP_REASON} onChange={(e) => setReason(e.target.value)} rows={2} data-testid="overlap-reason" />
      </label>
      <div className="scopes-tools">
        <button type="button" className="primary" disabled={busy || reason.trim() === ''} onClick={() => onConfirm(reason.trim())} data-testid="overlap-save">
          {t('overlapSave')}
        </button>
        <button type="button" onClick={onCancel} data-testid="overlap-cancel">
          {t('overlapBack')}
        </button>
      </div>
    </div>
  );
}
