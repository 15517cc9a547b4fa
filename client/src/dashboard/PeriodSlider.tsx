import { useMemo } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { periodRange } from '../../../shared/progress/periods.ts';

interface Props {
  first: string | null;
  last: string | null;
  value: string | undefined;
  onChange: (period: string | undefined) => void;
}

/** Replays the reports month by month; the right end is the latest state. */
export function PeriodSlider({ first, last, value, onChange }: Props) {
  const { t } = useI18n();
  const months = useMemo(() => (first && last ? periodRange(first, last) : []), [first, last]);
  if (months.length === 0) return null;
  const index = value ? Math.max(0, months.indexOf(value)) : months.length - 1;
  return (
    <label className="db-slider">
      <span>
        {t('dbMonth')}: <strong data-testid="dashboard-period">{months[index]}</strong>
        {index === months.length - 1 ? ` (${t('dbLatest')})` : ''}
      </span>
      <input
        type="range"
        min={0}
        max={months.length - 1}
        step={1}
        value={index}
        disabled={months.length < 2}
        data-testid="period-slider"
        onChange={(e) => {
          const i = Number(e.target.value);
          onChange(i === months.length - 1 ? undefined : months[i]);
        }}
      />
      <span className="db-muted">
        {months[0]} – {months[months.length - 1]}
      </span>
    </label>
  );
}
