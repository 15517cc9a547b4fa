import { useEffect, useMemo, useRef, useState } from 'react';
import type { EstateFeature } from '../estates/api.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { fmtNumber } from '../estates/format.ts';
import { featureBbox } from '../map/geometry.ts';
import type { MapController } from '../map/controller.ts';
import { scopesApi } from './api.ts';
import { RedLineEditor, type EditorState } from './draw.ts';
import { neighbourRings } from './snapping.ts';
import { useUndoKeys } from './useUndoKeys.ts';
import { useOverlapCheck } from './useOverlapCheck.ts';
import { overlapLayers } from './scopeLayers.ts';
import { OverlapConfirm } from './OverlapConfirm.tsx';
import { overlapRefusal } from './api.ts';
import type { OverlapItem } from '../../../shared/scopes/contract.ts';

/**
 * The one polygon of a red line that terra-draw can reshape: a single part without holes. An
 * estate with only a provisional point, or nothing yet, has none: it gets a new red line.
 */
function editablePolygon(f: EstateFeature): GeoJSON.Polygon | null {
  const g = f.geometry as GeoJSON.Geometry | null;
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) return null;
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return polys.length === 1 && polys[0]!.length === 1 ? { type: 'Polygon', coordinates: polys[0]! } : null;
}

/**
 * Draw or reshape the red line of the picked estate, snapping to its neighbours, with undo/redo
 * and the area and perimeter shown live; saved through PUT /api/estates/:id/geometry (the
 * import's checks, the version, history) once something has changed.
 */
