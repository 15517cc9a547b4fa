import { useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { EstateCollection } from '../estates/api.ts';
import type { Programme } from '../places/api.ts';
import type { MapController } from '../map/controller.ts';
import type { ColourMode } from '../map/classes.ts';
import { anySyntheticRedLine, captureMap, composeSheet, exportFileName, legendSections } from './compose.ts';
import { useLayerEntries } from '../layers/store.ts';
import { useHiddenLayers } from '../layers/hidden.ts';
import './print.css';

interface Props {
  programme: Programme;
  estates: EstateCollection;
  colourMode: ColourMode;
  /** YYYY-MM of a replayed month; undefined: the latest figures. */
  period: string | undefined;
  controller: MapController | null;
  /** The built-in basemap draws indicative outlines: the sheet says so, as the map does. */
  builtInBasemap: boolean;
}

/** Today in Beijing, YYYY-MM-DD (the sheet's date). */
const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());

/**
 * 导出专题图: the map as it is on screen, with title, the legend of the layers shown, scale bar, north arrow, date and
 * source, downloaded as `<programme>_<month>_专题图.png`, or the same on an A4 page as .pdf.
 */
export function PrintButton({ programme, estates, colourMode, period, controller, builtInBasemap }: Props) {
  const { t, lang } = useI18n();
  // The printed legend is the layer panel's: the same entries, those switched on.
  const entries = useLayerEntries();
  const [hidden] = useHiddenLayers();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);

  const exportAs = async (format: 'png' | 'pdf') => {
    if (!controller) return;
    setBusy(true);
    setFailed(false);
    try {
      const map = controller.map;
      const mapCanvas = await captureMap(map);
      const name = lang === 'zh' ? programme.name : programme.nameEn || programme.name;
      const month = period ?? t('prLatest');
      const mode = t(colourMode === 'progress' ? 'modeProgress' : 'modeInvestment');
      const notes: string[] = [];
      if (anySyntheticRedLine(estates)) notes.push(t('prSynthetic'));
      if (builtInBasemap) notes.push(t('outlineNotice'));
      const sheet = composeSheet({
        map: mapCanvas,
        pixelRatio: mapCanvas.width / map.getCanvas().clientWidth || 1,
        zoom: map.getZoom(),
        latitude: map.getCenter().lat,
        bearing: map.getBearing(),
        title: `${name} ${t('prThematic')}`,
        subtitle: `${mode} · ${month}`,
        legendTitle: t('legend'),
        legend: legendSections(entries, hidden, t('prCountsNote')),
        notes,
        date: `${t('prDate')} ${today()}`,
        source: [t('prSource').replace('{programme}', name), t(builtInBasemap ? 'prBasemapBuiltIn' : 'prBasemapConfigured')],
        north: t('prNorth'),
      });
      const png = await new Promise<Blob | null>((resolve) => sheet.toBlob(resolve, 'image/png'));
      if (!png) throw new Error('toBlob');
      let blob: Blob = png;
      if (format === 'pdf') {
        // jsPDF is loaded only when a PDF is asked for: it stays out of the main bundle.
        const { sheetPdf } = await import('./pdf.ts');
        const bytes = new Uint8Array(await png.arrayBuffer());
        blob = new Blob([sheetPdf(bytes, sheet.width, sheet.height, `${name} ${t('prThematic')} ${month}`)], { type: 'application/pdf' });
      }
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = exportFileName(name, month, format);
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      console.warn('thematic map export failed', e);
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="print-export">
      <button type="button" className="primary" onClick={() => void exportAs('png')} disabled={busy || !controller} data-testid="print-export">
        {busy ? t('prExporting') : t('prExport')}
      </button>
      <button type="button" onClick={() => void exportAs('pdf')} disabled={busy || !controller} data-testid="print-export-pdf">
        {t('prExportPdf')}
      </button>
      {failed && (
        <span className="error" role="alert">
          {t('prFailed')}
        </span>
      )}
    </div>
  );
}
