import { positionsOf } from '../layout/placement.ts';
import type { DesignerStoreApi } from '../store/designerStore.ts';
import { saveLocalDocument } from './localDocument.ts';

const AUTOSAVE_DELAY_MS = 400;

/** Saves the document and its layout shortly after every change, and at once when the page is hidden. */
export function startAutosave(store: DesignerStoreApi, storage: Storage): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const save = () => {
    timer = undefined;
    const state = store.getState();
    const outcome = saveLocalDocument(storage, {
      text: state.text,
      positions: positionsOf(state.graph, state.positions),
    });
    state.setStorageProblem(outcome.ok ? null : outcome.reason);
  };
  // Right away too: a document opened from a share link must survive a reload.
  save();
  const unsubscribe = store.subscribe((state, previous) => {
    if (state.text === previous.text && state.positions === previous.positions) return;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(save, AUTOSAVE_DELAY_MS);
  });
  const onHide = () => {
    store.flushDraft();
    if (timer !== undefined) clearTimeout(timer);
    save();
  };
  window.addEventListener('pagehide', onHide);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') onHide();
  });
  return () => {
    unsubscribe();
    window.removeEventListener('pagehide', onHide);
    if (timer !== undefined) clearTimeout(timer);
  };
}
