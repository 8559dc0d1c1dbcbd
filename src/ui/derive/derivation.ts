/**
 * Text → what the designer shows, in two steps: `project` (read, then the graph) and `analyze` (the linter with
 * its quick fixes, and the end-to-end marks of the edges). Plain data in and out, so it runs the same in the
 * derive workers and on the page's thread (the projection of graph commands, imports and undo, whose analysis
 * goes to the engine like typed text's; the initial document; and everything wherever there is no Worker). With the store, the only caller of the core in the app.
 */
import {
  annotateEffective,
  flowChanges,
  lintWithFixes,
  ParseCache,
  ProjectionMemo,
  projectGraph,
  sameContent,
  read,
  joinDocuments,
  splitText,
  type Diagnostic,
  type FlowChanges,
  type FlowSide,
  type GraphEdge,
  type LintRun,
  type PolicyGraph,
  type QuickFix,
  type ReadOptions,
  type ReadResult,
  type SourceDocument,
} from '../../core/index.ts';
import { errorText } from '../text.ts';

export interface Projection {
  result: ReadResult;
  /** The graph of `result`; null when `read` found errors (and the projection was not forced). */
  graph: PolicyGraph | null;
}

/** The end-to-end mark of one edge (see GraphEdge.effective); edges without one are left out. */
export interface EdgeAnnotation {
  id: string;
  effective: NonNullable<GraphEdge['effective']>;
  explanation?: string;
}

export interface Analysis {
  /** The linter's findings (or one `lint-failed` note). */
  lint: Diagnostic[];
  /** Quick fixes: [index into `lint`, its fixes], for the findings that have any. */
  fixes: [number, QuickFix[]][];
  /** Null when there was no graph to annotate, or the annotation failed (the plain projection is still right). */
  annotations: EdgeAnnotation[] | null;
  /**
   * What the text changes against the baseline (the document as imported or opened, or a file to compare with):
   * flows added, removed or changed end to end. Null without a baseline, while the text has errors, or when the
   * comparison failed.
   */
  changes: FlowChanges | null;
}

export const hasErrors = (diagnostics: readonly Diagnostic[]) => diagnostics.some((d) => d.severity === 'error');

/** The error the designer reports when the core failed on a text instead of answering with diagnostics. */
function internalError(
  what: string,
  error: unknown,
  position: { line: number; column: number } = { line: 1, column: 1 },
): Diagnostic {
  return {
    severity: 'error',
    code: 'internal',
    message: `${what}: ${errorText(error)} (please report this); the text is kept as it is`,
    ...position,
  };
}

/**
 * `read`, but never throwing: should the core fail on a text, the documents it fails on are found (each read on its
 * own), the text is read again with those blanked out (same lines, so every position stays right), and each of
 * them is kept as written, marked as not parsed (so no graph command rewrites it) and named by an error. The rest
 * is read and drawn as usual; nothing typed is lost.
 */
export function readSafely(text: string, options: ReadOptions = {}): ReadResult {
  try {
    return read(text, options);
  } catch (error) {
    let split: ReturnType<typeof splitText> = { documents: [], trailer: '', format: 'yaml' };
    try {
      split = splitText(text, options.format);
    } catch {
      // no documents: the text itself is kept by the store
    }
    const failing = new Map<number, unknown>();
    for (const doc of split.documents) {
      try {
        read(doc.header + doc.body, { format: split.format });
      } catch (docError) {
        failing.set(doc.index, docError);
      }
    }
    let rest: ReadResult | undefined;
    if (failing.size) {
      const blanked = split.documents.map((d) =>
        failing.has(d.index) ? { header: d.header, body: d.body.replace(/[^\n]/g, ' ') } : d,
      );
      try {
        rest = read(joinDocuments(blanked, split.trailer), { ...options, format: split.format });
      } catch {
        rest = undefined;
      }
    }
    const documents = split.documents.map((d) =>
      failing.has(d.index) || !rest
        ? { ...d, syntaxError: true }
        : (rest.documents[d.index] ?? { ...d, syntaxError: true }),
    );
    const errors = rest
      ? [...failing].map(([index, docError]) =>
          internalError('the designer could not read this document', docError, {
            line: (split.documents[index]?.startLine ?? 0) + 1,
            column: 1,
          }),
        )
      : [internalError('the designer could not read this text', error)];
    return {
      ...(options.file !== undefined ? { file: options.file } : {}),
      text,
      documents,
      policies: rest?.policies ?? [],
      inventory: rest?.inventory ?? { namespaces: [], workloads: [] },
      adminPolicies: rest?.adminPolicies ?? [],
      others: rest?.others ?? [],
      diagnostics: [...(rest?.diagnostics ?? []), ...errors].sort((x, y) => x.line - y.line || x.column - y.column),
      trailer: split.trailer,
    };
  }
}

/**
 * `projectGraph`, but never throwing: should it fail, each policy is projected on its own, the ones that fail are
 * left out (each named by an error at its document) and the rest is drawn. `partial` says some were left out.
 */
