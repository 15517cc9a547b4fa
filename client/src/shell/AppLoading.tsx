import { useI18n } from '../i18n/I18nProvider.tsx';

/** Shown while the app's chunk arrives after login, in the login page's frame. */
export function AppLoading() {
  const { t } = useI18n();
  return (
    <div className="login-wrap" data-testid="app-loading">
      {t('loading')}
    </div>
  );
}
