import { useEffect, useMemo, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { periodRange } from '../../../shared/progress/periods.ts';

interface Props {
  first: string | null;
  last: string | null;
  value: string | undefined;
  onChange: (period: string | undefined) => void;
  /** True while the month shown is still loading (figures, estates or the map's tiles). */
  loading: boolean;
}

/** Seconds per month that ▶ offers; each month also waits until it has loaded. */
export const PLAY_SPEEDS = [0.5, 1, 2] as const;

/**
 * Replays the reports month by month; the right end is the latest state. ▶ steps through the
 * months at the chosen speed, from the first when it stands at the latest, and stops at the end.
 * Hidden when the reports cover one month only (nothing to replay).
 */
export function PeriodSlider({ first, last, value, onChange, loading }: Props) {
  const { t } = useI18n();
  const months = useMemo(() => (first && last ? periodRange(first, last) : []), [first, last]);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<number>(1);
  const lastIndex = months.length - 1;
  const found = value ? months.indexOf(value) : -1;
  const index = value ? Math.max(0, found) : lastIndex;
  const go = (i: number) => onChange(i >= lastIndex ? undefined : months[i]);

  // One step per `speed` seconds once the month on screen has loaded: a slow month holds the
  // replay rather than being skipped. At the last month the replay stops.
  useEffect(() => {
    if (!playing || loading) return;
    const timer = setTimeout(() => {
      if (index >= lastIndex) setPlaying(false);
      else go(index + 1);
    }, speed * 1000);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- go is rebuilt each render; index and months say it all
  }, [playing, loading, index, lastIndex, speed, months]);

  if (months.length < 2) return null;
  const play = () => {
    if (playing) return setPlaying(false);
    if (index >= lastIndex) go(0);
    setPlaying(true);
  };
  return (
    <div className="db-slider" data-testid="period-replay" data-playing={playing ? 'true' : 'false'} aria-busy={loading}>
      <label>
        <span>
          {t('dbMonth')}: <strong data-testid="dashboard-period">{months[index]}</strong>
          {index === lastIndex ? ` (${t('dbLatest')})` : ''}
          {loading && (
            <span className="db-loading" data-testid="period-loading" role="status">
              {' '}
              {t('dbMonthLoading')}
            </span>
          )}
        </span>
        <input
          type="range"
          min={0}
          max={lastIndex}
          step={1}
          value={index}
          data-testid="period-slider"
          aria-valuetext={months[index]}
          onChange={(e) => go(Number(e.target.value))}
        />
      </label>
      <div className="db-play">
        <button
          type="button"
          className="db-play-button"
          onClick={play}
          data-testid="period-play"
          aria-pressed={playing}
          title={playing ? t('dbPause') : t('dbPlay')}
          aria-label={playing ? t('dbPause') : t('dbPlay')}
        >
          {playing ? '❚❚' : '▶'}
        </button>
        <label className="db-speed">
          {t('dbSpeed')}{' '}
          <select value={speed} onChange={(e) => setSpeed(Number(e.target.value))} data-testid="period-speed">
            {PLAY_SPEEDS.map((s) => (
              <option key={s} value={s}>
                {t('dbSecondsPerMonth').replace('{s}', String(s))}
              </option>
            ))}
          </select>
        </label>
        <span className="db-muted">
          {months[0]} – {months[lastIndex]}
        </span>
      </div>
    </div>
  );
}
