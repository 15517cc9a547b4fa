import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { ROLES, type Role } from '../../../shared/auth.ts';
import type { AccountWithPassword } from '../../../shared/accounts/contract.ts';
import type { EstateCollection } from '../estates/api.ts';
import type { Programme } from '../places/api.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { accountsApi, streetsOf } from './api.ts';

/**
 * A new account: username, role and, for a reporter, the district or street they report for
 * (chosen among the current programme's districts and their streets). The server generates the
 * password and the panel shows it once.
 */
export function CreateAccountForm({ programme, estates, onCreated }: { programme: Programme | null; estates: EstateCollection; onCreated: (made: AccountWithPassword) => void }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<Role>('reporter');
  const [region, setRegion] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const districts = programme?.districtCodes ?? [];
  const districtName = (code: string) => estates.features.find((f) => f.properties.districtCode === code)?.properties.districtName ?? code;
  const streets = useQuery({
    queryKey: ['account-streets', districts.join(',')],
    queryFn: async ({ signal }) => (await Promise.all(districts.map((d) => streetsOf(d, signal)))).flat(),
    enabled: districts.length > 0,
  });

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    accountsApi
      .create({ username: username.trim(), role, ...(role === 'reporter' && region ? { regionCode: region } : {}) })
      .then((made) => {
        setUsername('');
        onCreated(made);
      })
      .catch((err: Error) => setError(err.message))
      .finally(() => setBusy(false));
  };

  return (
    <form className="accounts-create" onSubmit={submit} data-testid="account-create">
      <input value={username} onChange={(e) => setUsername(e.target.value)} placeholder={t('accountsUsername')} aria-label={t('accountsUsername')} data-testid="account-username" maxLength={64} />
      <select value={role} onChange={(e) => setRole(e.target.value as Role)} aria-label={t('accountsRole')} data-testid="account-role">
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {t(`role_${r}`)}
          </option>
        ))}
      </select>
      {role === 'reporter' && (
        <select value={region} onChange={(e) => setRegion(e.target.value)} aria-label={t('accountsRegion')} data-testid="account-region">
          <option value="">{districts.length ? t('accountsRegionPick') : t('accountsRegionNoProgramme')}</option>
          {districts.map((d) => (
            <optgroup key={d} label={districtName(d)}>
              <option value={d}>
                {districtName(d)} {t('accountsWholeDistrict')}
              </option>
              {(streets.data ?? [])
                .filter((s) => s.code.startsWith(d))
                .map((s) => (
                  <option key={s.code} value={s.code}>
                    {districtName(d)} · {s.name}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
      )}
      <button type="submit" className="primary" disabled={busy || username.trim().length < 2 || (role === 'reporter' && !region)} data-testid="account-submit">
        {t('accountsCreate')}
      </button>
      {error && (
        <p className="error" role="alert" data-testid="account-error">
          {error}
        </p>
      )}
    </form>
  );
}
