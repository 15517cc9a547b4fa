import { useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { fmtNumber } from '../estates/format.ts';
import { zonesApi, type SuggestedZone, type ZoneFeature } from './api.ts';
import './zones.css';

/** Suggested zones (contiguous groups of the plan's estates) and the zones saved so far. */
export function ZoneLists(p: {
  suggestions: SuggestedZone[];
  /** Why the suggestion list is empty, when it is: still computing, failed, or nothing to suggest. */
  suggestionState: { loading: boolean; error: string | null; gapMeters: number; noRedLines: boolean };
  zones: ZoneFeature[];
  nameOf: (id: number) => string;
  onFocus: (z: SuggestedZone | ZoneFeature | null) => void;
  onPick: (ids: number[]) => void;
  onChanged: () => void;
  onExport: (z: ZoneFeature) => void;
}) {
  const { t, lang } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const act = (fn: () => Promise<unknown>) => {
    setError(null);
    fn().then(p.onChanged, (e: Error) => setError(e.message));
  };
  const households = (n: number | null) => (n === null ? t('noData') : `${fmtNumber(n, lang)} ${t('uHouseholds')}`);
  return (
    <>
      <h4>{t('zonesSuggested')}</h4>
      <ul className="zone-list" data-testid="zone-suggestions">
        {p.suggestions.map((z) => (
          <li key={z.properties.rank} onMouseEnter={() => p.onFocus(z)} onMouseLeave={() => p.onFocus(null)}>
            <span className="name">{z.properties.estateIds.map(p.nameOf).join('、')}</span>
            <span className="value">
              {z.properties.estateCount} · {households(z.properties.households)}
            </span>
            <button type="button" onClick={() => p.onPick(z.properties.estateIds)}>
              {t('zonesUse')}
            </button>
          </li>
        ))}
        {p.suggestions.length === 0 && <SuggestionsEmpty {...p.suggestionState} />}
      </ul>
      <h4>{t('zonesSaved')}</h4>
      <ul className="zone-list" data-testid="zone-saved">
        {p.zones.map((z) => (
          <li key={z.properties.id} onMouseEnter={() => p.onFocus(z)} onMouseLeave={() => p.onFocus(null)}>
            <span className="name">{z.properties.name}</span>
            <span className="value">
              {z.properties.estateCount} · {households(z.properties.households)}
            </span>
            <button type="button" onClick={() => p.onPick(z.properties.estateIds)}>
              {t('zonesUse')}
            </button>
            <button type="button" onClick={() => p.onExport(z)} data-testid="zone-export">
              {t('exportButton')}
            </button>
            <button
              type="button"
              onClick={() => {
                const name = window.prompt(t('zonesRename'), z.properties.name);
                if (name && name.trim() && name !== z.properties.name) act(() => zonesApi.rename(z.properties, name.trim()));
              }}
            >
              {t('zonesRename')}
            </button>
            <button type="button" onClick={() => window.confirm(t('zonesDeleteConfirm')) && act(() => zonesApi.remove(z.properties))}>
              {t('zonesDelete')}
            </button>
          </li>
        ))}
        {p.zones.length === 0 && <li className="muted">{t('zonesNone')}</li>}
      </ul>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

/** An empty suggestion list says why: still computing, a refusal, no red lines, or no group at this gap. */
function SuggestionsEmpty(s: { loading: boolean; error: string | null; gapMeters: number; noRedLines: boolean }) {
  const { t } = useI18n();
  if (s.loading) return <li className="muted" aria-busy="true" data-testid="zone-suggestions-loading">{t('zonesSuggesting')}</li>;
  if (s.error) return <li className="error" role="alert">{s.error}</li>;
  if (s.noRedLines) return <li className="muted" data-testid="zone-suggestions-empty">{t('zonesNoRedLines')}</li>;
  return <li className="muted" data-testid="zone-suggestions-empty">{t('zonesNoSuggestions').replace('{gap}', String(s.gapMeters))}</li>;
}
