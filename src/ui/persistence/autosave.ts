import { positionsOf } from '../layout/placement.ts';
import type { DesignerStoreApi } from '../store/designerStore.ts';
import { saveLocalDocument } from './localDocument.ts';

const AUTOSAVE_DELAY_MS = 400;
/** How long a save waits for the page to be idle, at most. */
const AUTOSAVE_IDLE_WAIT_MS = 2_000;

/**
 * Saves the document and its layout shortly after every change, and at once when the page is hidden. Writing a
 * 1,000-policy document takes tens of milliseconds on the page's thread, so a save waits for the page to be idle
 * (not in the middle of the next keystroke or graph), at most AUTOSAVE_IDLE_WAIT_MS.
 */
export function startAutosave(store: DesignerStoreApi, storage: Storage): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let idle: number | undefined;
  const cancel = () => {
    if (timer !== undefined) clearTimeout(timer);
    if (idle !== undefined) cancelIdleCallback(idle);
    timer = idle = undefined;
  };
  const save = () => {
    cancel();
    const state = store.getState();
    const outcome = saveLocalDocument(storage, {
      text: state.text,
      positions: positionsOf(state.graph, state.positions),
    });
    state.setStorageProblem(outcome.ok ? null : outcome.reason);
  };
  const saveWhenIdle = () => {
    if (typeof requestIdleCallback !== 'function') return save();
    timer = setTimeout(save, AUTOSAVE_IDLE_WAIT_MS);
    idle = requestIdleCallback(save);
  };
  // Right away too: a document opened from a share link must survive a reload.
  save();
  const unsubscribe = store.subscribe((state, previous) => {
    if (state.text === previous.text && state.positions === previous.positions) return;
    cancel();
    timer = setTimeout(saveWhenIdle, AUTOSAVE_DELAY_MS);
  });
  const onHide = () => {
    store.flushDraft();
    save();
  };
  window.addEventListener('pagehide', onHide);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') onHide();
  });
  return () => {
    unsubscribe();
    window.removeEventListener('pagehide', onHide);
    cancel();
  };
}
