import './audit.css';
import { useState } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { auditQueries, type AuditEntry } from './api.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { DictKey } from '../i18n/dict.ts';

/** Tables whose history an admin is most likely to look for (any table can be asked for by URL). */
const TABLES = ['zones', 'zone_estates', 'pipeline_works', 'progress_reports', 'plans', 'projects', 'estates', 'users'] as const;

/** The audit trail (admins): who changed what, when, from which request, with before and after. */
export function AuditPanel() {
  const { t, locale } = useI18n();
  const [table, setTable] = useState('');
  const [actor, setActor] = useState('');
  const [open, setOpen] = useState<number | null>(null);
  const trail = useInfiniteQuery(auditQueries.trail({ table: table || undefined, actor: actor.trim() || undefined }));
  const entries = trail.data?.pages.flatMap((p) => p.entries) ?? [];

  return (
    <section className="audit-panel" data-testid="audit-panel">
      <h3 className="mode-title">{t('auditTitle')}</h3>
      <div className="audit-filters">
        <label>
          {t('auditTable')}
          <select value={table} onChange={(e) => setTable(e.target.value)} data-testid="audit-table">
            <option value="">{t('auditAll')}</option>
            {TABLES.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('auditActor')}
          <input value={actor} onChange={(e) => setActor(e.target.value)} placeholder="planner" />
        </label>
        <button type="button" onClick={() => void trail.refetch()}>
          {t('auditRefresh')}
        </button>
      </div>
      {trail.isError && <p className="error">{t('loadFailed')}</p>}
      {trail.isSuccess && entries.length === 0 && <p className="hint">{t('auditEmpty')}</p>}
      <ol className="audit-list" data-testid="audit-list">
        {entries.map((e) => (
          <li key={e.id} data-action={e.action} data-table={e.table}>
            <button type="button" className="audit-row" onClick={() => setOpen(open === e.id ? null : e.id)} aria-expanded={open === e.id}>
              <span className={`audit-action act-${e.action}`}>{t(`act_${e.action}` as DictKey)}</span>
              <span className="audit-what">
                {e.table} #{e.rowId}
                {label(e) && <em> {label(e)}</em>}
              </span>
              <span className="audit-who">
                {e.actor} · {new Date(e.at).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'medium' })}
              </span>
            </button>
            {open === e.id && <Change entry={e} />}
          </li>
        ))}
      </ol>
      {trail.hasNextPage && (
        <button type="button" onClick={() => void trail.fetchNextPage()} disabled={trail.isFetchingNextPage}>
          {t('auditMore')}
        </button>
      )}
    </section>
  );
}

/** A human handle for the row: its name, owner or username when it has one. */
function label(e: AuditEntry): string | null {
  const row = e.after ?? e.before ?? {};
  for (const key of ['name', 'owner', 'username', 'title', 'period']) if (typeof row[key] === 'string') return row[key] as string;
  return null;
}

const show = (v: unknown) => {
  if (v && typeof v === 'object' && 'type' in v && 'coordinates' in v) {
    const g = v as { type: string; coordinates: unknown };
    // A provisional point is short enough to show; outlines are not.
    if (g.type === 'Point' && Array.isArray(g.coordinates)) return `Point ${g.coordinates.map((c) => Number(c).toFixed(6)).join(', ')}`;
    return `${g.type} …`;
  }
  const s = JSON.stringify(v) ?? '';
  return s.length > 80 ? `${s.slice(0, 80)}…` : s;
};

/** The fields that changed (an update), or every field (an insert or delete). */
function Change({ entry }: { entry: AuditEntry }) {
  const { t } = useI18n();
  const keys = [...new Set([...Object.keys(entry.before ?? {}), ...Object.keys(entry.after ?? {})])];
  const changed = entry.action === 'update' ? keys.filter((k) => JSON.stringify(entry.before?.[k]) !== JSON.stringify(entry.after?.[k])) : keys;
  // An insert has no before and a delete no after: show only the side that exists.
  const sides = (['before', 'after'] as const).filter((side) => entry[side] !== null);
  return (
    <div className="audit-change">
      {entry.request && <p className="hint">{entry.request}</p>}
      <table>
        <thead>
          <tr>
            <th />
            {sides.map((side) => (
              <th key={side}>{t(side === 'before' ? 'auditBefore' : 'auditAfter')}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {changed.map((k) => (
            <tr key={k}>
              <th>{k}</th>
              {sides.map((side) => (
                <td key={side}>{show(entry[side]![k])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
