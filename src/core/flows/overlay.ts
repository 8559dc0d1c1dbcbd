/**
 * Observed traffic on the designer's graph: each line of a flow check (check.ts) tied to the drawn flows (graph
 * edges) and nodes that stand for its ends, with the one node matcher of analysis/covers.ts.
 *
 * - A connection that went through and that the policies allow marks the drawn flows that allow it: an edge
 *   whose ends stand for the connection's ends and one of whose rules is a rule the engine found allowing it on
 *   either side (so a flow on another port, or a rule of another peer between the same nodes, is not marked).
 * - A connection that went through but would be denied marks the drawn flows of the side that allows it (a
 *   one-sided flow); when there is none, it is drawn as an extra edge between the most specific nodes that stand
 *   for its ends (or marks the edge already drawn between exactly those two nodes).
 * - Admin-tier flows (ClusterNetworkPolicy, ANP, BANP) are marked the same way when their rule decided the
 *   connection's port (an Accept that allows it, a Deny that blocks it); Pass flows never decide and are left out.
 * - Every other flow is "not observed". DROPPED records (the cluster already denied them) mark nothing.
 */
import type { AnalysisInput } from '../analysis/model.ts';
import { edgesBetween, nodeCovers, type NamespaceLabelsOf, type NodeEnd } from '../analysis/covers.ts';
import type { GraphEdge, GraphNode, PolicyGraph } from '../graph/types.ts';
import { parseIp } from '../model/cidr.ts';
import { NAMESPACE_NAME_LABEL } from '../read/inventory.ts';
import type { CheckLine } from './check.ts';
import { flowEndpoint } from './endpoints.ts';
import type { FlowEndpoint } from './read.ts';

export type ObservedState = 'allowed' | 'denied' | 'unobserved';

export interface EdgeObservation {
  /** `denied` when any observed connection it stands for would be denied, else `allowed`; else `unobserved`. */
  state: ObservedState;
  /** The observed connections (`src -> dst port/PROTOCOL`) it allows, in check order. */
  allowed: string[];
  /** The observed connections it stands for that the policies would deny (another port between its ends, or
   * a one-sided flow), in check order. */
  denied: string[];
}

/** Observed connections the policies would deny, drawn between two nodes no edge joins yet. */
export interface ObservedExtraEdge {
  id: string;
  source: string;
  target: string;
  connections: string[];
}

export interface ObservedOverlay {
  /** Every edge of the graph but admin-tier Pass flows, by id. */
  edges: Map<string, EdgeObservation>;
  extra: ObservedExtraEdge[];
  /**
   * Observed connections the graph cannot show: allowed ones no drawn flow carries (a side no policy isolates),
   * would-be-denied ones with an end no drawn node stands for.
   */
  unshown: string[];
}

/** The prefix `observed:` keeps extra edges apart from the graph's ids. */
export const observedEdgeId = (source: string, target: string): string => `observed:${source}->${target}`;

function nodeEnd(e: FlowEndpoint): NodeEnd | undefined {
  if (e.kind === 'pod') return { kind: 'workload', workload: { namespace: e.namespace, labels: e.labels } };
  const ip = parseIp(e.ip);
  return ip ? { kind: 'external', family: ip.family, first: ip.value, last: ip.value } : undefined;
}

/** Lower is more specific: the node a person reads as "these pods" or "this address". */
function specificity(node: GraphNode): number[] | undefined {
  const ref = node.ref;
  const terms = (s?: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] }) =>
    Object.keys(s?.matchLabels ?? {}).length + (s?.matchExpressions?.length ?? 0);
  switch (ref.kind) {
    case 'pods':
      return [0, -terms(ref.podSelector)];
    case 'namespacePods':
      return ref.podSelector
        ? [1, -terms(ref.podSelector) - terms(ref.namespaceSelector)]
        : [2, -terms(ref.namespaceSelector)];
    case 'namespace':
      return [3, 0];
    case 'ipBlock':
      return [0, -Number(/\/(\d+)$/.exec(ref.cidr)?.[1] ?? 0)];
    case 'anywhere':
      // Stands for everything: never the place of one denied connection.
      return undefined;
  }
}

