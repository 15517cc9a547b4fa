import { useCallback, useEffect, useRef } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { estateQueries } from '../estates/api.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { useHashParam } from '../places/useHashParam.ts';
import type { ModePanelProps } from '../modes/types.ts';
import { DrawBox } from './DrawBox.tsx';
import { ExportBox } from './ExportBox.tsx';
import { ImportBox } from './ImportBox.tsx';
import { HistoryBox } from './HistoryBox.tsx';
import { NoRedLineList } from './NoRedLineList.tsx';
import './scopes.css';

/**
 * The designer's mode (设计范围): pick an estate to export it or its project, draw or reshape its
 * red line; import surveyed red lines and footprints. Estates without a red line (a provisional
 * point or nothing yet) are listed, since some cannot be clicked on the map.
 */
export function ScopesPanel({ programme, estates, controller }: ModePanelProps) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  // The picked estate is the URL's (#e=ID), as in every mode: a shared link selects it here too,
  // and the app shell highlights it on the map and clears it when another programme is chosen.
  const [estateParam, setEstateParam] = useHashParam('e');
  const picked = estateParam && /^\d+$/.test(estateParam) ? Number(estateParam) : null;
  const setPicked = useCallback((id: number | null) => setEstateParam(id === null ? null : String(id)), [setEstateParam]);
  // While a red line is being drawn, clicks on the map place corners: they must not pick another estate.
  const drawing = useRef(false);
  const onEditing = useCallback((on: boolean) => void (drawing.current = on), []);
  // Nor while an imported feature waits for the estate it belongs to (ImportBox takes that click).
  const assigning = useRef(false);
  const onAssigning = useCallback((on: boolean) => void (assigning.current = on), []);
  useEffect(() => controller?.onEstateClick((id) => drawing.current || assigning.current || setPicked(id)), [controller, setPicked]);

  // Red lines changed: the estates list and the map tiles (the server's tile cache is told by NOTIFY).
  const refresh = () => {
    for (const queryKey of estateQueries.stale()) void queryClient.invalidateQueries({ queryKey });
    controller?.reloadTiles();
  };

  if (!programme) return <p className="hint">{t('zonesChooseProgramme')}</p>;
  const estate = estates.features.find((f) => f.id === picked) ?? null;
  const p = estate?.properties;
  return (
    <section className="card scopes-panel" data-testid="scopes-panel">
      <h3>{t('modeScopes')}</h3>
      <h4>{t('drawTitle')}</h4>
      <DrawBox estate={estate} estates={estates.features} controller={controller} onSaved={refresh} onEditing={onEditing} />
      {estate && p && (
        <>
          <HistoryBox estate={estate} controller={controller} onRestored={refresh} />
          <ExportBox scope={{ estateIds: [estate.id as number] }} title={t('exportEstate').replace('{name}', p.name)} testId="export-estate" />
          {p.projectId !== null && <ExportBox scope={{ project: p.projectId }} title={t('exportProject').replace('{name}', p.projectName ?? '')} testId="export-project" />}
        </>
      )}
      <NoRedLineList estates={estates} picked={picked} onPick={setPicked} />
      <h4>{t('importTitle')}</h4>
      <ImportBox estates={estates.features} controller={controller} onImported={refresh} onAssigning={onAssigning} />
    </section>
  );
}
