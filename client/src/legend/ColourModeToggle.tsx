import { useI18n } from '../i18n/I18nProvider.tsx';
import { COLOUR_MODES, type ColourMode } from '../map/classes.ts';

interface Props {
  value: ColourMode;
  onChange: (mode: ColourMode) => void;
}

/** Segmented switch between the colour modes of classes.ts. */
export function ColourModeToggle({ value, onChange }: Props) {
  const { t } = useI18n();
  return (
    <div className="field">
      <span className="label">{t('colourBy')}</span>
      <div className="segmented" role="radiogroup" aria-label={t('colourBy')} data-testid="colour-mode-toggle" data-mode={value}>
        {COLOUR_MODES.map((mode) => (
          <button
            key={mode}
            type="button"
            role="radio"
            aria-checked={mode === value}
            className={mode === value ? 'on' : undefined}
            data-mode={mode}
            onClick={() => onChange(mode)}
          >
            {t(mode === 'progress' ? 'modeProgress' : 'modeInvestment')}
          </button>
        ))}
      </div>
    </div>
  );
}
