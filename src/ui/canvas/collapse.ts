/**
 * Collapsed namespaces: a view of the graph, never a change to it. A collapsed container (a namespace, or a
 * "namespaces where" selector) is drawn as one compact node; its pod groups are not drawn, every flow with an end
 * inside it is re-attached to it, and the flows that then join the same two drawn nodes are drawn as one
 * aggregated flow. Its label is the union of their ports (the core's port set union, `flowsPortsLabel`); it
 * remembers the flows it stands for (`members`), is one-sided when any of them is, and carries their change marks.
 *
 * A flow between two pod groups of the same collapsed container has nowhere to be drawn: it is counted on the
 * collapsed node (`innerFlows`). Admin flows (ClusterNetworkPolicy tiers) aggregate apart from NetworkPolicy flows
 * and from each other (one aggregated flow per tier and action), so an Accept never hides a Deny.
 */
import { flowsPortsLabel } from '../../core/index.ts';
import type { FlowChange, GraphEdge, GraphNode, GraphPolicy, PolicyGraph } from '../../core/index.ts';
import { isContainer } from '../layout/geometry.ts';
import type { ObservedOverlay, ObservedState, Selection } from '../store/designerStore.ts';

/** What a collapsed container hides. */
export interface CollapsedInfo {
  /** Nodes drawn inside it when expanded (its pod groups). */
  podGroups: number;
  /** Flows with both ends inside it. */
  innerFlows: number;
}

export type ViewNode = GraphNode & { collapsed?: CollapsedInfo };

/** A drawn flow; an aggregated one lists the ids of the graph's flows it stands for. */
export type ViewEdge = GraphEdge & { members?: string[] };

/** A PolicyGraph to draw. */
export interface ViewGraph {
  nodes: ViewNode[];
  edges: ViewEdge[];
  policies: GraphPolicy[];
}

export interface CollapsedView {
  /** What to draw: the graph itself when nothing is collapsed. */
  graph: ViewGraph;
  /**
   * Every flow of the graph → the drawn flow carrying it (itself or an aggregated flow; null for a flow inside one
   * collapsed node). Empty when nothing is collapsed.
   */
  drawnEdge: ReadonlyMap<string, string | null>;
  /** Every node of the graph → the drawn node standing for it (itself, or its collapsed container). */
  drawnNode: ReadonlyMap<string, string>;
}

/** Ids of aggregated flows start with this; no graph id does (graph ids start with the node kind). */
export const AGGREGATE_PREFIX = 'agg:';

export const isAggregateId = (id: string) => id.startsWith(AGGREGATE_PREFIX);

export const isAggregate = (edge: GraphEdge): edge is ViewEdge & { members: string[] } =>
  Array.isArray((edge as ViewEdge).members);

/** The containers that can be collapsed: namespaces and namespace selectors. */
export function collapsibleIds(graph: PolicyGraph): string[] {
  return graph.nodes.filter(isContainer).map((n) => n.id);
}

export function collapseGraph(graph: PolicyGraph, collapsed: ReadonlySet<string>): CollapsedView {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const drawnNode = new Map<string, string>();
  let any = false;
  for (const node of graph.nodes) {
    // The outermost collapsed container around a node (itself included) stands for it.
    // (Bounded: containers nest at most a level deep, and a malformed parent chain must not loop.)
    let drawn = node.id;
    let n: GraphNode | undefined = node;
    for (let depth = 0; n && depth < 8; depth++, n = n.parentId ? byId.get(n.parentId) : undefined)
      if (collapsed.has(n.id) && isContainer(n)) drawn = n.id;
    if (drawn !== node.id) any = true;
    drawnNode.set(node.id, drawn);
  }
  if (!any && !graph.nodes.some((n) => collapsed.has(n.id) && isContainer(n))) {
    return { graph, drawnEdge: new Map(), drawnNode: new Map() };
  }

  const info = new Map<string, CollapsedInfo>();
  for (const node of graph.nodes) {
    const drawn = drawnNode.get(node.id)!;
    if (collapsed.has(node.id) && drawn === node.id) info.set(node.id, { podGroups: 0, innerFlows: 0 });
  }
  for (const node of graph.nodes) {
    const drawn = drawnNode.get(node.id)!;
    if (drawn !== node.id) info.get(drawn)!.podGroups++;
  }

  const groups = new Map<string, GraphEdge[]>();
  const drawnEdge = new Map<string, string | null>();
  const edges: ViewEdge[] = [];
  const keyOf = (edge: GraphEdge, source: string, target: string) =>
    `${source}->${target}${edge.tier ? `|${edge.tier}|${edge.action ?? ''}` : ''}`;
  for (const edge of graph.edges) {
    const source = drawnNode.get(edge.source) ?? edge.source;
    const target = drawnNode.get(edge.target) ?? edge.target;
    if (source === target && (source !== edge.source || target !== edge.target)) {
      info.get(source)!.innerFlows++;
      drawnEdge.set(edge.id, null);
      continue;
    }
    const key = keyOf(edge, source, target);
    const group = groups.get(key);
    if (group) group.push(edge);
    else groups.set(key, [edge]);
  }
  const labelOf = (id: string) => byId.get(id)?.label ?? id;
  for (const [key, members] of groups) {
    const first = members[0]!;
    const source = drawnNode.get(first.source) ?? first.source;
    const target = drawnNode.get(first.target) ?? first.target;
    if (members.length === 1 && source === first.source && target === first.target) {
      edges.push(first);
      drawnEdge.set(first.id, first.id);
      continue;
    }
    const id = AGGREGATE_PREFIX + key;
    for (const m of members) drawnEdge.set(m.id, id);
    const ports = first.tier
      ? `${first.action ?? ''} (${first.tier}): ${[...new Set(members.map((m) => m.label.replace(/^[^:]*: /, '')))].join('; ')}`
      : flowsPortsLabel(members.map((m) => m.ports));
    const oneSided = members.filter((m) => m.effective === 'oneSided');
    const effective = oneSided.length
      ? 'oneSided'
      : members.every((m) => m.effective === 'allowed')
        ? 'allowed'
        : undefined;
    const aggregated: ViewEdge = {
      id,
      source,
      target,
      label: members.length === 1 ? ports : `${ports} (${members.length} flows)`,
      rules: members.flatMap((m) => m.rules),
      members: members.map((m) => m.id),
      ...(effective ? { effective } : {}),
      ...(oneSided.length
        ? {
            explanation: oneSided
              .map((m) => `${labelOf(m.source)} → ${labelOf(m.target)}: ${m.explanation ?? 'one-sided'}`)
              .join('\n'),
          }
        : {}),
      ...(first.action ? { action: first.action } : {}),
      ...(first.tier ? { tier: first.tier } : {}),
    };
    edges.push(aggregated);
  }

  const nodes: ViewNode[] = [];
  for (const node of graph.nodes) {
    if (drawnNode.get(node.id) !== node.id) continue;
    const collapsedInfo = info.get(node.id);
    nodes.push(collapsedInfo ? { ...node, collapsed: collapsedInfo } : node);
  }
  return { graph: { nodes, edges, policies: graph.policies }, drawnEdge, drawnNode };
}

