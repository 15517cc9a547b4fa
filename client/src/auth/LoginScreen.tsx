import { useState } from 'react';
import type { Me } from '../../../shared/auth/contract.ts';
import type { DictKey } from '../i18n/dict.ts';
import { ApiRequestError } from '../api/http.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { LangToggle } from '../i18n/LangToggle.tsx';
import { login } from './api.ts';
import { prefetchApp } from '../shell/loadApp.ts';

export function LoginScreen({ onSignedIn, unavailable }: { onSignedIn: (me: Me) => void; unavailable: boolean }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  // A key, not a text: the message follows a language switch.
  const [error, setError] = useState<DictKey | null>(unavailable ? 'loadFailed' : null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await login(username.trim(), password));
    } catch (e) {
      const err = e as ApiRequestError;
      setError(err.status === 401 ? 'loginWrong' : err.status === 429 ? 'loginThrottled' : err.status === 400 ? 'loginIncomplete' : 'loadFailed');
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-wrap">
      <form
        className="login-form"
        data-testid="login-form"
        // The app's chunk (the map, MapLibre, deck.gl) downloads while the user types, not before:
        // a page left at the login form costs only the form.
        onInput={prefetchApp}
        onPointerDown={prefetchApp}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <header className="panel-head">
          <div>
            <h1>{t('appTitle')}</h1>
            <p className="subtitle">{t('loginTitle')}</p>
          </div>
          <LangToggle />
        </header>
        <label>
          {t('loginUsername')}
          <input name="username" autoComplete="username" data-testid="login-username" value={username} onChange={(e) => setUsername(e.target.value)} required autoFocus />
        </label>
        <label>
          {t('loginPassword')}
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            data-testid="login-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        {error && (
          <p className="error" role="alert" data-testid="login-error">
            {t(error)}
          </p>
        )}
        <button type="submit" className="primary" data-testid="login-submit" disabled={busy || !username || !password}>
          {t('loginSubmit')}
        </button>
        <p className="hint">{t('loginHint')}</p>
      </form>
    </div>
  );
}
