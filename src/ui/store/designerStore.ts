/**
 * The designer's state and its actions. Every change to the document (typing, a graph edit, an import, undo)
 * goes through one gateway, `commit(text, origin)`: it records the change for undo, keeps the text, and has it
 * read and projected (the derive engine, src/ui/derive/), keeping the last good graph while the text is broken.
 * With the derive engine, the store is the caller of the core in the app, through src/core/index.ts.
 *
 * What the user typed (`text`) is kept apart from the validated result (`result`, `diagnostics`, `graph`):
 * nothing typed is ever rewritten or lost because it does not parse. The undo history (history.ts) holds the
 * changes of the text only; graph edits and typing share it, so Ctrl+Z undoes either, from either side.
 */
import { createStore } from 'zustand/vanilla';
import {
  migrateText,
  FlowReader,
  LineSplitter,
  proposePolicies,
  type FlowCapture,
  dumpObject,
  generateTemplate,
  generateTenantIsolation,
  validateTenantIsolation,
  writePolicies,
  type LintRun,
  type QuickFix,
  type TemplateId,
  type TemplateInput,
  type TenantIsolationInput,
  instantiateTemplate,
  projectGraph,
  read,
  splitText,
  extractYamlBlocks,
  type Diagnostic,
  type FlowChanges,
  type GraphCommand,
  type PolicyGraph,
  type ReadResult,
} from '../../core/index.ts';
import type { Positions } from '../layout/geometry.ts';
import { placeNewNodes } from '../layout/placement.ts';
import {
  Annotator,
  Deriver,
  keepEqualDiagnostics,
  lintRunOf,
  readSafely,
  hasErrors,
  type Analysis,
  type Projection,
} from '../derive/derivation.ts';
import { createDeriveEngine, type DeriveEngine } from '../derive/engine.ts';
import { displayText, errorText } from '../text.ts';
import { loadedEdits, loadEdits, preloadEdits } from './edits.ts';
import { loadPolicyTests } from './policyTests.ts';
import type { TestFileRead } from '../../core/policytests.ts';
import { TextHistory, type HistoryLimits } from './history.ts';

export interface Selection {
  kind: 'node' | 'edge';
  id: string;
}

export interface Notice {
  tone: 'info' | 'error';
  message: string;
  /** Distinguishes two equal messages in a row, so the second one is shown again. */
  serial: number;
}

/** An import that needs the user's word before it replaces the document. */
export interface PendingImport {
  text: string;
  source: string;
  reason: string;
  problems: Diagnostic[];
}

export interface DesignerState {
  /** The document text, exactly as written. */
  text: string;
  /** Bumped when the text changes from anywhere but the editor; the editor then pushes the text into Monaco. */
  outsideRevision: number;
  result: ReadResult;
  /** What `read` found (syntax, API validation) followed by the linter's findings. */
  diagnostics: Diagnostic[];
  /** The linter's run over `result`, which knows the quick fixes of its diagnostics. */
  lintRun: LintRun | null;
  /** The graph of the last text that had no errors. */
  graph: PolicyGraph;
  /** True while the text has errors and `graph` shows an earlier, valid version. */
  stale: boolean;
  positions: Positions;
  selection: Selection | null;
  notice: Notice | null;
  pendingImport: PendingImport | null;
  storageProblem: string | null;
  /** A request for the editor to move the cursor to a line (a click in the problems list). */
  reveal: { line: number; column: number; serial: number } | null;
  layoutRunning: boolean;
  /** Pasted or typed Markdown with ```yaml blocks: the designer offers to keep the YAML only (`extractYaml`). */
  markdownOffer: boolean;
  /** Bumped to ask the canvas for a full automatic layout (a new document has no arrangement yet). */
  layoutRequest: number;
  /** An imported flow log (Hubble): its observed connections are checked against the document as it changes. */
  flows: { source: string; capture: FlowCapture } | null;
  /** Whether the canvas shows the imported flows (observed, would be denied, not observed). */
  showObserved: boolean;
  /**
   * A loaded policy test file (docs/policy-tests.md): its text and what reading it gave; its tests are run against
   * the document as it changes (`policyTestView`).
   */
  policyTests: { source: string; text: string; read: TestFileRead } | null;
  /**
   * What the document changes against the baseline, end to end (the Changes list; null until analysed or while
   * it cannot be). The baseline is the document as opened or imported, or a file given to `compareWith`.
   */
  changes: FlowChanges | null;
  /** What the baseline is, in words: `the opened document`, `the imported file`, `prod.yaml`. */
  baselineName: string;
  /** "Explain a connection": the two nodes asked about (or the clicks still awaited), see `explainView`. */
  explain: ExplainRequest | null;
}

