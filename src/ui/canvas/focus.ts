/**
 * What the canvas brings forward: the focus of a selection (a node's flows and the nodes at their other ends,
 * or one flow and its two ends), the nodes a search matches, and the namespace filter. Everything else is dimmed
 * (focus, search) or hidden (filter); nothing here changes the graph, only how much of it the eye is shown.
 */
import type { GraphNode, PolicyGraph } from '../../core/index.ts';
import type { Selection } from '../store/designerStore.ts';

/** Which of a selected node's flows count: into it, out of it, or both. */
export type FocusDirection = 'in' | 'out' | 'both';

export interface Emphasis {
  /** Nodes and edges drawn dimmed (still there, still clickable). */
  dimmedNodes: ReadonlySet<string>;
  dimmedEdges: ReadonlySet<string>;
  /** Nodes and edges not drawn at all (outside the namespace filter). */
  hiddenNodes: ReadonlySet<string>;
  hiddenEdges: ReadonlySet<string>;
  /** Nodes the search matches (outlined). */
  matches: ReadonlySet<string>;
}

export const NO_EMPHASIS: Emphasis = {
  dimmedNodes: new Set(),
  dimmedEdges: new Set(),
  hiddenNodes: new Set(),
  hiddenEdges: new Set(),
  matches: new Set(),
};

function childrenOf(graph: PolicyGraph): Map<string, string[]> {
  const children = new Map<string, string[]>();
  for (const node of graph.nodes) {
    if (!node.parentId) continue;
    const list = children.get(node.parentId);
    if (list) list.push(node.id);
    else children.set(node.parentId, [node.id]);
  }
  return children;
}

/** A node with everything inside it (a namespace's pod groups), so focusing a namespace focuses its pods' flows. */
function withDescendants(id: string, children: Map<string, string[]>): Set<string> {
  const result = new Set<string>();
  const stack = [id];
  while (stack.length) {
    const next = stack.pop()!;
    if (result.has(next)) continue;
    result.add(next);
    stack.push(...(children.get(next) ?? []));
  }
  return result;
}

/** The nodes and edges a selection brings forward; null when nothing is selected (or the selection is gone). */
export function focusOf(
  graph: PolicyGraph,
  selection: Selection | null,
  direction: FocusDirection,
): { nodes: Set<string>; edges: Set<string> } | null {
  if (!selection) return null;
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const nodes = new Set<string>();
  const edges = new Set<string>();
  if (selection.kind === 'edge') {
    const edge = graph.edges.find((e) => e.id === selection.id);
    if (!edge) return null;
    edges.add(edge.id);
    nodes.add(edge.source).add(edge.target);
  } else {
    if (!byId.has(selection.id)) return null;
    const subject = withDescendants(selection.id, childrenOf(graph));
    for (const id of subject) nodes.add(id);
    for (const edge of graph.edges) {
      const out = subject.has(edge.source) && direction !== 'in';
      const into = subject.has(edge.target) && direction !== 'out';
      if (!out && !into) continue;
      edges.add(edge.id);
      nodes.add(edge.source).add(edge.target);
    }
  }
  // The containers of what is in focus stay undimmed, or their pod groups would sit in a faded box.
  for (const id of [...nodes]) {
    for (let node = byId.get(id); node?.parentId; node = byId.get(node.parentId)) nodes.add(node.parentId);
  }
  return { nodes, edges };
}

/** The text a search looks in: the label, the namespace, the labels and selectors, the policies it is subject of. */
export function searchText(node: GraphNode): string {
  const parts: string[] = [node.label];
  const ref = node.ref;
  if (ref.kind === 'namespace' || ref.kind === 'pods') parts.push(ref.namespace);
  if (ref.kind === 'pods' || ref.kind === 'namespacePods') {
    for (const [k, v] of Object.entries(ref.podSelector?.matchLabels ?? {})) parts.push(`${k}=${v}`);
  }
  if (ref.kind === 'namespacePods') {
    for (const [k, v] of Object.entries(ref.namespaceSelector.matchLabels ?? {})) parts.push(`${k}=${v}`);
  }
  for (const [k, v] of Object.entries(node.labels ?? {})) parts.push(`${k}=${v}`);
  parts.push(...(node.policies ?? []));
  return parts.join('\n').toLowerCase();
}