/**
 * The change marks, moved to the drawn flows: a change of a flow inside an aggregated flow marks the aggregated
 * flow (toFlow's ranking then picks the strongest mark), a removed flow's ghost is re-attached like the flows,
 * and a change inside one collapsed node has nothing to mark.
 */
export function collapseChanges(changes: readonly FlowChange[], view: CollapsedView): FlowChange[] {
  if (view.drawnNode.size === 0 || changes.length === 0) return changes as FlowChange[];
  const out: FlowChange[] = [];
  for (const change of changes) {
    if (change.ghost) {
      const source = view.drawnNode.get(change.ghost.source) ?? change.ghost.source;
      const target = view.drawnNode.get(change.ghost.target) ?? change.ghost.target;
      if (source === change.ghost.source && target === change.ghost.target) out.push(change);
      else if (source !== target) out.push({ ...change, ghost: { ...change.ghost, source, target } });
      continue;
    }
    if (!change.edgeId) {
      out.push(change);
      continue;
    }
    const drawn = view.drawnEdge.get(change.edgeId);
    if (drawn === undefined || drawn === change.edgeId) out.push(change);
    else if (drawn !== null) out.push({ ...change, edgeId: drawn });
  }
  return out;
}

/**
 * The observed-flows overlay, moved to the drawn flows: an aggregated flow's observation is its flows' together
 * (denied when any connection would be denied, else allowed when any was observed), and an observed would-be-denied
 * connection between hidden pod groups is drawn between what stands for them (not at all inside one collapsed node).
 */
export function collapseObserved(observed: ObservedOverlay | null, view: CollapsedView): ObservedOverlay | null {
  if (!observed || view.drawnNode.size === 0) return observed;
  const rank: Record<ObservedState, number> = { denied: 0, allowed: 1, unobserved: 2 };
  const edges: ObservedOverlay['edges'] = new Map();
  for (const [id, seen] of observed.edges) {
    const drawn = view.drawnEdge.get(id);
    if (drawn === null) continue;
    const target = drawn ?? id;
    const known = edges.get(target);
    if (!known) edges.set(target, drawn === undefined || drawn === id ? seen : { ...seen });
    else
      edges.set(target, {
        state: rank[seen.state] < rank[known.state] ? seen.state : known.state,
        allowed: [...known.allowed, ...seen.allowed],
        denied: [...known.denied, ...seen.denied],
      });
  }
  const extra = new Map<string, ObservedOverlay['extra'][number]>();
  for (const x of observed.extra) {
    const source = view.drawnNode.get(x.source) ?? x.source;
    const target = view.drawnNode.get(x.target) ?? x.target;
    if (source === target && (source !== x.source || target !== x.target)) continue;
    const id = source === x.source && target === x.target ? x.id : `${AGGREGATE_PREFIX}observed:${source}->${target}`;
    const known = extra.get(id);
    extra.set(
      id,
      known ? { ...known, connections: [...known.connections, ...x.connections] } : { ...x, id, source, target },
    );
  }
  return { ...observed, edges, extra: [...extra.values()] };
}

/**
 * The selection as drawn: a flow inside an aggregated flow selects the aggregated flow, a pod group inside a
 * collapsed namespace selects the namespace (the inspector still shows what was selected). A flow inside one
 * collapsed node has nothing drawn to select.
 */
export function drawnSelection(selection: Selection | null, view: CollapsedView): Selection | null {
  if (!selection || view.drawnNode.size === 0) return selection;
  const drawn = selection.kind === 'edge' ? view.drawnEdge.get(selection.id) : view.drawnNode.get(selection.id);
  if (drawn === undefined || drawn === selection.id) return selection;
  return drawn === null ? null : { kind: selection.kind, id: drawn };
}

/** One remembered result, so the canvas and the inspector share the view of the same graph and collapsed set. */
let last: { graph: PolicyGraph; collapsed: ReadonlySet<string>; view: CollapsedView } | null = null;
export function collapsedView(graph: PolicyGraph, collapsed: ReadonlySet<string>): CollapsedView {
  if (last && last.graph === graph && last.collapsed === collapsed) return last.view;
  const view = collapseGraph(graph, collapsed);
  last = { graph, collapsed, view };
  return view;
}
