import '@xyflow/react/dist/style.css';
import './ui/styles.css';
import { ReactFlowProvider } from '@xyflow/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App.tsx';
import { ErrorBoundary } from './ui/ErrorBoundary.tsx';
import { EXAMPLE_DOCUMENT, EXAMPLE_POSITIONS } from './ui/exampleDocument.ts';
import { startAutosave } from './ui/persistence/autosave.ts';
import type { SavedDocument } from './ui/persistence/savedDocument.ts';
import { startupDocument } from './ui/persistence/startup.ts';
import { beginStartup, CLEAN_START_MS, markCrashed, markStartedCleanly } from './ui/persistence/startupGuard.ts';
import { DesignerContext } from './ui/store/designerContext.ts';
import { createDesignerStore } from './ui/store/designerStore.ts';

function storageOrUndefined(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined; // storage disabled by the browser's privacy settings
  }
}

const storage = storageOrUndefined();
// A start that did not finish last time (the saved document crashed the page) opens in safe mode: the text in the
// editor, its problems listed, nothing drawn until the next edit. Never the error page again and again.
const { safeMode } = beginStartup(storage);
const startup = startupDocument(location.hash, storage, { text: EXAMPLE_DOCUMENT, positions: EXAMPLE_POSITIONS });
if (startup.origin === 'share') history.replaceState(null, '', location.pathname + location.search);
// A share link opened over other work: open that work first and the link on top, so Ctrl+Z goes back to it.
const first = startup.previous ?? startup.document;
const store = openStore(first.text, first.positions, safeMode);
if (safeMode)
  store
    .getState()
    .notify(
      'error',
      'The designer did not start cleanly last time, so it opened your saved text without drawing it. Check the Problems list; the graph is drawn again at your next edit.',
    );
else if (startup.previous) {
  store.getState().loadDocument(startup.document.text, startup.document.positions);
  store.getState().notify('info', 'Opened the shared document. Ctrl+Z brings back the document you were working on.');
}
if (startup.problem) store.getState().notify('error', startup.problem);
if (storage) startAutosave(store, storage);
else store.getState().setStorageProblem('Autosave is off: this browser does not allow local storage for this page.');

/** The store, in safe mode if opening normally fails (the derivation never throws, but a start must not fail). */
function openStore(text: string, positions: SavedDocument['positions'], safeStart: boolean) {
  if (safeStart) return createDesignerStore(text, positions, { safeStart: true });
  try {
    return createDesignerStore(text, positions);
  } catch (error) {
    console.warn('Netpol Designer: the saved document could not be opened; opening it in safe mode', error);
    return createDesignerStore(text, positions, { safeStart: true });
  }
}

// Up for a moment, or left normally: the next start opens normally (unless the page crashed meanwhile).
setTimeout(() => markStartedCleanly(storage), CLEAN_START_MS);
window.addEventListener('pagehide', () => markStartedCleanly(storage));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary documentText={() => store.getState().text} onCrash={() => markCrashed(storage)}>
      <DesignerContext.Provider value={store}>
        <ReactFlowProvider>
          <App />
        </ReactFlowProvider>
      </DesignerContext.Provider>
    </ErrorBoundary>
  </StrictMode>,
);
