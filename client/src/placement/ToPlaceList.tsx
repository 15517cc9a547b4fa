import { useMemo } from 'react';
import type { EstateCollection } from '../estates/api.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { placementOf } from './counts.ts';
import type { Placing } from './usePlacing.ts';
import './placement.css';

/**
 * 待落图: the programme's estates that have neither a red line nor a point, in plan order, each
 * with 落图 (then a click on the map). Shown to those who may place (planners, designers, admins).
 */
export function ToPlaceList({ estates, placing }: { estates: EstateCollection; placing: Placing }) {
  const { t } = useI18n();
  const unplaced = useMemo(
    () =>
      estates.features
        .filter((f) => placementOf(f) === 'unplaced')
        .sort((a, b) => (a.properties.seq ?? Infinity) - (b.properties.seq ?? Infinity) || a.properties.name.localeCompare(b.properties.name, 'zh-CN')),
    [estates],
  );
  if (unplaced.length === 0 && !placing.error) return null;
  return (
    <section className="card to-place" data-testid="to-place" aria-label={t('toPlaceTitle')}>
      <h3>
        {t('toPlaceTitle')} <span className="muted">({unplaced.length})</span>
      </h3>
      <p className="hint">{t('toPlaceHint')}</p>
      {placing.estate && (
        <p className="placing" role="status" data-testid="placing">
          {t('toPlacePlacing').replace('{name}', placing.estate.properties.name)}{' '}
          <button type="button" onClick={placing.cancel} disabled={placing.busy}>
            {t('toPlaceCancel')}
          </button>
        </p>
      )}
      {placing.error && (
        <p className="error" role="alert" data-testid="placing-error">
          {placing.error}
        </p>
      )}
      <ol className="to-place-list">
        {unplaced.map((f) => (
          <li key={f.id} data-estate-id={f.id} className={placing.estate?.id === f.id ? 'active' : undefined}>
            <span className="name" data-testid="to-place-name">
              {f.properties.name}
            </span>
            <span className="where muted">{[f.properties.streetName, f.properties.communityName].filter(Boolean).join(' · ')}</span>
            <button type="button" data-testid="place-estate" disabled={placing.busy} onClick={() => placing.start(f)}>
              {t('toPlaceButton')}
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
