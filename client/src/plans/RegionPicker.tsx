import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { plansApi, type RegionHit } from './api.ts';

/** 西湖区 · 杭州市 · 浙江省: a place as a planner recognises it, from the most local name up. */
export function regionLabel(r: RegionHit): string {
  return [r.name, r.district?.name, r.city?.name, r.province?.name].filter((x, i, all) => x && all.indexOf(x) === i).join(' · ');
}

/**
 * The plan's district (or city), found by name or code among every region of China
 * (GET /api/regions/search). Only districts and cities can hold a plan; streets are shown as
 * hints of where they lie but cannot be picked.
 */
export function RegionPicker({ value, onChange }: { value: RegionHit | null; onChange: (r: RegionHit | null) => void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  // Wait for a pause in typing: one search per word, not per keystroke.
  useEffect(() => {
    const id = setTimeout(() => setQ(text.trim()), 250);
    return () => clearTimeout(id);
  }, [text]);
  const hits = useQuery({
    queryKey: ['region-search', q],
    queryFn: ({ signal }) => plansApi.searchRegions(q, signal),
    enabled: q.length > 0 && !value,
    staleTime: Infinity,
  });

  if (value) {
    return (
      <div className="region-picked" data-testid="plan-region-picked" data-code={value.code}>
        <span>
          {regionLabel(value)} <span className="muted">{value.code}</span>
        </span>
        <button type="button" onClick={() => onChange(null)}>
          {t('plansRegionChange')}
        </button>
      </div>
    );
  }
  const pickable = (r: RegionHit) => r.level === 'district' || r.level === 'city';
  return (
    <div className="region-picker">
      <input
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={t('plansRegionSearch')}
        aria-label={t('plansRegion')}
        data-testid="plan-region-search"
        maxLength={40}
      />
      {q && hits.isSuccess && hits.data.length === 0 && <p className="muted">{t('plansRegionNone')}</p>}
      {hits.isError && <p className="error">{t('loadFailed')}</p>}
      {hits.data && hits.data.length > 0 && (
        <ul className="region-hits" data-testid="plan-region-hits">
          {hits.data.map((r) => (
            <li key={r.code}>
              <button type="button" disabled={!pickable(r)} onClick={() => onChange(r)} data-code={r.code} title={pickable(r) ? undefined : t('plansRegionLevelHint')}>
                {regionLabel(r)} <span className="muted">{r.code} · {t(`level_${r.level}`)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