/** A question "can source reach destination, and why?" about two nodes of the graph. */
export interface ExplainRequest {
  /** The next node clicked on the canvas becomes this end; null once both ends are chosen. */
  picking: 'source' | 'destination' | null;
  /** Node ids. */
  source?: string;
  destination?: string;
  /** The flow (edge id) the question was asked from, if any. */
  edge?: string;
  /** One port as typed (`443`, `53/UDP`); '' asks about every port. */
  port: string;
  /**
   * The document as read when the question was asked. A large document (over EXPLAIN_LIVE_POLICIES) is answered
   * on it until the question is asked again, so typing does not rebuild the analysis on the page's thread.
   */
  basis?: ReadResult;
}

/** Up to this many policies, the explanation follows every change of the document. */
export const EXPLAIN_LIVE_POLICIES = 100;

export interface DesignerActions {
  /** Text typed in the editor (already debounced by it). */
  editText(text: string): void;
  /** Replace the whole document (load, confirmed import, share link), with its layout if known. */
  loadDocument(text: string, positions?: Positions): void;
  /** Import a file or pasted text: replaces the document when it reads cleanly, otherwise asks first. */
  importText(text: string, source: string): void;
  confirmImport(): void;
  /** Keep only the ```yaml blocks of a Markdown text (one Ctrl+Z brings the Markdown back). */
  extractYaml(): void;
  cancelImport(): void;
  /** Append generated YAML (wizard, templates) as new documents. */
  appendDocuments(yaml: string, what: string): void;
  fillTemplate(values: Record<string, string>): void;
  /** The tenant-isolation wizard: returns the problems with the input, or [] when the policies were added. */
  addTenantIsolation(input: TenantIsolationInput): string[];
  addTemplate(id: TemplateId, input: TemplateInput): void;
  /**
   * Apply a graph command; the answer is whether it was applied (a refusal is shown as a notice). Applied at once
   * when the edit entry has arrived (it is preloaded after start-up, see ./edits.ts); else once it arrives.
   */
  dispatch(command: GraphCommand): Promise<boolean>;
  /** Replace a policy by a linter quick fix (the whole fixed policy); applied like `dispatch`. */
  applyQuickFix(fix: QuickFix): Promise<void>;
  /** Convert every AdminNetworkPolicy/BaselineAdminNetworkPolicy to a ClusterNetworkPolicy (one undoable change). */
  migrateToClusterNetworkPolicy(): void;
  undo(): void;
  redo(): void;
  setPositions(positions: Positions): void;
  select(selection: Selection | null): void;
  notify(tone: Notice['tone'], message: string): void;
  dismissNotice(): void;
  revealLine(line: number, column: number): void;
  setStorageProblem(problem: string | null): void;
  setLayoutRunning(running: boolean): void;
  requestLayout(): void;
  /** Reads a Hubble flow log (streamed, line by line) and keeps its capture. */
  importFlows(file: Blob, source: string): Promise<void>;
  clearFlows(): void;
  setShowObserved(show: boolean): void;
  /** Loads a policy test file (bad files are kept, with their positioned errors). */
  loadTests(text: string, source: string): Promise<void>;
  /** Loads a test file pinning every observed connection of the imported flows (`netpol test --from-flows`). */
  testsFromFlows(): Promise<void>;
  clearTests(): void;
  /** Appends policies allowing exactly the observed traffic (only what the document does not allow yet). */
  proposeFromFlows(): void;
  /** Measure changes against this text from now on ("Compare with…"). */
  compareWith(text: string, name: string): void;
  /** Start "Explain a connection": from this node (the next node clicked is the destination), or pick both. */
  startExplain(from?: string): void;
  /** Explain a flow of the graph: its two ends (on its port, when it has exactly one). */
  explainFlow(edgeId: string): void;
  setExplainPort(port: string): void;
  /** Answer the question again on the document as it is now. */
  refreshExplain(): void;
  closeExplain(): void;
}

export type DesignerStore = DesignerState & DesignerActions;

/** What the editor holds that the store has not received yet (its debounce is pending). */
export type DraftSource = () => string | undefined;

/**
 * The designer reads at most this many characters (about 4 MB; a 2,000-policy cluster dump is about 1.5 MB).
 * Beyond it the text is kept but not drawn, so a pasted 10 MB file cannot freeze the page; the CLI reads up to 32 MiB.
 */
export const DESIGNER_MAX_TEXT_LENGTH = 4_000_000;

/** Documents parsed per idle slice when a document read by the engine is parsed here too (about 20 ms). */
const WARM_BATCH = 100;
/** A loaded graph of more nodes than this is analysed once laid out (see analyzeLater); at the latest after: */
const DEFER_ANALYSIS_NODES = 300;
const DEFER_ANALYSIS_MAX_MS = 30_000;

/** Runs `task` when the page is idle (soon, where there is no requestIdleCallback). */
function whenIdle(task: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(task, { timeout: 5000 });
  else setTimeout(task, 0);
}

interface Derived {
  result: ReadResult;
  diagnostics: Diagnostic[];
  lintRun: LintRun | null;
  graph: PolicyGraph;
  stale: boolean;
  positions: Positions;
}

