import { useReactFlow } from '@xyflow/react';
import { lazy, Suspense, useEffect, useState, type DragEvent } from 'react';
import { Canvas } from './canvas/Canvas.tsx';
import { ConfirmImportDialog } from './dialogs/ConfirmImportDialog.tsx';
import { FillTemplateDialog } from './dialogs/FillTemplateDialog.tsx';
import { MatrixDialog } from './dialogs/MatrixDialog.tsx';
import { TemplateDialog } from './dialogs/TemplateDialog.tsx';
import { TenantWizardDialog } from './dialogs/TenantWizardDialog.tsx';
import { Inspector } from './inspector/Inspector.tsx';
import { useAutoLayout } from './layout/useAutoLayout.ts';
import { FlowsPanel } from './panels/FlowsPanel.tsx';
import { TestsPanel } from './panels/TestsPanel.tsx';
import { ChangesPanel } from './panels/ChangesPanel.tsx';
import { ExplainPanel } from './panels/ExplainPanel.tsx';
import { ProblemsPanel } from './panels/ProblemsPanel.tsx';
import { Region } from './RegionBoundary.tsx';
import { useDesigner, useDesignerStore } from './store/designerContext.ts';
import { TEST_IDS } from './testIds.ts';
import { Toolbar, type OpenDialog } from './Toolbar.tsx';
import { displayText } from './text.ts';
import { MigrateOffer } from './MigrateOffer.tsx';

/** The start of a Hubble flow log: a JSON object with a flow (or a bare flow's verdict). */
const FLOW_LOG = /^\s*\{\s*"(flow|verdict)"\s*:/;

// Monaco is most of the bundle: the editor (and Monaco's setup, which it imports) loads after the first paint.
const YamlEditor = lazy(() => import('./editor/YamlEditor.tsx').then((m) => ({ default: m.YamlEditor })));

function Banners() {
  const store = useDesignerStore();
  const stale = useDesigner((s) => s.stale);
  const notice = useDesigner((s) => s.notice);
  const storageProblem = useDesigner((s) => s.storageProblem);
  const markdownOffer = useDesigner((s) => s.markdownOffer);
  return (
    <>
      {storageProblem ? (
        <div className="banner banner-error" role="alert" data-testid={TEST_IDS.storageProblem}>
          {displayText(storageProblem, 1000)}
        </div>
      ) : null}
      {notice ? (
        <div
          key={notice.serial}
          className={`banner ${notice.tone === 'error' ? 'banner-error' : 'banner-info'}`}
          role={notice.tone === 'error' ? 'alert' : 'status'}
          data-testid={TEST_IDS.notice}
        >
          {displayText(notice.message, 2000)}{' '}
          <button type="button" aria-label="Dismiss" onClick={() => store.getState().dismissNotice()}>
            ✕
          </button>
        </div>
      ) : null}
      {markdownOffer ? (
        <div className="banner banner-info" role="status" data-testid={TEST_IDS.markdownOffer}>
          This text is Markdown with YAML blocks: the prose shows as errors and would be downloaded too.{' '}
          <button type="button" onClick={() => store.getState().extractYaml()}>
            Keep only the YAML blocks
          </button>
        </div>
      ) : null}
      <MigrateOffer />
      {stale ? (
        <div className="stale-banner" role="status" data-testid={TEST_IDS.staleBanner}>
          The YAML has errors: the graph shows the last valid version and is read-only until they are fixed.
        </div>
      ) : null}
    </>
  );
}

export function App() {
  const store = useDesignerStore();
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [dropping, setDropping] = useState(false);
  // The graph pane can take the width: the editor folds into a side tab (it stays mounted, with its undo history).
  const [editorCollapsed, setEditorCollapsed] = useState(false);
  const flow = useReactFlow();
  const toggleEditor = () => {
    setEditorCollapsed((collapsed) => !collapsed);
    // Once the pane has its new width.
    setTimeout(() => void flow.fitView({ padding: 0.1, duration: 0 }), 60);
  };
  useAutoLayout();

  // Ctrl+Z / Ctrl+Shift+Z (and Ctrl+Y) outside the editor: the same history as inside it. Form fields and the
  // editor keep their own handling (the editor routes these keys to the store itself).
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, [contenteditable="true"], .monaco-editor, dialog')) return;
      const key = event.key.toLowerCase();
      if (key === 'z' && !event.shiftKey) store.getState().undo();
      else if ((key === 'z' && event.shiftKey) || key === 'y') store.getState().redo();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);

  const onDrop = async (event: DragEvent) => {
    const file = event.dataTransfer.files[0];
    setDropping(false);
    if (!file) return;
    event.preventDefault();
    // A Hubble flow log (one JSON flow per line) is observed traffic, not a document to open.
    if (FLOW_LOG.test(await file.slice(0, 2048).text())) await store.getState().importFlows(file, file.name);
    else store.getState().importText(await file.text(), file.name);
  };

  return (
    <div
      className={`app${dropping ? ' is-dropping' : ''}`}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('Files')) {
          e.preventDefault();
          setDropping(true);
        }
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDropping(false);
      }}
      onDrop={onDrop}
    >
      <Toolbar onOpen={setDialog} />
      <Banners />
      <main className={`workspace${editorCollapsed ? ' editor-collapsed' : ''}`}>
        <section className="graph-pane" aria-label="Policy graph">
          <Region name="canvas">
            <Canvas />
          </Region>
        </section>
        {/* "nokey": React Flow ignores key events from inside this subtree. Monaco >= 0.53 types into an
            EditContext <div>, which React Flow does not recognise as an input, so without this Space would be
            swallowed (pan key) and Backspace/Delete could delete the selected node. */}
        <section className="editor-pane nokey" aria-label="YAML editor" data-testid={TEST_IDS.editor}>
          <button
            type="button"
            className="editor-toggle"
            aria-label={editorCollapsed ? 'Show editor' : 'Hide editor'}
            aria-expanded={!editorCollapsed}
            title={editorCollapsed ? 'Show the YAML editor' : 'Fold the YAML editor away to give the graph the width'}
            onClick={toggleEditor}
          >
            {editorCollapsed ? 'YAML ‹' : '›'}
          </button>
          <div className="editor-body">
            <Region name="editor">
              <Suspense fallback={<div className="editor-loading">Loading editor…</div>}>
                <YamlEditor />
              </Suspense>
            </Region>
          </div>
        </section>
        <aside className="side-pane nokey">
          <Region name="Explain">
            <ExplainPanel />
          </Region>
          <Region name="inspector">
            <Inspector />
          </Region>
          <Region name="Observed flows">
            <FlowsPanel />
          </Region>
          <Region name="Policy tests">
            <TestsPanel />
          </Region>
          <Region name="Changes list">
            <ChangesPanel />
          </Region>
          <Region name="Problems list">
            <ProblemsPanel />
          </Region>
        </aside>
      </main>
      <Region name="import dialog">
        <ConfirmImportDialog />
      </Region>
      {dialog?.kind === 'wizard' ? <TenantWizardDialog onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'template' ? <TemplateDialog initial={dialog.id} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'matrix' ? <MatrixDialog onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'fill' ? <FillTemplateDialog params={dialog.params} onClose={() => setDialog(null)} /> : null}
    </div>
  );
}
