/**
 * PolicyGraph + positions → React Flow nodes and edges. Containers come before their children (React Flow
 * requires it) and are sized to fit them; child positions are relative to their container.
 */
import type { Edge, Node } from '@xyflow/react';
import { sameContent, type GraphEdge, type GraphNode, type PolicyGraph } from '../../core/index.ts';
import { isContainer, nodeSizes, type Positions } from '../layout/geometry.ts';
import type { FlowChange, ObservedOverlay, ObservedState, Selection } from '../store/designerStore.ts';
import { NO_EMPHASIS, type Emphasis } from './focus.ts';
import { displayText } from '../text.ts';
import { adminEdgeMarker } from './adminEdge.ts';

export type GraphNodeData = { node: GraphNode; stale: boolean };
export type GraphFlowNode = Node<GraphNodeData, GraphNode['type']>;
/** `change`: what the edits did to this flow against the baseline (Changes list); a removed flow's edge is a ghost. */
/**
 * `observed`: what an imported flow log says of this flow (allowed and observed, observed but would be denied, not
 * observed), with the observed connections; an `observedExtra` edge is no drawn flow but observed traffic the
 * policies would deny between two nodes no flow joins.
 */
export type FlowEdgeData = {
  edge: GraphEdge;
  change?: FlowChange['type'];
  ghost?: boolean;
  observed?: ObservedState;
  /** Observed connections it allows, and those between its ends the policies would deny. */
  observedAllowed?: string[];
  observedDenied?: string[];
  observedExtra?: boolean;
};
export type GraphFlowEdge = Edge<FlowEdgeData, 'flow'>;

function depth(node: GraphNode, byId: Map<string, GraphNode>): number {
  let d = 0;
  for (let n = node; n.parentId && byId.has(n.parentId); n = byId.get(n.parentId)!) d++;
  return d;
}

export function toFlowNodes(
  graph: PolicyGraph,
  positions: Positions,
  selection: Selection | null,
  stale: boolean,
  emphasis: Emphasis = NO_EMPHASIS,
  cache?: FlowCache<GraphFlowNode>,
): GraphFlowNode[] {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const sizes = nodeSizes(graph.nodes, positions);
  const ordered = [...graph.nodes].sort((a, b) => depth(a, byId) - depth(b, byId));
  cache?.begin();
  const drawn = ordered.map((node) => {
    const size = sizes.get(node.id)!;
    const position = positions[node.id];
    const inParent = !!node.parentId && byId.has(node.parentId);
    const selected = selection?.kind === 'node' && selection.id === node.id;
    const className = emphasisClass(emphasis.dimmedNodes.has(node.id), emphasis.matches.has(node.id));
    const hidden = emphasis.hiddenNodes.has(node.id);
    const build = (): GraphFlowNode => ({
      id: node.id,
      type: node.type,
      position: position ?? { x: 0, y: 0 },
      data: { node, stale },
      ...(inParent ? { parentId: node.parentId } : {}),
      selected,
      ...(isContainer(node) ? { style: { width: size.width, height: size.height }, zIndex: 0 } : { width: size.width }),
      ariaLabel: `${node.type === 'podGroup' ? 'pod group' : node.type} ${displayText(node.label)}`,
      ...(className ? { className } : {}),
      ...(hidden ? { hidden: true } : {}),
    });
    if (!cache) return build();
    return cache.item(
      node.id,
      [node, position, size.width, size.height, inParent, selected, className, hidden, stale],
      build,
    );
  });
  cache?.end();
  return drawn;
}

function emphasisClass(dimmed: boolean, matched: boolean): string {
  return [dimmed ? 'is-dimmed' : '', matched ? 'is-match' : ''].filter(Boolean).join(' ');
}

/**
 * The change mark of each drawn flow (changed before added before removed, when several connections it carries
 * changed), and the ghosts: removed flows no longer drawn whose two ends still are.
 */
function changeMarks(graph: PolicyGraph, changes: readonly FlowChange[]) {
  const rank = { changed: 0, added: 1, removed: 2 } as const;
  const marks = new Map<string, FlowChange['type']>();
  const ghosts = new Map<string, GraphEdge>();
  const drawn = new Set(graph.edges.map((e) => e.id));
  const nodes = new Set(graph.nodes.map((n) => n.id));
  for (const c of changes) {
    if (!c.edgeId) continue;
    const mark = marks.get(c.edgeId);
    if (!mark || rank[c.type] < rank[mark]) marks.set(c.edgeId, c.type);
    if (c.ghost && !drawn.has(c.ghost.id) && nodes.has(c.ghost.source) && nodes.has(c.ghost.target))
      ghosts.set(c.ghost.id, c.ghost);
  }
  return { marks, ghosts };
}