function bestNode(graph: PolicyGraph, end: NodeEnd, nsLabels: NamespaceLabelsOf): GraphNode | undefined {
  let best: { node: GraphNode; rank: number[] } | undefined;
  for (const node of graph.nodes) {
    const rank = specificity(node);
    if (!rank || !nodeCovers(node, end, nsLabels)) continue;
    const better =
      !best ||
      rank[0]! < best.rank[0]! ||
      (rank[0] === best.rank[0] && (rank[1]! < best.rank[1]! || (rank[1] === best.rank[1] && node.id < best.node.id)));
    if (better) best = { node, rank };
  }
  return best?.node;
}

/** Ties each ALLOWED or DENIED line of a flow check to the graph (see the module comment). */
export function observedOverlay(
  graph: PolicyGraph,
  lines: readonly CheckLine[],
  input: AnalysisInput,
): ObservedOverlay {
  const edges = new Map<string, EdgeObservation>();
  for (const e of graph.edges)
    if (e.action !== 'Pass') edges.set(e.id, { state: 'unobserved', allowed: [], denied: [] });
  const extra = new Map<string, ObservedExtraEdge>();
  const unshown: string[] = [];
  const mark = (id: string, state: 'allowed' | 'denied', what: string) => {
    const o = edges.get(id)!;
    if (o.state !== 'denied') o.state = state;
    o[state].push(what);
  };
  for (const line of lines) {
    if (line.status === 'DROPPED') continue;
    const g = line.group;
    const what = `${g.src} -> ${g.dst} ${g.port}/${g.protocol}`;
    const src = nodeEnd(g.source);
    const dst = nodeEnd(g.destination);
    if (!src || !dst) {
      unshown.push(what);
      continue;
    }
    // Namespace labels as the check used them: a Namespace object of the inputs, else the flow's.
    const labelsOf = (e: FlowEndpoint) => {
      const x = flowEndpoint(e, input);
      return x.kind === 'pod' ? x.namespaceLabels : undefined;
    };
    const known = new Map<string, Record<string, string>>();
    for (const e of [g.source, g.destination]) {
      const labels = e.kind === 'pod' ? labelsOf(e) : undefined;
      if (e.kind === 'pod' && labels && !known.has(e.namespace)) known.set(e.namespace, labels);
    }
    const nsLabels: NamespaceLabelsOf = (ns) => known.get(ns) ?? { [NAMESPACE_NAME_LABEL]: ns };
    const x = line.explanation;
    // The rules that decided the connection: NetworkPolicy rules by their peer's path; admin-tier rules (which
    // decide the queried port alone) by the rule's path, which their edges' peer paths extend.
    const rules = new Set([...x.egress.allowedBy, ...x.ingress.allowedBy].map((m) => m.path));
    const tierRules = new Set(
      [...(x.egress.tierDecisions ?? []), ...(x.ingress.tierDecisions ?? [])]
        .filter((d) => d.action !== 'Pass')
        .map((d) => d.path),
    );
    const decides = (e: GraphEdge) =>
      e.action
        ? e.action !== 'Pass' && e.rules.some((r) => tierRules.has(r.path.replace(/\.(from|to)\[\d+\]$/, '')))
        : e.rules.some((r) => rules.has(r.path));
    const carriers = edgesBetween(graph, src, dst, nsLabels).filter(decides);
    if (line.status === 'ALLOWED') {
      if (carriers.length) for (const e of carriers) mark(e.id, 'allowed', what);
      else unshown.push(what);
      continue;
    }
    if (carriers.length) {
      for (const e of carriers) mark(e.id, 'denied', what);
      continue;
    }
    const s = bestNode(graph, src, nsLabels);
    const t = bestNode(graph, dst, nsLabels);
    if (!s || !t) {
      unshown.push(what);
      continue;
    }
    const drawn = graph.edges.find((e) => !e.action && e.source === s.id && e.target === t.id);
    if (drawn) {
      mark(drawn.id, 'denied', what);
      continue;
    }
    const id = observedEdgeId(s.id, t.id);
    const overlay = extra.get(id) ?? { id, source: s.id, target: t.id, connections: [] };
    overlay.connections.push(what);
    extra.set(id, overlay);
  }
  return { edges, extra: [...extra.values()], unshown };
}
