import { useMemo } from 'react';
import type { EstateCollection } from '../estates/api.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { DictKey } from '../i18n/dict.ts';
import { placementOf } from '../placement/counts.ts';
import '../placement/placement.css';

/** The programme's estates that still need a red line: with a provisional point, or not placed at all. */
export function NoRedLineList({ estates, picked, onPick }: { estates: EstateCollection; picked: number | null; onPick: (id: number) => void }) {
  const { t } = useI18n();
  const missing = useMemo(
    () => estates.features.filter((f) => placementOf(f) !== 'red_line').sort((a, b) => (a.properties.seq ?? Infinity) - (b.properties.seq ?? Infinity)),
    [estates],
  );
  if (missing.length === 0) return null;
  return (
    <div data-testid="no-red-line">
      <h4>
        {t('noRedLineTitle')} ({missing.length})
      </h4>
      <p className="hint">{t('noRedLineHint')}</p>
      <ol className="to-place-list">
        {missing.map((f) => {
          const placement = placementOf(f);
          return (
            <li key={f.id} className={f.id === picked ? 'active' : undefined} data-estate-id={f.id}>
              <span className="name">
                {f.properties.name}
                <span className={`placement-tag ${placement === 'unplaced' ? 'unplaced' : ''}`}>{t(`placementTag_${placement}` as DictKey)}</span>
              </span>
              <button type="button" onClick={() => onPick(f.id)} data-testid="pick-no-red-line">
                {t('noRedLinePick')}
              </button>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