/** Nodes whose search text holds every word of the query (case-insensitive); empty for an empty query. */
export function searchMatches(graph: PolicyGraph, query: string): Set<string> {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = new Set<string>();
  if (!words.length) return matches;
  for (const node of graph.nodes) {
    const text = searchText(node);
    if (words.every((w) => text.includes(w))) matches.add(node.id);
  }
  return matches;
}

/**
 * The drawn nodes that stand for the search's matches: a match hidden in a collapsed namespace is found through
 * that namespace (`drawnNode`: every node of the graph → the drawn node standing for it, collapse.ts).
 */
export function drawnMatches(graph: PolicyGraph, query: string, drawnNode: ReadonlyMap<string, string>): Set<string> {
  const matches = searchMatches(graph, query);
  if (drawnNode.size === 0) return matches;
  return new Set([...matches].map((id) => drawnNode.get(id) ?? id));
}

/** The namespace a node lives in, if it lives in one (namespace nodes and their pod groups). */
export function namespaceOfNode(node: GraphNode, byId: Map<string, GraphNode>): string | undefined {
  for (let n: GraphNode | undefined = node; n; n = n.parentId ? byId.get(n.parentId) : undefined) {
    if (n.ref.kind === 'namespace' || n.ref.kind === 'pods') return n.ref.namespace;
  }
  return undefined;
}

/** The namespaces of the graph, sorted, for the filter's choices. */
export function namespacesOf(graph: PolicyGraph): string[] {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const names = new Set<string>();
  for (const node of graph.nodes) {
    const namespace = namespaceOfNode(node, byId);
    if (namespace !== undefined) names.add(namespace);
  }
  return [...names].sort();
}

/**
 * Focus, search and filter together. The namespace filter keeps the namespace's nodes, the flows touching them
 * and the nodes at their other ends (with their containers); everything else is hidden. Within what is shown,
 * the focus dims what is outside it and the search dims what it does not match (matches and the focus win).
 */
export function emphasisOf(
  graph: PolicyGraph,
  selection: Selection | null,
  direction: FocusDirection,
  query: string,
  namespace: string | null,
  /** The matches of `query` when `graph` is a view of a larger one (drawnMatches); else searched in `graph`. */
  found?: ReadonlySet<string>,
): Emphasis {
  const focus = focusOf(graph, selection, direction);
  const matches = found ?? searchMatches(graph, query);
  if (!focus && !query.trim() && namespace === null) return NO_EMPHASIS;
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));

  const hiddenNodes = new Set<string>();
  const hiddenEdges = new Set<string>();
  if (namespace !== null) {
    const inside = new Set(graph.nodes.filter((n) => namespaceOfNode(n, byId) === namespace).map((n) => n.id));
    const kept = new Set(inside);
    for (const edge of graph.edges) {
      if (inside.has(edge.source) || inside.has(edge.target)) kept.add(edge.source).add(edge.target);
      else hiddenEdges.add(edge.id);
    }
    for (const id of [...kept]) {
      for (let node = byId.get(id); node?.parentId; node = byId.get(node.parentId)) kept.add(node.parentId);
    }
    for (const node of graph.nodes) if (!kept.has(node.id)) hiddenNodes.add(node.id);
  }

  const searching = query.trim() !== '';
  // A match's containers stay undimmed too.
  const matchedContainers = new Set<string>();
  for (const id of matches) {
    for (let node = byId.get(id); node?.parentId; node = byId.get(node.parentId)) matchedContainers.add(node.parentId);
  }
  const dimmedNodes = new Set<string>();
  const dimmedEdges = new Set<string>();
  for (const node of graph.nodes) {
    if (hiddenNodes.has(node.id)) continue;
    const inFocus = !focus || focus.nodes.has(node.id);
    const matched = !searching || matches.has(node.id) || matchedContainers.has(node.id);
    if (!(inFocus && matched)) dimmedNodes.add(node.id);
  }
  for (const edge of graph.edges) {
    if (hiddenEdges.has(edge.id)) continue;
    const inFocus = !focus || focus.edges.has(edge.id);
    const matched = !searching || matches.has(edge.source) || matches.has(edge.target);
    if (!(inFocus && matched)) dimmedEdges.add(edge.id);
  }
  return { dimmedNodes, dimmedEdges, hiddenNodes, hiddenEdges, matches };
}
