import { useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { EstateCollection } from '../estates/api.ts';
import { CLASSES, classify, NO_DATA, PROVISIONAL_RING, RED_LINE, SELECTED_LINE, type ColourMode } from '../map/classes.ts';
import { placementCounts, placementOf } from '../placement/counts.ts';
import { Swatch } from '../estates/EstateDetails.tsx';
import './legend.css';

interface Props {
  colourMode: ColourMode;
  estates: EstateCollection;
}

/**
 * The fixed classes of classes.ts, with how many estates on the map fall in each; how estates are
 * drawn (red lines, provisional points) and how many are not on the map at all.
 */
export function Legend({ colourMode, estates }: Props) {
  const { t, lang } = useI18n();
  const [open, setOpen] = useState(() => !window.matchMedia('(max-width: 760px)').matches);
  const counts = new Map<string, number>();
  const placed = estates.features.filter((f) => placementOf(f) !== 'unplaced');
  const placement = placementCounts(estates);
  for (const f of placed) {
    const key = classify(colourMode, f.properties).key;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const hasEstates = estates.features.length > 0;
  const anySynthetic = estates.features.some((f) => placementOf(f) === 'red_line' && f.properties.synthetic);
  const classes = [...CLASSES[colourMode]].reverse();
  // A plan without money (Nankang's table lists none) hatches every estate: say why.
  const noMoney = colourMode === 'investment' && hasEstates && estates.features.every((f) => f.properties.investmentRate === null);
  return (
    // <details> so it folds away on small screens, where it starts folded.
    <details className="card legend" data-testid="legend" data-mode={colourMode} open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        {t('legend')} · {t(colourMode === 'progress' ? 'modeProgress' : 'modeInvestment')}
      </summary>
      <ul>
        {classes.map((c) => (
          <li key={c.key} data-class={c.key}>
            <Swatch colour={c.colour} />
            <span>{c.label[lang]}</span>
            {hasEstates && <span className="count">{counts.get(c.key) ?? 0}</span>}
          </li>
        ))}
        <li data-class={NO_DATA.key}>
          <Swatch colour={NO_DATA.colour} hatched />
          <span>{lang === 'zh' ? '无数据 / No data' : 'No data / 无数据'}</span>
          {hasEstates && <span className="count">{counts.get(NO_DATA.key) ?? 0}</span>}
        </li>
      </ul>
      {noMoney && (
        <p className="muted" data-testid="legend-no-money">
          {t('legendNoMoney')}
        </p>
      )}
      <ul className="legend-notes">
        {(placement.red_line > 0 || !hasEstates) && (
          <li>
            <span className="line-sample" style={{ borderColor: RED_LINE }} />
            {anySynthetic || !hasEstates ? (
              <span>{lang === 'zh' ? '红线为示意（合成）/ red lines synthetic' : 'Red lines synthetic / 红线为示意（合成）'}</span>
            ) : (
              <span>{lang === 'zh' ? '小区红线' : 'Estate red lines'}</span>
            )}
          </li>
        )}
        {placement.provisional_point > 0 && (
          <li data-class="provisional">
            <span className="point-sample" style={{ borderColor: PROVISIONAL_RING }} />
            <span>
              {t('legendProvisional')} <span className="count">{placement.provisional_point}</span>
            </span>
          </li>
        )}
        {placement.unplaced > 0 && (
          <li data-class="unplaced" className="muted">
            {t('legendUnplaced').replace('{n}', String(placement.unplaced))}
          </li>
        )}
        <li>
          <span className="line-sample thick" style={{ borderColor: SELECTED_LINE }} />
          <span>{t('selectedOutline')}</span>
        </li>
        <li className="muted">{t('buildingsNote')}</li>
      </ul>
    </details>
  );
}
