import { useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { GeometryHistoryEntry, OverlapItem } from '../../../shared/scopes/contract.ts';
import type { EstateFeature } from '../estates/api.ts';
import { fmtNumber } from '../estates/format.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MapController } from '../map/controller.ts';
import { unionBbox, featureBbox } from '../map/geometry.ts';
import { overlapRefusal, scopesApi } from './api.ts';
import { OverlapConfirm } from './OverlapConfirm.tsx';
import { historyLayers } from './scopeLayers.ts';

const historyKey = (id: number) => ['scopes', 'geometry-history', id] as const;

/**
 * The picked estate's earlier red lines, newest first: 查看 draws a version beside the line that
 * replaced it on the map, 恢复 restores it as a new version (POST …/geometry/revert, the same
 * checks as saving: an overlap asks for a reason).
 */
export function HistoryBox({ estate, controller, onRestored }: { estate: EstateFeature; controller: MapController | null; onRestored: () => void }) {
  const { t, lang, locale } = useI18n();
  const queryClient = useQueryClient();
  const id = estate.id as number;
  const history = useQuery({ queryKey: [...historyKey(id), estate.properties.version], queryFn: () => scopesApi.history(id) });
  const entries = (history.data ?? []).filter((e) => e.layer === 'estate');
  const [shown, setShown] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState<{ entry: GeometryHistoryEntry; overlaps: OverlapItem[] } | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const entry = entries.find((e) => e.id === shown) ?? null;

  useEffect(() => {
    setShown(null);
    setRefused(null);
    setMessage(null);
  }, [id]);
  useEffect(() => {
    controller?.setOverlayLayers(
      'scopes-history',
      entry ? historyLayers(entry.geometry, entry.replacedWith, { old: t('historyOld').replace('{v}', String(entry.version ?? '?')), next: t('historyNext') }) : [],
    );
  }, [controller, entry, t]);
  useEffect(() => () => controller?.setOverlayLayers('scopes-history', []), [controller]);

  const show = (e: GeometryHistoryEntry) => {
    setShown(e.id);
    const box = unionBbox([e.geometry && featureBbox({ type: 'Feature', properties: {}, geometry: e.geometry }), e.replacedWith && featureBbox({ type: 'Feature', properties: {}, geometry: e.replacedWith })]);
    if (box) controller?.fitBounds(box, { maxZoom: 18, animate: false });
  };
  const restore = (e: GeometryHistoryEntry, reason?: string) => {
    if (e.version === null) return;
    setBusy(true);
    setMessage(null);
    scopesApi
      .revert(id, { historyId: e.id, version: e.version }, estate.properties.version, reason)
      .then((r) => {
        setRefused(null);
        setShown(null);
        setMessage({ ok: true, text: t('historyRestored').replace('{v}', String(e.version)).replace('{now}', String(r.version)).replace('{area}', fmtNumber(r.areaM2, lang, 0)) });
        void queryClient.invalidateQueries({ queryKey: historyKey(id) });
        onRestored();
      })
      .catch((err: Error) => {
        const overlaps = overlapRefusal(err);
        if (overlaps) setRefused({ entry: e, overlaps });
        else setMessage({ ok: false, text: err.message });
      })
      .finally(() => setBusy(false));
  };

  return (
    <div data-testid="history-box">
      <h4>{t('historyTitle')}</h4>
      {history.isError && <p className="error">{t('loadFailed')}</p>}
      {history.isSuccess && entries.length === 0 && <p className="hint">{t('historyEmpty')}</p>}
      <ol className="history-list">
        {entries.map((e) => (
          <li key={e.id} className={e.id === shown ? 'active' : undefined} data-history-id={e.id} data-version={e.version ?? ''}>
            <span className="what">
              <strong>{t('historyVersion').replace('{v}', String(e.version ?? '?'))}</strong>{' '}
              {e.areaM2 !== null ? `${fmtNumber(e.areaM2, lang, 0)} ${t('uM2')}` : t('historyNoLine')}
              <br />
              <span className="muted">
                {t('historyBy')
                  .replace('{by}', replacedBy(e.replacedBy, t))
                  .replace('{at}', new Date(e.replacedAt).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' }))}
              </span>
            </span>
            <button type="button" disabled={!e.geometry && !e.replacedWith} onClick={() => show(e)} data-testid="history-show">
              {t('historyShow')}
            </button>
            <button type="button" disabled={busy || !e.geometry || e.version === null} onClick={() => restore(e)} data-testid="history-restore">
              {t('historyRestore')}
            </button>
          </li>
        ))}
      </ol>
      {refused && <OverlapConfirm overlaps={refused.overlaps} busy={busy} onConfirm={(reason) => restore(refused.entry, reason)} onCancel={() => setRefused(null)} />}
      {message && (
        <p className={message.ok ? 'hint' : 'error'} role={message.ok ? 'status' : 'alert'} data-testid="history-message">
          {message.text}
        </p>
      )}
    </div>
  );
}

/** The server's note of what replaced a version ('drawn', 'import: <file>', 'revert: version <n>') in the UI's language. */
function replacedBy(by: string, t: (k: 'historyByDrawn' | 'historyByImport' | 'historyByRevert') => string): string {
  if (by === 'drawn') return t('historyByDrawn');
  const imported = /^import: (.*)$/.exec(by);
  if (imported) return t('historyByImport').replace('{file}', imported[1]!);
  const reverted = /^revert: version (\d+)$/.exec(by);
  if (reverted) return t('historyByRevert').replace('{v}', reverted[1]!);
  return by;
}
