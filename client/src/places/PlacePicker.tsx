import type { Programme } from './api.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';

interface Props {
  programmes: Programme[] | undefined;
  value: string | null;
  onChange: (key: string | null) => void;
  disabled?: boolean;
}

/** Picks one of the seeded programmes (a place and a plan year). */
export function PlacePicker({ programmes, value, onChange, disabled }: Props) {
  const { t, lang } = useI18n();
  return (
    <label className="field">
      <span className="label">{t('programme')}</span>
      <select
        data-testid="place-picker"
        value={value ?? ''}
        disabled={disabled || !programmes}
        onChange={(e) => onChange(e.target.value || null)}
      >
        <option value="">{programmes ? t('choosePlace') : t('loading')}</option>
        {programmes?.map((p) => (
          <option key={p.key} value={p.key}>
            {lang === 'zh' ? p.name : p.nameEn} ({p.estateCount})
          </option>
        ))}
      </select>
    </label>
  );
}
