import Editor, { type OnMount } from '@monaco-editor/react';
import { useEffect, useRef } from 'react';
import type { Diagnostic } from '../../core/index.ts';
import { monaco, monacoYaml, DOCUMENT_MODEL_URI, LARGE_YAML_LANGUAGE } from '../monaco/setup.ts';
import { useDesigner, useDesignerStore } from '../store/designerContext.ts';
import { minimalReplacement } from './textEdit.ts';
import { displayText } from '../text.ts';

/** Typing settles for this long before the graph is re-drawn. */
const TYPING_DEBOUNCE_MS = 250;

/**
 * Above this many characters (about 150 policies) the editor drops the features that re-read the whole document
 * after every keystroke: sticky scroll (the YAML worker's outline of every document, 4,000 symbols for 1,000
 * policies, half a second for the page to receive), folding (40,000 ranges from the worker, or an indentation
 * scan of every line on the page's thread), link detection, and the YAML worker's schema validation (a full
 * parse of the document on a core the derive worker needs; the linter's P-32 reports misspelt fields anyway), and
 * bracket pair colours (a parse of the whole document for brackets, which block YAML hardly has, in the first
 * render after the text arrived).
 * Typing in a cluster-sized document would stutter otherwise.
 */
export const LARGE_DOCUMENT_CHARS = 200_000;

/** A whole new document larger than LARGE_DOCUMENT_CHARS enters the editor this much (and whole lines) a task. */
const WHOLE_CHUNK_CHARS = 250_000;

/** Where the piece of `text` from `start` that enters the editor in one task ends: after a line break. */
function wholeChunkEnd(text: string, start: number): number {
  if (start + WHOLE_CHUNK_CHARS >= text.length) return text.length;
  const lineEnd = text.indexOf('\n', start + WHOLE_CHUNK_CHARS);
  return lineEnd < 0 ? text.length : lineEnd + 1;
}

/** Completions offered while typing (in a document of ordinary size). */
const QUICK_SUGGESTIONS = { other: true, comments: false, strings: true } as const;

function fitToDocumentSize(editor: monaco.editor.IStandaloneCodeEditor, large: boolean) {
  editor.updateOptions({
    stickyScroll: { enabled: !large },
    folding: !large,
    links: !large,
    bracketPairColorization: { enabled: !large },
    // Completions while typing cost a pass over the whole document (word-based ones in the editor worker) on every
    // keystroke; in a cluster-sized document they stay a Ctrl+Space away.
    quickSuggestions: large ? false : QUICK_SUGGESTIONS,
    suggestOnTriggerCharacters: !large,
    wordBasedSuggestions: large ? 'off' : 'currentDocument',
  });
  // The colours are the model's option too (the editor's only sets it for models it creates).
  editor.getModel()?.updateOptions({
    bracketColorizationOptions: { enabled: !large, independentColorPoolPerBracketType: false },
  });
  if (monacoYaml.getOptions().validate !== !large) void monacoYaml.update({ validate: !large });
  const model = editor.getModel();
  const languageId = large ? LARGE_YAML_LANGUAGE : 'yaml';
  if (model && model.getLanguageId() !== languageId) monaco.editor.setModelLanguage(model, languageId);
}

declare global {
  interface Window {
    /** For the Playwright journeys: the editor and its markers, without Monaco's DOM internals. */
    __netpolEditor?: {
      getValue(): string;
      setValue(text: string): void;
      cursorLine(): number | undefined;
      markers(): { line: number; severity: number; message: string; owner: string }[];
      /** Where the store derives typed text: 'worker' in a browser, unless the worker failed to start. */
      deriveEngine(): 'worker' | 'inline';
    };
  }
}

const SEVERITY: Record<Diagnostic['severity'], monaco.MarkerSeverity> = {
  error: monaco.MarkerSeverity.Error,
  warning: monaco.MarkerSeverity.Warning,
  info: monaco.MarkerSeverity.Info,
};

