/**
 * PolicyGraph + positions → React Flow nodes and edges. Containers come before their children (React Flow
 * requires it) and are sized to fit them; child positions are relative to their container.
 */
import type { Edge, Node } from '@xyflow/react';
import type { GraphEdge, GraphNode, PolicyGraph } from '../../core/index.ts';
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
): GraphFlowNode[] {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const sizes = nodeSizes(graph.nodes, positions);
  const ordered = [...graph.nodes].sort((a, b) => depth(a, byId) - depth(b, byId));
  return ordered.map((node) => {
    const size = sizes.get(node.id)!;
    const container = isContainer(node);
    const className = emphasisClass(emphasis.dimmedNodes.has(node.id), emphasis.matches.has(node.id));
    return {
      id: node.id,
      type: node.type,
      position: positions[node.id] ?? { x: 0, y: 0 },
      data: { node, stale },
      ...(node.parentId && byId.has(node.parentId) ? { parentId: node.parentId } : {}),
      selected: selection?.kind === 'node' && selection.id === node.id,
      ...(container ? { style: { width: size.width, height: size.height }, zIndex: 0 } : { width: size.width }),
      ariaLabel: `${node.type === 'podGroup' ? 'pod group' : node.type} ${displayText(node.label)}`,
      ...(className ? { className } : {}),
      ...(emphasis.hiddenNodes.has(node.id) ? { hidden: true } : {}),
    };
  });
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
): GraphFlowEdge[] {
  const { marks, ghosts } = changeMarks(graph, changes);
  const edges = graph.edges.map((edge) => ({ edge, ghost: false }));
  for (const edge of ghosts.values()) edges.push({ edge, ghost: true });
  const drawn: GraphFlowEdge[] = edges.map(({ edge, ghost }) => {
    const seen = ghost ? undefined : observed?.edges.get(edge.id);
    return {
      id: edge.id,
      source: edge.source,
      target: edge.target,
      type: 'flow',
      data: {
        edge,
        ...(marks.has(edge.id) ? { change: marks.get(edge.id)! } : {}),
        ...(ghost ? { ghost } : {}),
        ...(seen ? { observed: seen.state, observedAllowed: seen.allowed, observedDenied: seen.denied } : {}),
      },
      selected: selection?.kind === 'edge' && selection.id === edge.id,
      ...(edge.action ? { markerEnd: adminEdgeMarker(edge)! } : {}),
      // Above nodes, containers included, so a flow across a namespace stays visible and clickable.
      zIndex: 1000,
      ariaLabel: `${ghost ? 'removed ' : ''}flow ${edge.source} to ${edge.target}: ${displayText(edge.label)}`,
      ...(emphasis.dimmedEdges.has(edge.id) ? { className: 'is-dimmed' } : {}),
      ...(emphasis.hiddenEdges.has(edge.id) ? { hidden: true } : {}),
    };
  });
  for (const x of observed?.extra ?? []) {
    const edge: GraphEdge = { id: x.id, source: x.source, target: x.target, label: 'would be denied', rules: [] };
    drawn.push({
      id: x.id,
      source: x.source,
      target: x.target,
      type: 'flow',
      data: { edge, observed: 'denied', observedDenied: x.connections, observedExtra: true },
      selectable: false,
      zIndex: 1000,
      ariaLabel: `observed traffic ${x.source} to ${x.target} the policies would deny`,
    });
  }
  return drawn;
}

/**
 * A short token per content of a graph node or edge, remembered per object: the store hands unchanged nodes and
 * edges over as the same objects, so comparing a 1,000-policy graph no longer serializes every item on each edit.
 */
let contentTokens = new WeakMap<object, number>();
const tokensByContent = new Map<string, number>();
/** Never reused, so a token in a remembered signature always means the content it was given for. */
let nextToken = 0;
function contentToken(value: object): number {
  let token = contentTokens.get(value);
  if (token === undefined) {
    const content = JSON.stringify(value);
    token = tokensByContent.get(content);
    if (token === undefined) {
      if (tokensByContent.size >= 200_000) {
        tokensByContent.clear();
        contentTokens = new WeakMap();
      }
      tokensByContent.set(content, (token = nextToken++));
    }
    contentTokens.set(value, token);
  }
  return token;
}

const signatureOf = (item: unknown) =>
  JSON.stringify(item, (key, value) =>
    (key === 'node' || key === 'edge') && value && typeof value === 'object' ? contentToken(value) : value,
  );

/**
 * The previous render's object for every item whose content did not change, so React Flow keeps its internal
 * node and the memoized node and edge components skip re-rendering. `cache` holds the last call's items by id.
 */
export function reuseUnchanged<T extends { id: string }>(
  next: T[],
  cache: Map<string, { signature: string; item: T }>,
): T[] {
  const seen = new Set<string>();
  const result = next.map((item) => {
    seen.add(item.id);
    const signature = signatureOf(item);
    const cached = cache.get(item.id);
    if (cached && cached.signature === signature) return cached.item;
    cache.set(item.id, { signature, item });
    return item;
  });
  for (const id of cache.keys()) if (!seen.has(id)) cache.delete(id);
  return result;
}
