import { useI18n } from '../i18n/I18nProvider.tsx';
import type { DictKey } from '../i18n/dict.ts';
import { useAuth } from './AuthProvider.tsx';

/** Who is signed in, in which role (and a reporter's region), with the way out. */
export function UserBadge() {
  const { me, logout } = useAuth();
  const { t } = useI18n();
  return (
    <div className="user-badge" data-testid="user-badge" data-role={me.role}>
      <span>
        <strong>{me.username}</strong> · {t(`role_${me.role}` as DictKey)}
        {me.region ? ` · ${me.region.name}` : ''}
      </span>
      <button type="button" className="link" data-testid="logout" onClick={() => void logout()}>
        {t('logout')}
      </button>
    </div>
  );
}