function toMarker(d: Diagnostic): monaco.editor.IMarkerData {
  const startLineNumber = Math.max(1, d.line);
  const startColumn = Math.max(1, d.column);
  const endLineNumber = Math.max(startLineNumber, d.endLine ?? startLineNumber);
  const endColumn =
    d.endColumn !== undefined && (endLineNumber > startLineNumber || d.endColumn > startColumn)
      ? d.endColumn
      : startColumn + 1;
  return {
    severity: SEVERITY[d.severity],
    message: d.fix ? `${displayText(d.message, 1000)}\nFix: ${displayText(d.fix)}` : displayText(d.message, 1000),
    code: displayText(d.code),
    source: 'netpol',
    startLineNumber,
    startColumn,
    endLineNumber,
    endColumn,
  };
}

export function YamlEditor() {
  const store = useDesignerStore();
  const diagnostics = useDesigner((s) => s.diagnostics);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const cleanup = useRef<(() => void) | null>(null);

  const onMount: OnMount = (editor) => {
    editorRef.current = editor;
    const model = editor.getModel()!;
    model.updateOptions({ tabSize: 2, insertSpaces: true });
    if (model.getValue() !== store.getState().text) model.setValue(store.getState().text);

    let large = model.getValueLength() > LARGE_DOCUMENT_CHARS;
    fitToDocumentSize(editor, large);

    let pushingOutsideText = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    /** A whole new document being taken (see `takeWhole`): its next step, and the timer that runs it. */
    let taking: { step: () => void; timer: ReturnType<typeof setTimeout> } | undefined;
    const send = () => {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      store.getState().editText(model.getValue());
    };
    // While a new document is being taken, the store's text is newer than the editor's: no draft to flush.
    store.setDraftSource(() => (timer !== undefined && !taking ? model.getValue() : undefined));

    const contentListener = editor.onDidChangeModelContent(() => {
      if (large !== model.getValueLength() > LARGE_DOCUMENT_CHARS) fitToDocumentSize(editor, (large = !large));
      if (pushingOutsideText) return; // our own echo of a graph edit or undo
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(send, TYPING_DEBOUNCE_MS);
    });
    const blurListener = editor.onDidBlurEditorText(() => {
      if (timer !== undefined) send();
    });

    // One undo history for both sides: Ctrl+Z in the editor undoes graph edits too, and the other way round.
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyZ, () => store.getState().undo());
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyMod.Shift | monaco.KeyCode.KeyZ, () => store.getState().redo());
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyY, () => store.getState().redo());

    const quietly = (change: () => void) => {
      pushingOutsideText = true;
      try {
        change();
      } finally {
        pushingOutsideText = false;
      }
    };
    /** Stops taking a whole new document (another text from outside replaces it). */
    const stopTaking = () => {
      if (!taking) return;
      clearTimeout(taking.timer);
      taking = undefined;
      editor.updateOptions({ readOnly: false });
    };
    /** The rest of a whole new document, now (a line of it is to be shown). */
    const finishTaking = () => {
      while (taking) {
        clearTimeout(taking.timer);
        taking.step();
      }
    };

    /**
     * A whole new document (an import, a load, undoing one), when the change is larger than
     * LARGE_DOCUMENT_CHARS: for 2,000 policies (90,000 lines) one edit of the model costs Monaco a quarter of a
     * second on the page's thread (it splits the text into lines and builds a view line for each), so the text
     * goes in WHOLE_CHUNK_CHARS at a time, each in a task of its own, the first one after the task that
     * published it (the page draws the new graph meanwhile). The model's value is replaced, then appended to,
     * without Monaco undo records (Ctrl+Z is the store's history: see the commands above). The editor is read-only
     * until the whole text is in, so nothing is typed into a partial document.
     */
    const takeWhole = (text: string) => {
      if (timer !== undefined) clearTimeout(timer); // typed into the document being replaced
      timer = undefined;
      editor.updateOptions({ readOnly: true });
      let at = 0;
      const step = () => {
        const end = wholeChunkEnd(text, at);
        const piece = text.slice(at, end);
        quietly(() => {
          if (at === 0) return model.setValue(piece);
          const line = model.getLineCount();
          const column = model.getLineMaxColumn(line);
          model.applyEdits([{ range: new monaco.Range(line, column, line, column), text: piece }]);
        });
        at = end;
        if (at < text.length) {
          taking = { step, timer: setTimeout(step, 0) };
          return;
        }
        taking = undefined;
        editor.updateOptions({ readOnly: false });
        // Markers set while the model held another text were placed (clamped) on that text.
        monaco.editor.setModelMarkers(model, 'netpol', store.getState().diagnostics.map(toMarker));
      };
      taking = { step, timer: setTimeout(step, 0) };
    };

    /** Text from outside (graph edit, undo, import) as one edit between undo stops; the cursor stays. */
    const pushText = (text: string) => {
      stopTaking();
      const change = minimalReplacement(model.getValue(), text);
      if (!change) return;
      if (change.text.length > LARGE_DOCUMENT_CHARS) return takeWhole(text);
      const start = model.getPositionAt(change.start);
      const end = model.getPositionAt(change.end);
      quietly(() => {
        editor.pushUndoStop();
        editor.executeEdits('netpol-designer', [
          {
            range: new monaco.Range(start.lineNumber, start.column, end.lineNumber, end.column),
            text: change.text,
            forceMoveMarkers: true,
          },
        ]);
        editor.pushUndoStop();
      });
    };
    const unsubscribeText = store.subscribe((state, previous) => {
      if (state.outsideRevision !== previous.outsideRevision) pushText(state.text);
      if (state.reveal && state.reveal !== previous.reveal) {
        finishTaking(); // the line is one of the store's text
        editor.revealLineInCenter(state.reveal.line);
        editor.setPosition({ lineNumber: state.reveal.line, column: state.reveal.column });
        editor.focus();
      }
    });

    // The journeys' and the browser bench's handle on the editor, in their build only (`vite build --mode e2e`):
    // Vite replaces MODE at build time, so a production build drops the block (`npm run build` checks).
    if (import.meta.env.MODE === 'e2e') {
      window.__netpolEditor = {
        getValue: () => model.getValue(),
        setValue: (text: string) => {
          editor.pushUndoStop();
          editor.executeEdits('test', [{ range: model.getFullModelRange(), text }]);
          editor.pushUndoStop();
        },
        cursorLine: () => editor.getPosition()?.lineNumber,
        deriveEngine: () => store.deriveEngine(),
        markers: () =>
          monaco.editor.getModelMarkers({ resource: model.uri }).map((m) => ({
            line: m.startLineNumber,
            severity: m.severity,
            message: m.message,
            owner: m.owner,
          })),
      };
    }

    cleanup.current = () => {
      stopTaking();
      if (timer !== undefined) send();
      contentListener.dispose();
      blurListener.dispose();
      unsubscribeText();
      store.setDraftSource(undefined);
    };
  };

  useEffect(() => () => cleanup.current?.(), []);

  useEffect(() => {
    const model = monaco.editor.getModel(monaco.Uri.parse(DOCUMENT_MODEL_URI));
    if (model) monaco.editor.setModelMarkers(model, 'netpol', diagnostics.map(toMarker));
  }, [diagnostics]);

  return (
    <Editor
      height="100%"
      path={DOCUMENT_MODEL_URI}
      defaultLanguage="yaml"
      defaultValue={store.getState().text}
      onMount={(editor, m) => {
        onMount(editor, m);
        // Markers computed before the model existed.
        monaco.editor.setModelMarkers(editor.getModel()!, 'netpol', store.getState().diagnostics.map(toMarker));
      }}
      options={{
        minimap: { enabled: false },
        automaticLayout: true,
        fontSize: 13,
        tabSize: 2,
        scrollBeyondLastLine: false,
        renderWhitespace: 'boundary',
        quickSuggestions: QUICK_SUGGESTIONS,
        ariaLabel: 'YAML document',
      }}
    />
  );
}
