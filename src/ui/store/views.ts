/**
 * Views derived from the designer's state for the panels and the canvas — the imported flows checked against the
 * document, their overlay on the drawn graph, a loaded test file's run, an explanation — each a selector
 * recomputed only when its inputs change. Kept apart from the store, which holds state and actions only.
 */
import {
  checkFlows,
  explainNodes,
  formatConnections,
  observedOverlay,
  parsePortList,
  type CheckLine,
  type ConnectionQuery,
  type DirectionExplanation,
  type FlowCapture,
  type NodeExplanation,
  type ObservedOverlay,
  type PolicyGraph,
  type Protocol,
  type ReadResult,
} from '../../core/index.ts';
import type { TestFileError, TestFileRead, TestResult } from '../../core/policytests.ts';
import { displayText, errorText } from '../text.ts';
import { EXPLAIN_LIVE_POLICIES, type DesignerState, type ExplainRequest } from './designerStore.ts';
import { loadedPolicyTests } from './policyTests.ts';

/**
 * A view derived from the state, computed again only when one of its inputs is a different object (the store
 * replaces `result`, `graph` and `flows` on change, never mutates them). One entry: every caller asks for the
 * current state's view.
 */
function memoized<A extends readonly unknown[], R>(compute: (...args: A) => R): (...args: A) => R {
  let last: { args: A; value: R } | undefined;
  return (...args) => {
    if (last && last.args.length === args.length && last.args.every((a, i) => a === args[i])) return last.value;
    const value = compute(...args);
    last = { args, value };
    return value;
  };
}

/** What the analysis reads of a document: its policies of every tier and its workloads (as `netpol analyze`). */
const analysisInputOf = (result: ReadResult) => ({
  policies: result.policies,
  adminPolicies: result.adminPolicies,
  inventory: result.inventory,
});

const checkOf = memoized(
  (result: ReadResult, capture: FlowCapture): CheckLine[] => checkFlows(capture, analysisInputOf(result)).lines,
);

/** The imported flows checked against the document: one line per observed (or dropped) connection. */
export function flowCheckView(result: ReadResult, capture: FlowCapture): CheckLine[] {
  return checkOf(result, capture);
}

const overlayOf = memoized((graph: PolicyGraph, result: ReadResult, capture: FlowCapture) =>
  observedOverlay(graph, checkOf(result, capture), analysisInputOf(result)),
);

/** A test file's outcome against a document: its tests run, or the positioned errors that stop it (§1–§2). */
export type PolicyTestView = { errors: TestFileError[] } | { results: TestResult[]; summary: string; failed: number };

const testRunOf = memoized((result: ReadResult, tests: TestFileRead): PolicyTestView => {
  if (!tests.tests) return { errors: tests.errors };
  // Loaded: the test file in the state was read with it (loadTests).
  return loadedPolicyTests()!.runPolicyTests(tests.tests, analysisInputOf(result));
});

/** The loaded tests run against the current document (a selector; computed again only when either changes). */
export function policyTestView(s: DesignerState): PolicyTestView | null {
  return s.policyTests ? testRunOf(s.result, s.policyTests.read) : null;
}

/**
 * Observed traffic on the drawn graph (a selector: the same object while its inputs are unchanged), or null
 * without imported flows or with "Show observed traffic" off.
 */
export function observedView(s: DesignerState): ObservedOverlay | null {
  return s.flows && s.showObserved ? overlayOf(s.graph, s.result, s.flows.capture) : null;
}

/** One line of an explanation the panel lists, with where it is written (1-based), when known. */
export interface ExplainItem {
  kind: 'isolating' | 'allows' | 'peerOnly' | 'tier';
  text: string;
  line?: number;
  column?: number;
}

export interface ExplainDirectionView {
  direction: 'egress' | 'ingress';
  /** The end whose policies decide this direction, as the core names it. */
  subject: string;
  allowed: boolean;
  isolated: boolean;
  /** What this direction allows between the two ends (`TCP 5432`, `All Connections`). */
  conns: string;
  reason: string;
  items: ExplainItem[];
}

export interface ExplainAnswer {
  allowed: boolean;
  /** End to end (`TCP 5432`; `No Connections`). */
  conns: string;
  /** The port asked about (`TCP 80`), if any. */
  port?: string;
  loopback: boolean;
  from: NodeExplanation['from'];
  to: NodeExplanation['to'];
  egress: ExplainDirectionView;
  ingress: ExplainDirectionView;
}

