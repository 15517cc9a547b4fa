import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MapController } from '../map/controller.ts';
import type { ColourMode } from '../map/classes.ts';
import { ColourModeToggle } from '../legend/ColourModeToggle.tsx';
import { hiddenLayerIds, useHiddenLayers } from './hidden.ts';
import { useLayerEntries } from './store.ts';
import type { LegendItem } from './types.ts';
import './layers.css';

interface Props {
  controller: MapController | null;
  colourMode: ColourMode;
  onColourModeChange: (mode: ColourMode) => void;
}

/**
 * The layer panel over the map (kepler.gl's layer list): one entry per layer the current mode draws,
 * each with its legend and a switch that hides the layer on the map (#y= in the URL). The estates
 * entry holds the colour-mode switch. It folds away, and starts folded on a phone.
 */
export function LayerPanel({ controller, colourMode, onColourModeChange }: Props) {
  const { t } = useI18n();
  const entries = useLayerEntries();
  const [hidden, toggle] = useHiddenLayers();
  const [open, setOpen] = useState(() => !window.matchMedia('(max-width: 760px)').matches);

  const ids = hiddenLayerIds(entries, hidden);
  const key = `${ids.map.join()}|${ids.deck.join()}`;
  useEffect(() => {
    const [map, deck] = key.split('|');
    controller?.setHiddenLayers({ map: map ? map.split(',') : [], deck: deck ? deck.split(',') : [] });
  }, [controller, key]);

  return (
    // <details> so it folds away on small screens, where it starts folded.
    <details className="card legend layer-panel" data-testid="legend" data-mode={colourMode} open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        {t('lyPanel')} <span className="count">{entries.filter((e) => !hidden.has(e.id)).length}/{entries.length}</span>
      </summary>
      <div className="layer-list">
        {entries.map((entry) => {
          const shown = !hidden.has(entry.id);
          return (
            <section key={entry.id} className={shown ? 'layer-entry' : 'layer-entry off'} data-layer={entry.id} data-visible={String(shown)}>
              <label className="layer-head">
                <input type="checkbox" checked={shown} onChange={() => toggle(entry.id)} data-testid={`layer-toggle-${entry.id}`} title={t('lyToggle')} />
                <span className="layer-title">{entry.title}</span>
                {!shown && <span className="muted layer-off">{t('lyHiddenNote')}</span>}
              </label>
              {/* The estates' colour mode is said by its own switch; the print names it as the subtitle. */}
              {entry.id === 'estates' ? (
                <ColourModeToggle value={colourMode} onChange={onColourModeChange} />
              ) : (
                entry.subtitle && shown && <div className="layer-sub muted">{entry.subtitle}</div>
              )}
              {shown && (
                <>
                  <ul>
                    {entry.legend.map((item) => (
                      <Item key={item.key} item={item} classItem={entry.id === 'estates' && (item.kind === 'fill' || item.kind === 'hatched')} />
                    ))}
                  </ul>
                  {(entry.notes ?? []).map((note) => (
                    <p key={note} className="muted layer-note" data-testid={entry.id === 'estates' ? 'legend-no-money' : undefined}>
                      {note}
                    </p>
                  ))}
                </>
              )}
            </section>
          );
        })}
      </div>
    </details>
  );
}

/** One legend line: its sample, its label and, where users read one, its count. */
function Item({ item, classItem }: { item: LegendItem; classItem: boolean }) {
  if (item.kind === 'note') {
    return (
      <li className="muted" data-item={item.key}>
        {item.label}
      </li>
    );
  }
  return (
    <li data-item={item.key} data-class={classItem ? item.key : undefined}>
      <Sample item={item} />
      <span>{item.label}</span>
      {item.count !== undefined && <span className="count">{item.count}</span>}
    </li>
  );
}

export function Sample({ item }: { item: LegendItem }) {
  switch (item.kind) {
    case 'hatched':
      return <span className="swatch hatched" />;
    case 'line':
      return <span className="line-sample" style={{ borderColor: item.colour }} />;
    case 'thick-line':
      return <span className="line-sample thick" style={{ borderColor: item.colour }} />;
    case 'ring':
      return <span className="point-sample" style={{ borderColor: item.colour }} />;
    case 'dot':
      return <span className="point-sample dot" style={{ background: item.colour }} />;
    case 'gradient':
      return <span className="swatch gradient" style={{ background: `linear-gradient(to right, ${(item.stops ?? [item.colour]).join(',')})` }} />;
    default:
      return <span className="swatch" style={{ background: item.colour }} />;
  }
}
