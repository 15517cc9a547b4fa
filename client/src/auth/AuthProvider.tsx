import './auth.css';
import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Role } from '../../../shared/auth.ts';
import type { Me } from '../../../shared/auth/contract.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { fetchMe, logout as logoutCall, meKey } from './api.ts';
import { LoginScreen } from './LoginScreen.tsx';
import { onSessionLost, setSessionScope } from './session.ts';
import { rememberSession } from '../shell/loadApp.ts';

interface Auth {
  me: Me;
  can: (...roles: Role[]) => boolean;
  logout: () => Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);
const ME = meKey;

function applyScope(me: Me | null) {
  rememberSession(me !== null);
  const reporterRegion = me?.role === 'reporter' ? me.region : null;
  setSessionScope(
    me
      ? {
          csrfToken: me.csrfToken,
          district: reporterRegion?.districtCode ?? null,
          // A street or community reporter's tiles are their region's (the server refuses others).
          region: reporterRegion && reporterRegion.code !== reporterRegion.districtCode ? reporterRegion.code : null,
        }
      : null,
  );
}

/**
 * Shows the login screen until there is a session, then the app. Who may do what is decided by the
 * server (server/auth/policy.ts); the client only leaves out what the role cannot use.
 */
export function AuthProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const { t } = useI18n();
  const me = useQuery({
    queryKey: ME,
    queryFn: async ({ signal }) => {
      const m = await fetchMe(signal);
      applyScope(m);
      return m;
    },
    staleTime: Infinity,
    retry: false,
  });
  const signedIn = useCallback(
    (m: Me | null) => {
      applyScope(m);
      // Another user's cached answers must not leak into this session.
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== ME[0] });
      client.setQueryData(ME, m);
    },
    [client],
  );
  useEffect(() => {
    onSessionLost(() => signedIn(null));
    return () => onSessionLost(null);
  }, [signedIn]);

  const value = useMemo<Auth | null>(
    () =>
      me.data
        ? {
            me: me.data,
            can: (...roles) => roles.includes(me.data!.role),
            logout: async () => {
              await logoutCall().catch(() => undefined);
              signedIn(null);
            },
          }
        : null,
    [me.data, signedIn],
  );

  if (me.isPending) return <div className="login-wrap">{t('loading')}</div>;
  if (!value) return <LoginScreen onSignedIn={signedIn} unavailable={me.isError} />;
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}
