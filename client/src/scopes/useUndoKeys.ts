import { useEffect, useRef } from 'react';

/**
 * Ctrl+Z undoes, Ctrl+Shift+Z and Ctrl+Y redo (⌘ on a Mac) while `active`; not while typing in a
 * field, where the browser's own undo belongs to the text.
 */
export function useUndoKeys(active: boolean, actions: { undo: () => void; redo: () => void }): void {
  const ref = useRef(actions);
  ref.current = actions;
  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const target = e.target as HTMLElement | null;
      if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
      const key = e.key.toLowerCase();
      if (key === 'z' && !e.shiftKey) ref.current.undo();
      else if ((key === 'z' && e.shiftKey) || key === 'y') ref.current.redo();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active]);
}