export function projectSafely(
  result: ReadResult,
  memo?: ProjectionMemo,
): { graph: PolicyGraph | null; failures: Diagnostic[] } {
  try {
    return { graph: projectGraph(result, memo), failures: [] };
  } catch (error) {
    const failures: Diagnostic[] = [];
    /** The entries that project on their own; each other one is named by an error at its document. */
    const drawable = <T extends { source: { doc: number } }>(
      entries: T[],
      alone: (entry: T) => unknown,
      what: string,
    ) =>
      entries.filter((entry) => {
        try {
          alone(entry);
          return true;
        } catch (entryError) {
          const line = (result.documents[entry.source.doc]?.startLine ?? 0) + 1;
          failures.push(internalError(`this ${what} could not be drawn`, entryError, { line, column: 1 }));
          return false;
        }
      });
    // Each policy alone, without the cluster policies; each cluster policy alone.
    const kept = drawable(
      result.policies,
      (entry) => projectGraph({ ...result, policies: [entry], adminPolicies: [] }),
      'policy',
    );
    const keptAdmin = drawable(
      result.adminPolicies,
      (entry) => projectGraph({ ...result, policies: [], adminPolicies: [entry] }),
      'cluster policy',
    );
    if (!failures.length) failures.push(internalError('the graph could not be drawn', error));
    try {
      return { graph: projectGraph({ ...result, policies: kept, adminPolicies: keptAdmin }), failures };
    } catch {
      return { graph: null, failures };
    }
  }
}

export class Deriver {
  private readonly cache = new ParseCache();
  /** Each policy's part of the graph, kept by policy object: an edit re-projects only the policies it changed. */
  private readonly memo = new ProjectionMemo();
  /** The baseline's text and, once needed, its reading (its own parse cache: it rarely changes). */
  private baseline: { text: string; side?: FlowSide | null } | null = null;

  /**
   * Parses documents read elsewhere (a document the derive worker loaded) into this deriver's parse cache, so that
   * the next read here (a graph edit, undo) parses only the documents it changed. For a few documents at a time.
   */
  warm(documents: readonly Pick<SourceDocument, 'header' | 'body'>[]): void {
    readSafely(joinDocuments(documents), { cache: this.cache, format: 'yaml' });
  }

  /** The document changes are measured against (null: none). */
  setBaseline(text: string | null): void {
    if (text === this.baseline?.text) return;
    this.baseline = text === null ? null : { text };
  }

  private baselineSide(): FlowSide | null {
    const b = this.baseline;
    if (!b) return null;
    if (b.side === undefined) {
      const result = read(b.text);
      b.side = { graph: projectGraph(result), policies: result.policies, inventory: result.inventory };
    }
    return b.side;
  }

  /** The change impact of `projection` against the baseline (see Analysis.changes). */
  changes(projection: Projection): FlowChanges | null {
    if (!projection.graph) return null;
    try {
      const base = this.baselineSide();
      if (!base) return null;
      const { result, graph } = projection;
      return flowChanges(base, { graph, policies: result.policies, inventory: result.inventory });
    } catch {
      return null;
    }
  }

  /**
   * Reads `text` (re-parsing only changed documents) and projects its graph unless it has errors. Never throws: a
   * failure of the core becomes an error diagnostic (see readSafely and projectSafely).
   */
  project(text: string, force = false): Projection {
    const read = readSafely(text, { cache: this.cache });
    if (!force && hasErrors(read.diagnostics)) return { result: read, graph: null };
    const { graph, failures } = projectSafely(read, this.memo);
    if (!failures.length) return { result: read, graph };
    // Part of the graph is missing: drawn when the projection was forced (a loaded document), else the last
    // valid graph stays, as for any error.
    const result = { ...read, diagnostics: [...read.diagnostics, ...failures] };
    return { result, graph: force ? graph : null };
  }

  lint(result: ReadResult): Pick<Analysis, 'lint' | 'fixes'> {
    try {
      const run = lintWithFixes(result);
      const fixes: [number, QuickFix[]][] = [];
      run.diagnostics.forEach((d, i) => {
        const list = run.fixesFor(d);
        if (list.length) fixes.push([i, list]);
      });
      return { lint: run.diagnostics, fixes };
    } catch (error) {
      // The linter must never cost the user their editing session: say that it failed and carry on.
      return {
        lint: [
          {
            severity: 'info',
            code: 'lint-failed',
            message: `the linter failed: ${errorText(error)}`,
            line: 1,
            column: 1,
          },
        ],
        fixes: [],
      };
    }
  }

  annotate(projection: Projection): EdgeAnnotation[] | null {
    if (!projection.graph) return null;
    try {
      const annotated = annotateEffective(projection.graph, projection.result.policies, projection.result.inventory, {
        adminPolicies: projection.result.adminPolicies,
      });
      const annotations: EdgeAnnotation[] = [];
      for (const e of annotated.edges)
        if (e.effective)
          annotations.push({
            id: e.id,
            effective: e.effective,
            ...(e.explanation !== undefined ? { explanation: e.explanation } : {}),
          });
      return annotations;
    } catch {
      return null;
    }
  }

  analyze(projection: Projection): Analysis {
    return {
      ...this.lint(projection.result),
      annotations: this.annotate(projection),
      changes: this.changes(projection),
    };
  }
}