export function DrawBox({
  estate,
  estates,
  controller,
  onSaved,
  onEditing,
}: {
  estate: EstateFeature | null;
  estates: EstateFeature[];
  controller: MapController | null;
  onSaved: () => void;
  /** Told when a drawing opens and closes, so map clicks place corners instead of picking estates. */
  onEditing: (on: boolean) => void;
}) {
  const { t, lang } = useI18n();
  const [editing, setEditing] = useState<'reshape' | 'draw' | null>(null);
  const [state, setState] = useState<EditorState | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const [refused, setRefused] = useState<OverlapItem[] | null>(null);
  const editor = useRef<RedLineEditor | null>(null);
  const around = useMemo(() => (estate ? featureBbox(estate) : null), [estate]);
  const point = estate?.geometry?.type === 'Point' ? (estate.geometry.coordinates as [number, number]) : null;
  const neighbours = useRef<GeoJSON.Position[][]>([]);
  neighbours.current = useMemo(() => neighbourRings(estates, estate?.id ?? null, around), [estates, estate, around]);

  // One editor while a drawing is open; none otherwise, so map clicks pick estates again.
  useEffect(() => {
    if (!editing || !controller || !estate) return;
    onEditing(true);
    const ed = new RedLineEditor(controller.map, () => neighbours.current);
    ed.onState(setState);
    editor.current = ed;
    try {
      if (editing === 'reshape') ed.reshape(editablePolygon(estate)!);
      else {
        // A new red line for an estate placed by a point starts there, at a scale to draw at.
        if (estate.geometry?.type === 'Point') {
          const [x, y] = estate.geometry.coordinates as [number, number];
          controller.fitBounds([x - 0.002, y - 0.0015, x + 0.002, y + 0.0015], { maxZoom: 17, animate: false, padding: 24 });
        }
        ed.drawNew();
      }
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    }
    return () => {
      ed.stop();
      onEditing(false);
      editor.current = null;
      setState(null);
    };
  }, [editing, controller, estate, onEditing]);

  // Another estate picked: leave the drawing.
  useEffect(() => {
    setEditing(null);
    setMessage(null);
  }, [estate?.id]);

  // The overlap with the neighbours, checked by the server as the ring changes, drawn in red.
  const live = useOverlapCheck(editing && estate ? (estate.id as number) : null, editing ? (state?.ring ?? null) : null);
  useEffect(() => {
    controller?.setOverlayLayers(
      'scopes-overlap',
      overlapLayers(live.overlaps, (o) => t('overlapMapLabel').replace('{name}', o.name).replace('{area}', fmtNumber(o.areaM2, lang, 1))),
    );
  }, [controller, live.overlaps, t, lang]);
  useEffect(() => () => controller?.setOverlayLayers('scopes-overlap', []), [controller]);
  // The refusal belongs to the ring it refused.
  const ringKey = state?.polygon ? JSON.stringify(state.polygon.coordinates) : '';
  useEffect(() => setRefused(null), [ringKey, editing]);

  useUndoKeys(!!editing, {
    undo: () => editor.current?.undo(),
    redo: () => editor.current?.redo(),
  });

  if (!estate) return <p className="hint">{t('drawPick')}</p>;
  const canReshape = editablePolygon(estate) !== null;
  const polygon = state?.polygon ?? null;
  const start = (how: 'reshape' | 'draw') => {
    // A new edit: the last save's message is history.
    setMessage(null);
    setEditing(how);
  };
  const save = (overlapReason?: string) => {
    if (!polygon) return;
    setSaving(true);
    setMessage(null);
    scopesApi
      .saveGeometry(estate.id as number, estate.properties.version, polygon, overlapReason)
      .then((r) => {
        setEditing(null);
        setRefused(null);
        setMessage({ ok: true, text: t('drawSaved').replace('{area}', fmtNumber(r.areaM2, lang, 0)).replace('{repairs}', r.repairs.join('; ')) });
        onSaved();
      })
      .catch((e: Error) => {
        // An overlap is a question, not a failure: which estates, and a reason to save anyway.
        const overlaps = overlapRefusal(e);
        if (overlaps) setRefused(overlaps);
        else setMessage({ ok: false, text: e.message });
      })
      .finally(() => setSaving(false));
  };
  return (
    <div data-testid="draw-box">
      <div className="export-title">{estate.properties.name}</div>
      <div className="scopes-tools">
        <button type="button" className={editing === 'reshape' ? 'active' : undefined} disabled={!canReshape || !!editing} onClick={() => start('reshape')} data-testid="draw-reshape" title={canReshape ? undefined : t('drawMultiPart')}>
          {t('drawReshape')}
        </button>
        <button type="button" className={editing === 'draw' ? 'active' : undefined} disabled={!!editing} onClick={() => start('draw')} data-testid="draw-new">
          {t('drawNew')}
        </button>
        <button type="button" className="primary" disabled={!polygon || !state?.changed || saving} onClick={() => save()} data-testid="draw-save" title={editing && !state?.changed ? t('drawUnchanged') : undefined}>
          {t('drawSave')}
        </button>
        <button type="button" disabled={!editing} onClick={() => setEditing(null)} data-testid="draw-cancel">
          {t('drawCancel')}
        </button>
      </div>
      {editing && (
        <div className="scopes-tools">
          <button type="button" disabled={!state?.canUndo} onClick={() => editor.current?.undo()} data-testid="draw-undo" title={t('drawUndoKeys')}>
            ↶ {t('drawUndo')}
          </button>
          <button type="button" disabled={!state?.canRedo} onClick={() => editor.current?.redo()} data-testid="draw-redo" title={t('drawRedoKeys')}>
            ↷ {t('drawRedo')}
          </button>
        </div>
      )}
      {editing === 'draw' && point && <p className="hint" data-testid="draw-from-point">{t('drawFromPoint')}</p>}
      {editing === 'draw' && !estate.geometry && <p className="hint">{t('drawNoPlace')}</p>}
      {editing && <p className="hint">{t(editing === 'draw' ? 'drawHintNew' : 'drawHintReshape')}</p>}
      {editing && state && (state.areaM2 !== null || state.perimeterM !== null) && (
        <p className="scopes-figures" data-testid="draw-figures" data-vertices={countCorners(state.ring)} data-closed={String(state.polygon !== null)}>
          {state.areaM2 !== null && (
            <span className="scopes-area" data-testid="draw-area" data-area={state.areaM2.toFixed(1)}>
              {t('drawArea')} {fmtNumber(state.areaM2, lang, 0)} {t('uM2')}
            </span>
          )}
          {state.perimeterM !== null && (
            <span className="scopes-area" data-testid="draw-perimeter" data-perimeter={state.perimeterM.toFixed(1)}>
              {t('drawPerimeter')} {fmtNumber(state.perimeterM, lang, 0)} {t('drawMetres')}
            </span>
          )}
          {state.polygon === null && <span className="muted">{t('drawOpenRing')}</span>}
        </p>
      )}
      {editing && live.overlaps.length > 0 && (
        <div className="overlap-live" data-testid="overlap-live" data-checking={String(live.checking)}>
          {t('overlapLive')}
          <ul>
            {live.overlaps.map((o) => (
              <li key={o.estateId} data-estate-id={o.estateId} data-area={o.areaM2}>
                {o.name}: {fmtNumber(o.areaM2, lang, 1)} {t('uM2')}
              </li>
            ))}
          </ul>
        </div>
      )}
      {editing && live.error && (
        <p className="error" data-testid="overlap-check-error">
          {live.error}
        </p>
      )}
      {refused && <OverlapConfirm overlaps={refused} busy={saving} onConfirm={(reason) => save(reason)} onCancel={() => setRefused(null)} />}
      {message && (
        <p className={message.ok ? 'hint' : 'error'} role={message.ok ? 'status' : 'alert'} data-testid="draw-message">
          {message.text}
        </p>
      )}
    </div>
  );
}

/** Distinct corners of a ring (the closing repeat and the pointer's repeat not counted). */
function countCorners(ring: GeoJSON.Position[]): number {
  const keys = new Set(ring.map((p) => `${p[0]},${p[1]}`));
  return keys.size;
}
