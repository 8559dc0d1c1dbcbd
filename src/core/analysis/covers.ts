/**
 * Whether a drawn graph node stands for one end of a connection: the pods of a workload (or a labelled pod of a
 * flow log), or a range of external addresses. One answer for every feature that ties connections to the canvas
 * (the Changes view, observed traffic), so a flow is never marked on one node by one feature and on another by
 * the next.
 */
import type { GraphEdge, GraphNode, PolicyGraph } from '../graph/types.ts';
import { selectorMatches } from '../model/selector.ts';
import type { IpFamily } from '../model/cidr.ts';
import { ipBlockSet } from './model.ts';

/** A connection's end as the nodes see it; the analysis engine's `Peer` is one. */
export type NodeEnd =
  | { kind: 'workload'; workload: { namespace: string; labels: Record<string, string> } }
  | { kind: 'external'; family: IpFamily; first: bigint; last: bigint };

/** Labels of a namespace (with `kubernetes.io/metadata.name`), for namespace-selector nodes. */
export type NamespaceLabelsOf = (namespace: string) => Record<string, string>;

/**
 * Whether `node` stands for `end`: an `anywhere` node for everything; an ipBlock node for an external range it
 * overlaps (never for a pod, as `netpol analyze` by default); pod nodes for pods their selectors match.
 */
export function nodeCovers(node: GraphNode, end: NodeEnd, nsLabels: NamespaceLabelsOf): boolean {
  const ref = node.ref;
  if (end.kind === 'external') {
    if (ref.kind === 'anywhere') return true;
    if (ref.kind !== 'ipBlock') return false;
    const set = ipBlockSet(ref.cidr, ref.except ?? []);
    return !!set && (end.family === 4 ? set.v4 : set.v6).some(([f, l]) => f <= end.last && end.first <= l);
  }
  const w = end.workload;
  switch (ref.kind) {
    case 'anywhere':
      return true;
    case 'ipBlock':
      return false;
    case 'namespace':
      return w.namespace === ref.namespace;
    case 'pods':
      return w.namespace === ref.namespace && selectorMatches(ref.podSelector, w.labels);
    case 'namespacePods':
      return (
        selectorMatches(ref.namespaceSelector, nsLabels(w.namespace)) &&
        (!ref.podSelector || selectorMatches(ref.podSelector, w.labels))
      );
  }
}

function endsCovered(graph: PolicyGraph, src: NodeEnd, dst: NodeEnd, nsLabels: NamespaceLabelsOf) {
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  return (e: GraphEdge) => {
    const s = nodes.get(e.source);
    const t = nodes.get(e.target);
    return !!s && !!t && nodeCovers(s, src, nsLabels) && nodeCovers(t, dst, nsLabels);
  };
}

/** The edges of `graph` whose source stands for `src` and whose target stands for `dst`, in graph order. */
export function edgesBetween(graph: PolicyGraph, src: NodeEnd, dst: NodeEnd, nsLabels: NamespaceLabelsOf): GraphEdge[] {
  return graph.edges.filter(endsCovered(graph, src, dst, nsLabels));
}

/** The first of `edgesBetween`. */
export function edgeBetween(
  graph: PolicyGraph,
  src: NodeEnd,
  dst: NodeEnd,
  nsLabels: NamespaceLabelsOf,
): GraphEdge | undefined {
  return graph.edges.find(endsCovered(graph, src, dst, nsLabels));
}
