import { useEffect, useRef } from 'preact/hooks';
import type { MaskEditor } from './use-mask-editor.js';

/** The brush's keys: [ and ] size, X paint/erase, Cmd/Ctrl-Z undo, Shift-Cmd/Ctrl-Z or Ctrl-Y redo. Not while typing. */
export function useShortcuts(editor: MaskEditor, enabled: boolean): void {
  const current = useRef(editor);
  current.current = editor;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && (target.tagName === 'TEXTAREA' || (target.tagName === 'INPUT' && !['range', 'radio', 'checkbox', 'button'].includes((target as HTMLInputElement).type)) || target.isContentEditable)) return;
      const e = current.current;
      const mod = event.metaKey || event.ctrlKey;
      const key = event.key.toLowerCase();
      if (mod && key === 'z') {
        event.preventDefault();
        if (event.shiftKey) e.redo();
        else e.undo();
      } else if (mod && key === 'y') {
        event.preventDefault();
        e.redo();
      } else if (mod || event.altKey) {
        return;
      } else if (event.key === '[') {
        event.preventDefault();
        e.stepSize(-1);
      } else if (event.key === ']') {
        event.preventDefault();
        e.stepSize(1);
      } else if (key === 'x') {
        event.preventDefault();
        e.toggleMode();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