/**
 * Puts the end-to-end marks on projected graphs, keeping objects: an edge whose marks did not change keeps its
 * object (the canvas re-renders only the others). Until a text's own analysis arrives, an edge that is the same
 * object as in the previous projection (the derive worker sends unchanged nodes and edges once, see wire.ts)
 * keeps the marks it had, instead of losing them for a moment on every keystroke.
 */
export class Annotator {
  private readonly marked = new WeakMap<GraphEdge, GraphEdge>();
  /** The marked edges of the last annotated graph, by id, with the unmarked edge each marks (see `carry`). */
  private byId = new Map<string, { unmarked: GraphEdge; marked: GraphEdge }>();

  /**
   * The projected graph with the marks known so far. `byValue` (a projection made on the page, whose edges are new
   * objects): an edge equal to the one with its id in the last annotated graph also keeps that edge's marks.
   */
  carry(graph: PolicyGraph, byValue = false): PolicyGraph {
    let changed = false;
    const edges = graph.edges.map((edge) => {
      let marked = this.marked.get(edge);
      if (!marked && byValue) {
        const last = this.byId.get(edge.id);
        if (last && sameContent(last.unmarked, edge)) {
          marked = last.marked;
          this.marked.set(edge, marked);
        }
      }
      if (!marked) return edge;
      changed = true;
      return marked;
    });
    return changed ? { ...graph, edges } : graph;
  }

  /** The projected graph marked as `annotations` say (null: the analysis failed; the marks known so far). */
  apply(graph: PolicyGraph, annotations: EdgeAnnotation[] | null): PolicyGraph {
    if (!annotations) return this.carry(graph);
    const byId = new Map(annotations.map((a) => [a.id, a]));
    const lastById = this.byId;
    const markedById = new Map<string, { unmarked: GraphEdge; marked: GraphEdge }>();
    const remember = (edge: GraphEdge, marked: GraphEdge) => {
      const last = lastById.get(edge.id);
      markedById.set(edge.id, last?.marked === marked ? last : { unmarked: edge, marked });
    };
    let changed = false;
    const edges = graph.edges.map((edge) => {
      const a = byId.get(edge.id);
      const known = this.marked.get(edge) ?? edge;
      if (known.effective === a?.effective && known.explanation === a?.explanation) {
        if (known !== edge) {
          changed = true;
          remember(edge, known);
        }
        return known;
      }
      if (!a) {
        this.marked.delete(edge);
        return edge; // projected edges carry no marks
      }
      const next: GraphEdge = { ...edge, effective: a.effective };
      if (a.explanation !== undefined) next.explanation = a.explanation;
      this.marked.set(edge, next);
      remember(edge, next);
      changed = true;
      return next;
    });
    this.byId = markedById;
    return changed ? { ...graph, edges } : graph;
  }
}

const NO_FIXES: QuickFix[] = [];

export function sameDiagnostic(a: Diagnostic, b: Diagnostic): boolean {
  return (
    a === b ||
    (a.severity === b.severity &&
      a.code === b.code &&
      a.message === b.message &&
      a.line === b.line &&
      a.column === b.column &&
      a.endLine === b.endLine &&
      a.endColumn === b.endColumn &&
      a.object === b.object &&
      a.path === b.path &&
      a.file === b.file &&
      a.fix === b.fix)
  );
}

/**
 * `next`, but with `previous`'s objects where they are equal, and `previous` itself when every item is: an edit
 * that does not change the findings then re-renders neither the problems list nor the editor's markers.
 */
export function keepEqualDiagnostics(previous: Diagnostic[], next: Diagnostic[]): Diagnostic[] {
  let same = previous.length === next.length;
  const merged = next.map((d, i) => {
    const p = previous[i];
    if (p && sameDiagnostic(p, d)) return p;
    same = false;
    return d;
  });
  return same ? previous : merged;
}

const diagnosticKey = (d: Diagnostic) =>
  JSON.stringify([
    d.severity,
    d.code,
    d.message,
    d.line,
    d.column,
    d.endLine,
    d.endColumn,
    d.object,
    d.path,
    d.file,
    d.fix,
  ]);

/**
 * A LintRun over plain data: `diagnostics` are the findings as the state holds them (equal to `analysis.lint`,
 * item for item) and the quick fixes were computed with them, so looking them up costs nothing.
 */
export function lintRunOf(diagnostics: Diagnostic[], fixes: Analysis['fixes']): LintRun {
  const byDiagnostic = new Map<Diagnostic, QuickFix[]>();
  const byKey = new Map<string, QuickFix[]>();
  for (const [i, list] of fixes) {
    const d = diagnostics[i];
    if (!d) continue;
    byDiagnostic.set(d, list);
    byKey.set(diagnosticKey(d), list);
  }
  return {
    diagnostics,
    fixesFor(diagnostic) {
      if (!byDiagnostic.size) return NO_FIXES;
      return byDiagnostic.get(diagnostic) ?? byKey.get(diagnosticKey(diagnostic)) ?? NO_FIXES;
    },
  };
}