export interface DesignerStoreOptions {
  /**
   * Where typed text is read, projected and analysed: by default a Web Worker where the page can start one,
   * else in-thread (see src/ui/derive/engine.ts).
   */
  engine?: DeriveEngine;
  /** Bounds of the undo history (default HISTORY_LIMITS). */
  historyLimits?: HistoryLimits;
  /**
   * Safe mode (the last start did not finish, see persistence/startupGuard.ts): the text is read and its problems
   * listed, but nothing is drawn until the next change.
   */
  safeStart?: boolean;
}

/**
 * Where a new text comes from. `typing`: the editor (debounced), kept at once and read by the derive engine;
 * `outside`: anything else the user did (a graph command, an import, a template, a quick fix), read at once and
 * pushed into the editor; `history`: undo or redo, like `outside` but not recorded as a change.
 */
export type Origin = 'typing' | 'outside' | 'history';

export function createDesignerStore(
  initialText: string,
  initialPositions: Positions = {},
  options: DesignerStoreOptions = {},
) {
  /**
   * Projection on this thread: outside changes (graph commands, imports, undo) are discrete and their `result` is
   * needed at once; their analysis goes to the engine.
   */
  const deriver = new Deriver();
  /** Typed text, and the analysis of outside changes, derived off the page's thread where possible. */
  const engine = options.engine ?? createDeriveEngine();
  let draftSource: DraftSource | undefined;
  let serial = 0;
  /**
   * The last lint run and its findings. While a deferred analysis is pending they stay listed, so the problems
   * list does not drop and re-create every lint row on each keystroke.
   */
  let lastLint: { lintRun: LintRun | null; found: Diagnostic[] } = { lintRun: null, found: [] };
  const annotator = new Annotator();

  /** The state for a text too large to read: nothing typed is lost, the last picture stays, read-only. */
  function tooLarge(text: string, previous: Pick<Derived, 'graph' | 'positions'> | undefined): Derived {
    // Reading this on the page's thread would freeze it for seconds: keep the text (nothing typed is
    // lost), say why it is not drawn, and keep the last picture, read-only, until the text is smaller.
    const diagnostic: Diagnostic = {
      severity: 'error',
      code: 'too-large',
      message: `the document has ${text.length.toLocaleString('en')} characters, more than the designer reads (${DESIGNER_MAX_TEXT_LENGTH.toLocaleString('en')}); split it, or check it with \`npx netpol validate\``,
      line: 1,
      column: 1,
    };
    const result: ReadResult = { ...read(''), text, diagnostics: [diagnostic] };
    lastLint = { lintRun: null, found: [] };
    return {
      result,
      diagnostics: [diagnostic],
      lintRun: null,
      graph: previous?.graph ?? projectGraph(result),
      stale: true,
      positions: previous?.positions ?? {},
    };
  }

  /**
   * The state for a read text: its graph unless it has errors (then `previous`'s graph, marked stale). Without
   * `analysis` (typing: it follows a moment later) the last lint findings stay listed.
   */
  function publishable(
    projection: Projection,
    previous: Pick<Derived, 'graph' | 'positions'> & { diagnostics?: Diagnostic[] },
    analysis?: Analysis,
    /** The projection was made on this thread (its edges are new objects): carry marks to equal edges by id. */
    byValue = false,
  ): Derived {
    const { result } = projection;
    if (analysis) {
      const found = keepEqualDiagnostics(lastLint.found, analysis.lint);
      lastLint = { lintRun: lintRunOf(found, analysis.fixes), found };
    }
    const { lintRun, found } = lastLint;
    const diagnostics = keepEqualDiagnostics(previous.diagnostics ?? [], [...result.diagnostics, ...found]);
    // Only what `read` reports (syntax, API-server validation) makes the text unusable; lint findings do not.
    if (!projection.graph)
      return { result, diagnostics, lintRun, graph: previous.graph, stale: true, positions: previous.positions };
    const graph = analysis
      ? annotator.apply(projection.graph, analysis.annotations)
      : annotator.carry(projection.graph, byValue);
    return {
      result,
      diagnostics,
      lintRun,
      graph,
      stale: false,
      positions: placeNewNodes(graph, previous.positions, previous.graph),
    };
  }

  /**
   * Read and project a text on this thread, now (an outside change: commands rely on `result` being current).
   * Its analysis (lint, edge marks) is left to the engine, like typed text's: see `analyzeLater`; until it
   * arrives the last findings stay listed. Drops the typed text in flight: this text supersedes it. `force`: draw
   * the graph even if the text has errors (a loaded document).
   */
  function derive(
    text: string,
    previous: Pick<Derived, 'graph' | 'positions'> & { diagnostics?: Diagnostic[] },
    force: boolean,
    /** The text's projection, made already (a document loaded through the engine). */
    made?: Projection,
  ): { derived: Derived; projection: Projection | null } {
    engine.cancel();
    if (text.length > DESIGNER_MAX_TEXT_LENGTH) return { derived: tooLarge(text, previous), projection: null };
    const projection = made ?? deriver.project(text, force);
    return { derived: publishable(projection, previous, undefined, !made), projection };
  }

  /** The document the designer opens with: read and analysed at once, so it shows its findings from the start. */
  deriver.setBaseline(initialText);
  engine.setBaseline(initialText);
  let initialChanges: FlowChanges | null = null;
  const initial = ((): Derived => {
    const previous = { graph: { nodes: [], edges: [], policies: [] }, positions: initialPositions };
    if (initialText.length > DESIGNER_MAX_TEXT_LENGTH) return tooLarge(initialText, previous);
    if (options.safeStart) {
      const result = readSafely(initialText);
      const diagnostics = result.diagnostics;
      return {
        result,
        diagnostics,
        lintRun: null,
        graph: previous.graph,
        stale: hasErrors(diagnostics),
        positions: initialPositions,
      };
    }
    const projection = deriver.project(initialText, true);
    const analysis = deriver.analyze(projection);
    initialChanges = analysis.changes;
    return publishable(projection, previous, analysis);
  })();

  /** The Changes list from an analysis: while the text has errors, the last list stays. */
  const changesOf = (analysis: Analysis, projection: Projection, last: FlowChanges | null) =>
    projection.graph ? analysis.changes : last;

  /** Undo and redo, as the changes between texts (bounded by memory, see history.ts). */
  const history = new TextHistory(options.historyLimits);

  /** Take what the editor holds but has not sent yet, so an outside change starts from it. */
  function flushDraft() {
    const draft = draftSource?.();
    if (draft !== undefined && draft !== store.getState().text) store.getState().editText(draft);
  }

  const store = createStore<DesignerStore>()((set, get) => {
    /**
     * The one gateway for a new text: every change (typing, a graph command, an import, a template, a quick fix,
     * undo, redo) comes through here. It records the change in the history (except undo and redo, which move in
     * it), keeps the text, and has it derived: typed text by the engine, any other at once on this thread.
     */
    function commit(
      text: string,
      origin: Origin,
      options: { force?: boolean; positions?: Positions; projection?: Projection; afterLayout?: boolean } = {},
    ) {
      if (origin !== 'history') history.record(get().text, text);
      if (origin === 'typing') {
        // The text is kept at once; the graph follows when read, lint findings a moment later.
        // A paste (a large change) of Markdown with YAML fences gets the offer to keep its YAML only.
        const pasted = Math.abs(text.length - get().text.length) > 200;
        const markdownOffer = pasted ? isMarkdown(text) : get().markdownOffer && isMarkdown(text);
        set({ text, markdownOffer });
        deriveTyped(text);
        return;
      }
      readNow(text, { ...options, outside: true });
    }

    /**
     * Read and project `text` here, now, and publish it; its analysis follows from the engine. `outside`: the
     * text did not come from the editor, which is then asked to take it. `force`: draw the graph even if the
     * text has errors (a loaded document).
     */
    function readNow(
      text: string,
      options: {
        force?: boolean;
        positions?: Positions;
        outside?: boolean;
        projection?: Projection;
        afterLayout?: boolean;
      },
    ) {
      const state = get();
      const force = options.force ?? false;
      const { derived, projection } = derive(
        text,
        { graph: state.graph, positions: options.positions ?? state.positions, diagnostics: state.diagnostics },
        force,
        options.projection,
      );
      set({
        text,
        ...derived,
        ...(options.outside ? { outsideRevision: state.outsideRevision + 1 } : {}),
        selection: keepSelection(state.selection, derived.graph),
      });
      analyzeLater(text, projection, force, options.afterLayout ?? false);
    }

    /** Publish a derived state; the selection stays if what it selects is still drawn. */
    function show(derived: Derived) {
      set({ ...derived, selection: keepSelection(get().selection, derived.graph) });
    }

    /** Publish the analysis (lint findings, edge marks) of a projection, if the state still shows it. */
    function showAnalysis(projection: Projection, analysis: Analysis) {
      const state = get();
      if (state.result !== projection.result) return;
      const derived = publishable(projection, state, analysis);
      set({
        diagnostics: derived.diagnostics,
        lintRun: derived.lintRun,
        graph: derived.graph,
        changes: changesOf(analysis, projection, state.changes),
      });
    }

    /**
     * The lint findings and edge marks of a text read on this thread, from the engine (off this thread where
     * possible), applied when they arrive if the state still shows that projection; a newer request supersedes
     * them.
     */
    function analyzeLater(text: string, projection: Projection | null, force: boolean, afterLayout = false) {
      if (!projection) return;
      // A loaded cluster's analysis (seconds of CPU) waits for its layout: the page drawing the graph, ELK laying
      // it out and an analyst would otherwise want three cores, and each of the page's tasks took 2-3 times its
      // CPU time. It is requested when the layout is done (or after a while, should none run); a newer text
      // supersedes it.
      if (afterLayout && (projection.graph?.nodes.length ?? 0) > DEFER_ANALYSIS_NODES) {
        let laying = get().layoutRunning;
        const start = () => {
          clearTimeout(timer);
          unsubscribe();
          if (get().result === projection.result) analyzeLater(text, projection, force);
        };
        const timer = setTimeout(start, DEFER_ANALYSIS_MAX_MS);
        const unsubscribe = store.subscribe((state) => {
          if (state.result !== projection.result) return start();
          if (state.layoutRunning) laying = true;
          else if (laying) start();
        });
        return;
      }
      engine.analyze(text, projection, force, {
        analyzed(analysis) {
          if (!get().layoutRunning) return showAnalysis(projection, analysis);
          // A full layout of this graph is running (a loaded document): new marks would make it drop its
          // result as if the graph had been edited meanwhile, so they follow it.
          const unsubscribe = store.subscribe((state) => {
            if (state.layoutRunning) return;
            unsubscribe();
            showAnalysis(projection, analysis);
          });
        },
      });
    }

    /**
     * Typed text: read and projected by the engine (off this thread where possible), published when it
     * arrives; the lint findings and the end-to-end edge marks follow. The engine drops results of a text
     * that a newer one (or an outside change) superseded, so they are never applied out of order.
     */
    function deriveTyped(text: string) {
      if (text.length > DESIGNER_MAX_TEXT_LENGTH) {
        engine.cancel();
        show(tooLarge(text, get()));
        return;
      }
      let projected: Projection | undefined;
      engine.submit(text, {
        projected(projection) {
          if (get().text !== text) return;
          projected = projection;
          show(publishable(projection, get()));
        },
        analyzed(analysis) {
          if (projected) showAnalysis(projected, analysis);
        },
      });
    }

    /**
     * Before an action that reads `result` (a graph command, a quick fix): take the editor's draft, and if the
     * typed text has not been read yet, read it now, here, so the action never works on an older text.
     */
    function catchUp() {
      flushDraft();
      const { result, text } = get();
      if (result.text !== text) readNow(text, {});
    }

    /** The projection of an import waiting for the user's word (`pendingImport`), so confirming reads nothing again. */
    let pendingProjection: { text: string; projection: Projection } | null = null;
    /** Documents loaded so far (a warm-up stops when another document is loaded). */
    let loads = 0;

    /**
     * A whole new document, as the document (a load, an import): the baseline of later changes, its graph drawn
     * even with errors (`projection`: made by the engine; none for a text too large to read), laid out unless
     * `positions` arrange it. Typing that arrived while the engine read it is recorded first (Ctrl+Z brings it back).
     */
    function showLoaded(text: string, positions: Positions | undefined, projection: Projection | undefined) {
      flushDraft();
      // The document as opened or imported is what later edits are compared with.
      deriver.setBaseline(text);
      engine.setBaseline(text);
      set({ baselineName: 'the document as loaded' });
      const layout = !positions || !Object.keys(positions).length;
      commit(text, 'outside', {
        force: true,
        positions: positions ?? {},
        ...(projection ? { projection } : {}),
        afterLayout: layout,
      });
      set({ selection: null });
      if (layout) get().requestLayout();
      if (projection) warmUp(projection.result);
    }

    /**
     * The documents of a text read by the engine, parsed into this thread's cache too, WARM_BATCH at a time when
     * the page is idle: the first graph edit after an import then re-reads only the document it changed (else it
     * parsed the whole file on the page's thread). Stops when the document is replaced.
     */
    function warmUp(result: ReadResult) {
      const serial = ++loads;
      let next = 0;
      const step = () => {
        if (serial !== loads) return;
        deriver.warm(result.documents.slice(next, next + WARM_BATCH));
        next += WARM_BATCH;
        if (next < result.documents.length) whenIdle(step);
      };
      whenIdle(step);
    }

    /** An import's text (not Markdown with YAML): read by the engine, checked, then the document or the dialog. */
    function importDocument(text: string, source: string) {
      if (text.length > DESIGNER_MAX_TEXT_LENGTH) {
        // Not read at all (it would not be drawn): the user decides whether to keep it as the document.
        const reason = `${source} has ${text.length.toLocaleString('en')} characters, more than the designer reads (${DESIGNER_MAX_TEXT_LENGTH.toLocaleString('en')}): it would be kept as text, not drawn.`;
        set({ pendingImport: { text, source, reason, problems: [] } });
        return;
      }
      // Read and projected by the engine (off this thread in the browser: a 2,000-policy file is a second's
      // work); checked, then shown, with that projection, when it arrives.
      engine.load(text, (projection) => {
        const { result } = projection;
        const errors = result.diagnostics.filter((d) => d.severity === 'error');
        const objects =
          result.policies.length +
          result.inventory.namespaces.length +
          result.adminPolicies.length +
          result.others.length;
        // A file of cluster policies (ClusterNetworkPolicy, ANP, BANP) is a policy file like any other.
        if (errors.length || result.policies.length + result.adminPolicies.length === 0) {
          const reason = errors.length
            ? `${source} has ${errors.length} error${errors.length === 1 ? '' : 's'}: only part of it can be drawn.`
            : objects
              ? `${source} contains no NetworkPolicy (${objects} other object${objects === 1 ? '' : 's'}).`
              : `${source} contains nothing that can be read as Kubernetes YAML.`;
          pendingProjection = { text, projection };
          set({ pendingImport: { text, source, reason, problems: errors.slice(0, 20) } });
          return;
        }
        showLoaded(text, undefined, projection);
        get().notify(
          'info',
          `Imported ${result.policies.length + result.adminPolicies.length} policies from ${source}. Ctrl+Z brings back the previous document.`,
        );
      });
    }

    /** A graph edit asked for before the edit entry arrived (./edits.ts): done when it does, or a notice. */
    function whenEditsArrive<T>(retry: () => Promise<T>, failed: T): Promise<T> {
      return loadEdits().then(retry, () => {
        get().notify('error', 'The graph editor could not be loaded; check the connection and try again.');
        return failed;
      });
    }

    return {
      text: initialText,
      outsideRevision: 0,
      ...initial,
      selection: null,
      notice: null,
      flows: null,
      showObserved: true,
      policyTests: null,
      pendingImport: null,
      storageProblem: null,
      reveal: null,
      layoutRunning: false,
      markdownOffer: false,
      // A document opened without an arrangement for every node gets a full automatic layout.
      layoutRequest: initial.graph.nodes.some((n) => !initialPositions[n.id]) ? 1 : 0,
      changes: initialChanges,
      baselineName: 'the opened document',
      explain: null,

      editText(text) {
        if (text !== get().text) commit(text, 'typing');
      },

      loadDocument(text, positions) {
        flushDraft();
        if (text.length > DESIGNER_MAX_TEXT_LENGTH) return showLoaded(text, positions, undefined);
        engine.load(text, (projection) => showLoaded(text, positions, projection));
      },

      importText(text, source) {
        flushDraft();
        // A Markdown guide (```yaml fences): its YAML blocks are what a cluster takes, so the editor gets them
        // and the download is the manifests. The Markdown is one Ctrl+Z away (then the previous document).
        const extracted = isMarkdown(text) ? extractYamlBlocks(text) : null;
        if (extracted && extracted.yaml.trim() !== '' && extracted.yaml.length <= DESIGNER_MAX_TEXT_LENGTH) {
          engine.load(extracted.yaml, (projection) => {
            const policies = projection.result.policies.length;
            if (!policies) return importDocument(text, source);
            flushDraft();
            commit(text, 'outside', { force: true, positions: {} });
            showLoaded(extracted.yaml, undefined, projection);
            const blocks = extracted.blocks.length;
            const others = extracted.otherBlocks;
            get().notify(
              'info',
              `Imported ${policies} policies from ${source}: kept its ${blocks} YAML block${blocks === 1 ? '' : 's'}, left out ${extracted.droppedLines} lines of prose and fences${others ? ` (and ${others} other code block${others === 1 ? '' : 's'})` : ''}. Ctrl+Z brings back the Markdown, then the previous document.`,
            );
          });
          return;
        }
        importDocument(text, source);
      },

      confirmImport() {
        const pending = get().pendingImport;
        if (!pending) return;
        set({ pendingImport: null });
        const made = pendingProjection?.text === pending.text ? pendingProjection.projection : undefined;
        pendingProjection = null;
        if (made) showLoaded(pending.text, undefined, made);
        else get().loadDocument(pending.text);
      },

      extractYaml() {
        flushDraft();
        const extracted = extractYamlBlocks(get().text);
        set({ markdownOffer: false });
        if (extracted.yaml.trim() === '') {
          get().notify('error', 'The text has no ```yaml blocks to keep.');
          return;
        }
        commit(extracted.yaml, 'outside');
        const blocks = extracted.blocks.length;
        get().notify(
          'info',
          `Kept the ${blocks} YAML block${blocks === 1 ? '' : 's'}; left out ${extracted.droppedLines} lines of prose and fences. Ctrl+Z brings back the Markdown.`,
        );
      },

      cancelImport() {
        pendingProjection = null;
        set({ pendingImport: null });
      },

      async importFlows(file, source) {
        const reader = new FlowReader();
        const splitter = new LineSplitter((line, n) => reader.push(line, source, n));
        const stream = file.stream().pipeThrough(new TextDecoderStream());
        const chunks = stream.getReader();
        for (;;) {
          const { done, value } = await chunks.read();
          if (done) break;
          splitter.push(value);
        }
        splitter.end();
        const capture = reader.finish();
        set({ flows: { source, capture } });
        const bad = capture.diagnostics.length;
        get().notify(
          bad ? 'error' : 'info',
          `Read ${capture.flows} flows from ${source}: ${capture.groups.length} connections between ${capture.classes.length} pod classes` +
            (bad
              ? `; ${bad} line${bad === 1 ? ' is' : 's are'} not JSON (first: line ${capture.diagnostics[0]!.line})`
              : '') +
            '.',
        );
      },

      clearFlows() {
        set({ flows: null });
      },

      setShowObserved(show) {
        set({ showObserved: show });
      },

      async loadTests(text, source) {
        try {
          const tests = await loadPolicyTests();
          set({ policyTests: { source, text, read: tests.readTestFile(text) } });
        } catch (error) {
          get().notify('error', `Could not load the policy test reader: ${errorText(error)}`);
        }
      },

      async testsFromFlows() {
        const { flows } = get();
        if (!flows) return;
        try {
          const tests = await loadPolicyTests();
          await get().loadTests(tests.testsFromFlows(flows.capture), `tests from ${flows.source}`);
        } catch (error) {
          get().notify('error', `Could not load the policy test reader: ${errorText(error)}`);
        }
      },

      clearTests() {
        set({ policyTests: null });
      },

      proposeFromFlows() {
        flushDraft();
        const { flows, result } = get();
        if (!flows) return;
        // With policies in the document, only what they do not allow yet; else a complete proposal.
        const merge = result.policies.length ? { policies: result.policies, inventory: result.inventory } : undefined;
        const proposal = proposePolicies(flows.capture, merge ? { merge } : {});
        if (!proposal.policies.length) {
          get().notify('info', 'The document already allows every observed connection: nothing to propose.');
          return;
        }
        get().appendDocuments(proposal.text, `${proposal.policies.length} proposed policies`);
      },

      appendDocuments(yaml, what) {
        flushDraft();
        const text = get().text;
        const body = yaml.endsWith('\n') ? yaml : `${yaml}\n`;
        const separator = text.trim() === '' ? '' : text.endsWith('\n') ? '---\n' : '\n---\n';
        const before = get().stale;
        commit(text.trim() === '' ? body : text + separator + body, 'outside');
        if (before) get().notify('info', `${what} appended; the graph updates once the errors above are fixed.`);
        else get().notify('info', `${what} added to the document.`);
      },

      fillTemplate(values) {
        flushDraft();
        commit(instantiateTemplate(get().text, values), 'outside');
      },

      addTenantIsolation(input) {
        const problems = validateTenantIsolation(input);
        if (problems.length) return problems;
        const objects = generateTenantIsolation(input);
        const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
        const others = objects.filter((o) => o.kind !== 'NetworkPolicy').map((o) => dumpObject(o));
        const yaml = [...others, ...(policies.length ? [writePolicies(policies)] : [])].join('---\n');
        const count = objects.filter((o) => o.kind !== 'Namespace').length;
        get().appendDocuments(
          yaml,
          `Tenant isolation for ${input.tenants.map((t) => t.namespace).join(', ')} (${count} policies)`,
        );
        return [];
      },

      addTemplate(id, input) {
        const policies = generateTemplate(id, input);
        // ClusterNetworkPolicies as generated (writePolicies canonicalises NetworkPolicies only).
        const yaml = policies
          .map((p) => (p.kind === 'NetworkPolicy' ? writePolicies([p]) : dumpObject(p)))
          .join('---\n');
        get().appendDocuments(yaml, policies.map((p) => displayText(p.metadata?.name)).join(', '));
      },

      migrateToClusterNetworkPolicy() {
        catchUp();
        const { result } = get();
        if (get().stale || result.documents.some((d) => d.syntaxError)) {
          get().notify('error', 'The YAML has errors: fix them (see Problems) before migrating.');
          return;
        }
        // The core's `netpol migrate`: only the documents holding an ANP/BANP are rewritten.
        const migrated = migrateText(result);
        if (migrated.converted === 0) {
          get().notify('info', 'There is no AdminNetworkPolicy or BaselineAdminNetworkPolicy to migrate.');
          return;
        }
        commit(migrated.text, 'outside');
        const n = migrated.converted;
        get().notify(
          migrated.warnings.length ? 'error' : 'info',
          `Migrated ${n} polic${n === 1 ? 'y' : 'ies'} to ClusterNetworkPolicy (Ctrl+Z undoes it).${migrated.warnings.length ? ` ${migrated.warnings.join(' ')}` : ''}`,
        );
      },

      applyQuickFix(fix) {
        const edits = loadedEdits();
        if (!edits) return whenEditsArrive(() => get().applyQuickFix(fix), undefined);
        catchUp();
        const { result } = get();
        const entry = result.policies[fix.policyIndex];
        if (!entry || entry.policy.metadata?.name !== fix.policy.metadata?.name) {
          get().notify('error', 'This fix no longer applies: the text changed since it was offered.');
          return Promise.resolve();
        }
        // The policy is replaced where it stands (its document or a List item), and only the fields the fix
        // changes are rewritten; every other document keeps its exact text.
        const edit = edits.applyCommand(result, { type: 'replacePolicy', policy: entry.key, with: fix.policy });
        if (!edit.ok) {
          get().notify('error', edit.error);
          return Promise.resolve();
        }
        commit(edit.text, 'outside');
        get().notify('info', `Applied: ${displayText(fix.title)} (${displayText(fix.object)}).`);
        return Promise.resolve();
      },

      dispatch(command) {
        const edits = loadedEdits();
        if (!edits) return whenEditsArrive(() => get().dispatch(command), false);
        catchUp();
        const state = get();
        // A command rewrites documents from the read result; with a document that does not parse, the
        // picture the user acted on may not be the text's meaning, so the text must be fixed first.
        if (state.stale || state.result.documents.some((d) => d.syntaxError)) {
          get().notify('error', 'The YAML has errors: fix them (see Problems) before editing on the graph.');
          return Promise.resolve(false);
        }
        const edit = edits.applyCommand(state.result, command);
        if (!edit.ok) {
          get().notify('error', edit.error);
          return Promise.resolve(false);
        }
        commit(edit.text, 'outside');
        return Promise.resolve(true);
      },

      undo() {
        // Typing not yet sent is a change of its own: it is recorded first, so undo takes it back.
        flushDraft();
        const text = history.undo(get().text);
        if (text !== undefined) commit(text, 'history');
      },

      redo() {
        flushDraft();
        const text = history.redo(get().text);
        if (text !== undefined) commit(text, 'history');
      },

      setPositions(positions) {
        set({ positions: { ...get().positions, ...positions } });
      },

      select(selection) {
        // While "Explain a connection" waits for a click, a node clicked on the canvas is that end.
        const explain = get().explain;
        if (explain?.picking && selection?.kind === 'node') {
          const next: ExplainRequest =
            explain.picking === 'source'
              ? { ...explain, source: selection.id, picking: 'destination' }
              : { ...explain, destination: selection.id, picking: null, basis: get().result };
          delete next.edge;
          set({ selection, explain: next });
          return;
        }
        set({ selection });
      },

      startExplain(from) {
        set({
          explain: from
            ? { picking: 'destination', source: from, port: get().explain?.port ?? '' }
            : { picking: 'source', port: get().explain?.port ?? '' },
        });
      },

      explainFlow(edgeId) {
        const edge = get().graph.edges.find((e) => e.id === edgeId);
        if (!edge) return;
        // A flow written for one numbered port is asked about on that port (the tier rules then name who decides).
        const only = edge.ports?.length === 1 ? edge.ports[0] : undefined;
        const port =
          only && typeof only.port === 'number' && only.endPort === undefined
            ? `${only.port}/${only.protocol ?? 'TCP'}`
            : '';
        set({
          explain: {
            picking: null,
            source: edge.source,
            destination: edge.target,
            edge: edgeId,
            port,
            basis: get().result,
          },
        });
      },

      setExplainPort(port) {
        const explain = get().explain;
        if (explain) set({ explain: { ...explain, port, basis: get().result } });
      },

      refreshExplain() {
        const explain = get().explain;
        if (explain) set({ explain: { ...explain, basis: get().result } });
      },

      closeExplain() {
        set({ explain: null });
      },

      notify(tone, message) {
        serial += 1;
        set({ notice: { tone, message, serial } });
      },

      dismissNotice() {
        set({ notice: null });
      },

      revealLine(line, column) {
        serial += 1;
        set({ reveal: { line, column, serial } });
      },

      setStorageProblem(problem) {
        if (problem !== get().storageProblem) set({ storageProblem: problem });
      },

      setLayoutRunning(running) {
        set({ layoutRunning: running });
      },

      requestLayout() {
        set({ layoutRequest: get().layoutRequest + 1 });
      },

      compareWith(text, name) {
        flushDraft();
        deriver.setBaseline(text);
        engine.setBaseline(text);
        set({ baselineName: name });
        // The current text, read and analysed again against the new baseline.
        readNow(get().text, {});
      },
    };
  });

  // Graph edits need their own entry of the core (./edits.ts): fetched once the page is idle, before any edit.
  preloadEdits();

  return Object.assign(store, {
    /** Where typed text is derived: 'worker', or 'inline' (no Worker here, or it failed to start). */
    deriveEngine(): DeriveEngine['kind'] {
      return engine.kind;
    },
    /** The editor registers what it holds so outside changes never overwrite typing in flight. */
    setDraftSource(source: DraftSource | undefined) {
      draftSource = source;
    },
    /** Take the editor's pending text now (before saving on page hide, for instance). */
    flushDraft,
    /** How much the undo history holds (steps either way, characters). */
    history: history as Pick<TextHistory, 'undoDepth' | 'redoDepth' | 'characters'>,
  });
}

function isMarkdown(text: string): boolean {
  try {
    return splitText(text).format === 'markdown';
  } catch {
    return false;
  }
}

function keepSelection(selection: Selection | null, graph: PolicyGraph): Selection | null {
  if (!selection) return null;
  const exists =
    selection.kind === 'node'
      ? graph.nodes.some((n) => n.id === selection.id)
      : graph.edges.some((e) => e.id === selection.id);
  return exists ? selection : null;
}

export type DesignerStoreApi = ReturnType<typeof createDesignerStore>;

// Pure helpers the forms need, passed through so components never import the core themselves.
export {
  parsePortList,
  TEMPLATES,
  type FlowChange,
  type ObservedOverlay,
  type ObservedState,
  type TemplateDescription,
  type TemplateId,
  type TemplateInput,
  templateParamsInText,
} from '../../core/index.ts';
export type { TestFileError, TestResult } from '../../core/policytests.ts';
