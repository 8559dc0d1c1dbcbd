import '@xyflow/react/dist/style.css';
import './ui/styles.css';
import { ReactFlowProvider } from '@xyflow/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App.tsx';
import { ErrorBoundary } from './ui/ErrorBoundary.tsx';
import { EXAMPLE_DOCUMENT, EXAMPLE_POSITIONS } from './ui/exampleDocument.ts';
import { startAutosave } from './ui/persistence/autosave.ts';
import { startupDocument } from './ui/persistence/startup.ts';
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
const startup = startupDocument(location.hash, storage, { text: EXAMPLE_DOCUMENT, positions: EXAMPLE_POSITIONS });
if (startup.origin === 'share') history.replaceState(null, '', location.pathname + location.search);
// A share link opened over other work: open that work first and the link on top, so Ctrl+Z goes back to it.
const first = startup.previous ?? startup.document;
const store = createDesignerStore(first.text, first.positions);
if (startup.previous) {
  store.getState().loadDocument(startup.document.text, startup.document.positions);
  store.getState().notify('info', 'Opened the shared document. Ctrl+Z brings back the document you were working on.');
}
if (startup.problem) store.getState().notify('error', startup.problem);
if (storage) startAutosave(store, storage);
else store.getState().setStorageProblem('Autosave is off: this browser does not allow local storage for this page.');

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary documentText={() => store.getState().text}>
      <DesignerContext.Provider value={store}>
        <ReactFlowProvider>
          <App />
        </ReactFlowProvider>
      </DesignerContext.Provider>
    </ErrorBoundary>
  </StrictMode>,
);
