import { useI18n } from '../i18n/I18nProvider.tsx';
import { useAuth } from '../auth/AuthProvider.tsx';
import { modesFor } from './registry.ts';
import './modes.css';

export function ModeTabs({ value, onChange }: { value: string; onChange: (id: string) => void }) {
  const { t } = useI18n();
  const { me } = useAuth();
  const modes = modesFor(me.role);
  if (modes.length < 2) return null;
  return (
    <nav className="mode-tabs" role="tablist" aria-label={t('modes')}>
      {modes.map((m) => (
        <button
          key={m.id}
          type="button"
          role="tab"
          aria-selected={m.id === value}
          data-mode={m.id}
          className={m.id === value ? 'active' : undefined}
          onClick={() => onChange(m.id)}
          // Pointing at a tab starts fetching its panel, so the click rarely waits for it.
          onPointerEnter={() => m.Panel?.preload()}
          onFocus={() => m.Panel?.preload()}
        >
          {t(m.labelKey)}
        </button>
      ))}
    </nav>
  );
}
