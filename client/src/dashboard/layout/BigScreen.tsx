import { useEffect, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { useI18n } from '../../i18n/I18nProvider.tsx';

interface Props {
  title: string;
  /** The month slider (or the month shown). */
  month: ReactNode;
  kpis: ReactNode;
  left: ReactNode;
  right: ReactNode;
  onExit: () => void;
}

/**
 * The 大屏: the whole window, dark, headline figures large, charts and the ranking in two columns
 * with the map live between them (the middle lets clicks through to it). Esc or the button exits;
 * so does leaving the browser's full screen, when the 大屏 was entered with it.
 */
export function BigScreen({ title, month, kpis, left, right, onExit }: Props) {
  const { t } = useI18n();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onExit();
    };
    // The browser takes Esc to leave its full screen and does not pass it on: that exits too.
    const onFullscreen = () => {
      if (!document.fullscreenElement) onExit();
    };
    window.addEventListener('keydown', onKey);
    document.addEventListener('fullscreenchange', onFullscreen);
    return () => {
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('fullscreenchange', onFullscreen);
    };
  }, [onExit]);
  return createPortal(
    <div className="bigscreen" data-testid="bigscreen" role="dialog" aria-label={title}>
      <header className="bs-head" data-map-overlay>
        <h1>{title}</h1>
        <div className="bs-month">{month}</div>
        <button type="button" className="bs-exit" onClick={onExit} data-testid="bigscreen-exit" title={t('bigExitHint')}>
          ✕ {t('bigExit')} <small>Esc</small>
        </button>
      </header>
      <section className="bs-kpis" data-map-overlay>
        {kpis}
      </section>
      <aside className="bs-col bs-left" data-map-overlay>
        {left}
      </aside>
      <aside className="bs-col bs-right" data-map-overlay>
        {right}
      </aside>
    </div>,
    document.body,
  );
}

/** Asks the browser for its full screen (a user's click only); refused or unsupported: the 大屏 fills the window. */
export function enterFullscreen(): void {
  document.documentElement.requestFullscreen?.().catch(() => {});
}

export function leaveFullscreen(): void {
  if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
}