export function toFlowEdges(
  graph: PolicyGraph,
  selection: Selection | null,
  emphasis: Emphasis = NO_EMPHASIS,
  changes: readonly FlowChange[] = [],
  observed: ObservedOverlay | null = null,
  cache?: FlowCache<GraphFlowEdge>,
): GraphFlowEdge[] {
  const { marks, ghosts } = changeMarks(graph, changes);
  const edges = graph.edges.map((edge) => ({ edge, ghost: false }));
  for (const edge of ghosts.values()) edges.push({ edge, ghost: true });
  cache?.begin();
  const drawn: GraphFlowEdge[] = edges.map(({ edge, ghost }) => {
    const seen = ghost ? undefined : observed?.edges.get(edge.id);
    const change = marks.get(edge.id);
    const selected = selection?.kind === 'edge' && selection.id === edge.id;
    const dimmed = emphasis.dimmedEdges.has(edge.id);
    const hidden = emphasis.hiddenEdges.has(edge.id);
    const build = (): GraphFlowEdge => ({
      id: edge.id,
      source: edge.source,
      target: edge.target,
      type: 'flow',
      data: {
        edge,
        ...(change ? { change } : {}),
        ...(ghost ? { ghost } : {}),
        ...(seen ? { observed: seen.state, observedAllowed: seen.allowed, observedDenied: seen.denied } : {}),
      },
      selected,
      ...(edge.action ? { markerEnd: adminEdgeMarker(edge)! } : {}),
      // Above nodes, containers included, so a flow across a namespace stays visible and clickable.
      zIndex: 1000,
      ariaLabel: `${ghost ? 'removed ' : ''}flow ${edge.source} to ${edge.target}: ${displayText(edge.label)}`,
      ...(dimmed ? { className: 'is-dimmed' } : {}),
      ...(hidden ? { hidden: true } : {}),
    });
    if (!cache) return build();
    return cache.item(edge.id, [edge, ghost, change, seen, selected, dimmed, hidden], build);
  });
  for (const x of observed?.extra ?? []) {
    const edge: GraphEdge = { id: x.id, source: x.source, target: x.target, label: 'would be denied', rules: [] };
    const build = (): GraphFlowEdge => ({
      id: x.id,
      source: x.source,
      target: x.target,
      type: 'flow',
      data: { edge, observed: 'denied', observedDenied: x.connections, observedExtra: true },
      selectable: false,
      zIndex: 1000,
      ariaLabel: `observed traffic ${x.source} to ${x.target} the policies would deny`,
    });
    drawn.push(cache ? cache.item(x.id, [x], build) : build());
  }
  cache?.end();
  return drawn;
}

/**
 * The canvas's React Flow items of the last render, by id, so that an item whose inputs did not change keeps its
 * object: React Flow then keeps its internal node (with its measurements) and the memoized node and edge
 * components skip re-rendering. An item is looked up by its inputs first (the graph item, its position, its
 * marks…, compared by reference: the derive worker hands unchanged graph items over as the same objects, see
 * wire.ts), so a keystroke in a 1,000-policy document builds only the items it changed. Items whose inputs are new
 * objects with the same content (a graph projected on the page, after a graph command) are told by content.
 */
export class FlowCache<T extends { id: string }> {
  private readonly byId = new Map<string, { inputs: readonly unknown[]; item: T }>();
  private seen = new Set<string>();

  /** Starts a render: ids not asked for until `end` are forgotten then. */
  begin(): void {
    this.seen = new Set();
  }

  /** The item for `id`: the last one if `inputs` are the same values, or if what `build` gives is equal to it. */
  item(id: string, inputs: readonly unknown[], build: () => T): T {
    this.seen.add(id);
    const hit = this.byId.get(id);
    if (hit && hit.inputs.length === inputs.length && hit.inputs.every((v, i) => v === inputs[i])) return hit.item;
    const item = build();
    if (hit && sameContent(hit.item, item)) {
      hit.inputs = inputs;
      return hit.item;
    }
    this.byId.set(id, { inputs, item });
    return item;
  }

  end(): void {
    for (const id of this.byId.keys()) if (!this.seen.has(id)) this.byId.delete(id);
  }

  get size(): number {
    return this.byId.size;
  }
}
