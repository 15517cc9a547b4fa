import './audit.css';
import { useEffect, useState } from 'react';
import type { MultiPolygon } from 'geojson';
import { area } from '@turf/turf';
import { useInfiniteQuery } from '@tanstack/react-query';
import { auditQueries, type AuditEntry } from './api.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { DictKey } from '../i18n/dict.ts';
import type { ModePanelProps } from '../modes/types.ts';
import { featureBbox, unionBbox } from '../map/geometry.ts';
import { historyLayers } from '../scopes/scopeLayers.ts';

/** Tables whose history an admin is most likely to look for (any table can be asked for by URL). */
const TABLES = ['zones', 'zone_estates', 'pipeline_works', 'progress_reports', 'plans', 'projects', 'estates', 'users'] as const;

/** The audit trail (admins): who changed what, when, from which request, with before and after. */
export function AuditPanel({ controller }: Pick<ModePanelProps, 'controller'>) {
  const { t, locale } = useI18n();
  // A changed outline (a red line, a footprint) is compared on the map, before in grey, after in orange.
  const [outlines, setOutlines] = useState<{ before: MultiPolygon | null; after: MultiPolygon | null } | null>(null);
  useEffect(() => {
    controller?.setOverlayLayers('audit-outlines', outlines ? historyLayers(outlines.before, outlines.after, { old: t('auditBefore'), next: t('auditAfter') }) : []);
  }, [controller, outlines, t]);
  useEffect(() => () => controller?.setOverlayLayers('audit-outlines', []), [controller]);
  const showOutlines = (before: MultiPolygon | null, after: MultiPolygon | null) => {
    setOutlines({ before, after });
    const box = unionBbox([before, after].map((g) => (g ? featureBbox({ type: 'Feature', properties: {}, geometry: g }) : null)));
    if (box) controller?.fitBounds(box, { maxZoom: 18 });
  };
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
            {open === e.id && <Change entry={e} onShowOutlines={showOutlines} />}
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
    // An outline: its area, so before and after differ in the table too (the map shows the shapes).
    const outline = outlineOf(v);
    return outline ? `${g.type} ${Math.round(area(outline)).toLocaleString()} m²` : `${g.type} …`;
  }
  const s = JSON.stringify(v) ?? '';
  return s.length > 80 ? `${s.slice(0, 80)}…` : s;
};

/** An outline value of an audited row as a MultiPolygon (a Polygon is one part); anything else: null. */
function outlineOf(v: unknown): MultiPolygon | null {
  if (!v || typeof v !== 'object' || !('type' in v) || !('coordinates' in v)) return null;
  const g = v as { type: string; coordinates: unknown };
  if (g.type === 'MultiPolygon') return g as MultiPolygon;
  if (g.type === 'Polygon') return { type: 'MultiPolygon', coordinates: [g.coordinates as MultiPolygon['coordinates'][number]] };
  return null;
}

/** The fields that changed (an update), or every field (an insert or delete). */
function Change({ entry, onShowOutlines }: { entry: AuditEntry; onShowOutlines: (before: MultiPolygon | null, after: MultiPolygon | null) => void }) {
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
              {(outlineOf(entry.before?.[k]) || outlineOf(entry.after?.[k])) && (
                <td>
                  <button type="button" onClick={() => onShowOutlines(outlineOf(entry.before?.[k]), outlineOf(entry.after?.[k]))} data-testid="audit-show-outlines">
                    {t('auditShowOnMap')}
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