/** What the Explain panel shows: the two ends' labels and the core's answer, or why there is none. */
export type ExplainView =
  | { kind: 'picking'; picking: 'source' | 'destination'; sourceLabel?: string }
  | { kind: 'error'; message: string; sourceLabel?: string; destinationLabel?: string }
  | {
      kind: 'answer';
      sourceLabel: string;
      destinationLabel: string;
      answer: ExplainAnswer;
      /** The answer is for the document as it was when asked (a large document changed since). */
      outdated: boolean;
    };

function directionView(d: DirectionExplanation): ExplainDirectionView {
  const at = (p: { line?: number; column?: number }) =>
    p.line !== undefined ? { line: p.line, column: p.column ?? 1 } : {};
  const items: ExplainItem[] = [
    ...(d.tierDecisions ?? []).map((t): ExplainItem => ({
      kind: 'tier',
      text: `${t.rule}: ${t.action} (${formatConnections(t.conns)})`,
      ...at(t),
    })),
    ...d.isolatingPolicies.map((policy): ExplainItem => ({
      kind: 'isolating',
      text: `isolated by ${policy}`,
      ...at(d.isolatingAt?.find((p) => p.policy === policy) ?? {}),
    })),
    ...d.allowedBy.map((m): ExplainItem => ({
      kind: 'allows',
      text: `${m.path} allows ${formatConnections(m.conns)}`,
      ...at(m),
    })),
    ...d.matchedPeerOnly.map((m): ExplainItem => ({
      kind: 'peerOnly',
      text: `${m.path} matches, but only allows ${formatConnections(m.conns)}`,
      ...at(m),
    })),
  ];
  return {
    direction: d.direction,
    subject: d.subject,
    allowed: d.allowed,
    isolated: d.isolated,
    conns: formatConnections(d.conns),
    reason: d.reason,
    items,
  };
}

/**
 * Answers an ExplainRequest against the document as read (the same explainer as `netpol explain`, on
 * representative endpoints of the two nodes; the lines point into `result.text`).
 */
export function explainView(current: ReadResult, graph: PolicyGraph, request: ExplainRequest): ExplainView {
  const live = current.policies.length + current.adminPolicies.length <= EXPLAIN_LIVE_POLICIES;
  const result = live || !request.basis ? current : request.basis;
  const label = (id: string | undefined) => {
    const node = id === undefined ? undefined : graph.nodes.find((n) => n.id === id);
    if (!node) return undefined;
    const ns = 'namespace' in node.ref && node.type === 'podGroup' ? ` in ${node.ref.namespace}` : '';
    return `${displayText(node.label, 200)}${ns}`;
  };
  const sourceLabel = label(request.source);
  const destinationLabel = label(request.destination);
  if (request.picking) return { kind: 'picking', picking: request.picking, ...(sourceLabel ? { sourceLabel } : {}) };
  const src = graph.nodes.find((n) => n.id === request.source);
  const dst = graph.nodes.find((n) => n.id === request.destination);
  if (!src || !dst || !sourceLabel || !destinationLabel)
    return { kind: 'error', message: 'One of the two nodes is no longer in the graph.' };
  let query: ConnectionQuery = {};
  if (request.port.trim()) {
    const parsed = parsePortList(request.port);
    const p = 'ports' in parsed && parsed.ports.length === 1 ? parsed.ports[0]! : undefined;
    if (!p || typeof p.port !== 'number' || p.endPort !== undefined)
      return {
        kind: 'error',
        message: 'Port: one port number, e.g. 443 or 53/UDP (or empty for every port).',
        sourceLabel,
        destinationLabel,
      };
    query = { port: p.port, protocol: (p.protocol ?? 'TCP') as Protocol };
  }
  try {
    const answer = explainNodes(result, src.ref, dst.ref, query);
    if ('error' in answer) return { kind: 'error', message: answer.error, sourceLabel, destinationLabel };
    const x = answer.explanation;
    return {
      kind: 'answer',
      sourceLabel,
      destinationLabel,
      outdated: result !== current,
      answer: {
        allowed: x.allowed,
        conns: formatConnections(x.conns),
        ...(x.port !== undefined ? { port: `${x.protocol ?? 'TCP'} ${x.port}` } : {}),
        loopback: x.loopback,
        from: answer.from,
        to: answer.to,
        egress: directionView(x.egress),
        ingress: directionView(x.ingress),
      },
    };
  } catch (error) {
    return { kind: 'error', message: `explain failed: ${errorText(error)}`, sourceLabel, destinationLabel };
  }
}
