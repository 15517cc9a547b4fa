import { useEffect, useMemo, useRef } from 'react';
import type { EstateCollection } from './api.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { classify, valueFor, type ColourMode } from '../map/classes.ts';
import { Swatch } from './EstateDetails.tsx';
import { fmtPct, fmtRate } from './format.ts';
import type { DictKey } from '../i18n/dict.ts';
import { placementOf } from '../placement/counts.ts';
import './estates.css';

interface Props {
  estates: EstateCollection;
  colourMode: ColourMode;
  selectedId: number | null;
  onSelect: (id: number) => void;
}

/** The programme's estates in plan order (序号), a keyboard-friendly twin of clicking the map. */
export function EstateList({ estates, colourMode, selectedId, onSelect }: Props) {
  const { t, lang } = useI18n();
  const sorted = useMemo(
    () =>
      [...estates.features].sort(
        (a, b) => (a.properties.seq ?? Infinity) - (b.properties.seq ?? Infinity) || a.properties.name.localeCompare(b.properties.name, 'zh-CN'),
      ),
    [estates],
  );
  // Keep the selected row in view when the selection comes from a map click. Scroll only the list:
  // scrollIntoView would also scroll the panel and push the details card out of sight.
  const listRef = useRef<HTMLOListElement>(null);
  useEffect(() => {
    const list = listRef.current;
    const row = list?.querySelector<HTMLElement>('button.selected');
    if (!list || !row) return;
    const top = row.offsetTop; // the list is position: relative, so this is relative to it
    if (top < list.scrollTop || top + row.offsetHeight > list.scrollTop + list.clientHeight) {
      list.scrollTop = top - list.clientHeight / 2 + row.offsetHeight / 2;
    }
  }, [selectedId]);
  if (sorted.length === 0) return null;
  return (
    <section className="card">
      <h3>
        {t('estateList')} <span className="muted">({sorted.length})</span>
      </h3>
      <ol className="estate-list" ref={listRef}>
        {sorted.map((f) => {
          const cls = classify(colourMode, f.properties);
          const v = valueFor(colourMode, f.properties);
          const placement = placementOf(f);
          return (
            <li key={f.id}>
              <button
                type="button"
                className={f.id === selectedId ? 'selected' : undefined}
                onClick={() => onSelect(f.id)}
                data-estate-id={f.id}
              >
                <Swatch colour={cls.colour} hatched={cls.key === 'nodata'} />
                <span className="name">
                  {f.properties.name}
                  {placement !== 'red_line' && (
                    <span className={`placement-tag ${placement === 'unplaced' ? 'unplaced' : ''}`} data-placement={placement}>
                      {t(`placementTag_${placement}` as DictKey)}
                    </span>
                  )}
                </span>
                <span className="value">
                  {v === null ? t('noData') : colourMode === 'progress' ? fmtPct(v, lang) : fmtRate(v, lang)}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
