import {
  applyNodeChanges,
  Background,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  type Connection,
  type NodeChange,
  type OnBeforeDelete,
} from '@xyflow/react';
import { useCallback, useMemo, useState } from 'react';
import type { GraphCommand, NodeRef } from '../../core/index.ts';
import { useDesigner, useDesignerStore } from '../store/designerContext.ts';
import { observedView } from '../store/views.ts';
import { TEST_IDS } from '../testIds.ts';
import { CanvasFinder } from './CanvasFinder.tsx';
import { collapseChanges, collapsedView, collapseObserved, drawnSelection, isAggregateId } from './collapse.ts';
import { useCollapse } from './collapseState.ts';
import { useCanvasView } from './canvasView.ts';
import { EDGE_TYPES } from './FlowEdge.tsx';
import { drawnMatches, emphasisOf } from './focus.ts';
import { NODE_TYPES } from './nodes.tsx';
import { useDrawnGraph, useProgressiveNodes } from './progressive.ts';
import { SemanticZoomWatcher } from './SemanticZoomWatcher.tsx';
import { LARGE_GRAPH_NODES, overviewBoxes, splitFarEdges, type Rect } from './lod.ts';
import { DetailWatcher, OverviewEdges, WindowWatcher } from './OverviewEdges.tsx';
import { FlowCache, toFlowEdges, toFlowNodes, type GraphFlowEdge, type GraphFlowNode } from './toFlow.ts';

const DELETE_KEYS = ['Backspace', 'Delete'];
const DEFAULT_EDGE_OPTIONS = { markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 } };

/**
 * The minimap draws every node, visible or not, and redraws on each viewport change: on a cluster-sized graph
 * that alone made panning stall (hundreds of ms per frame), so it is shown for graphs up to this size.
 */
const MINIMAP_MAX_NODES = 300;
const NO_EDGES: GraphFlowEdge[] = [];

/** Whether two items of a node draw the same box (they may differ in position, selection or emphasis). */
const sameBox = (a: GraphFlowNode, b: GraphFlowNode) =>
  a.data.node === b.data.node &&
  a.data.stale === b.data.stale &&
  a.type === b.type &&
  a.width === b.width &&
  a.style?.width === b.style?.width &&
  a.style?.height === b.style?.height;

/**
 * The new nodes, with React Flow's measured copy for every node whose item did not change, and its measurements
 * for every node whose item still draws the same box (moved by the auto layout, say). A node object without
 * its measurements is drawn unculled and measured again, so handing React Flow fresh copies of all nodes mounted
 * every node of a 1,000-policy graph on each edit (25,000 elements), or after each layout, before culling them
 * again. A node mounted again is measured again anyway.
 */
function keepMeasured(
  local: { base: GraphFlowNode[]; nodes: GraphFlowNode[] },
  next: GraphFlowNode[],
): GraphFlowNode[] {
  const base = new Map(local.base.map((n) => [n.id, n]));
  const measured = new Map(local.nodes.map((n) => [n.id, n]));
  return next.map((n) => {
    const copy = measured.get(n.id);
    if (!copy || base.get(n.id) === n) return copy ?? n;
    const was = base.get(n.id);
    return copy.measured && was && sameBox(was, n) ? { ...n, measured: copy.measured } : n;
  });
}

export function Canvas() {
  const store = useDesignerStore();
  // A graph with many new nodes (an import) is drawn in a transition (progressive.ts).
  const { graph, positions, stale } = useDrawnGraph(
    useDesigner((s) => s.graph),
    useDesigner((s) => s.positions),
    useDesigner((s) => s.stale),
  );
  const chosen = useDesigner((s) => s.selection);
  const changes = useDesigner((s) => s.changes);
  const observed = useDesigner(observedView);
  // Collapsed namespaces (collapse.ts): what is drawn is a view of the graph, the graph itself when none is.
  const collapsed = useCollapse((s) => s.collapsed);
  const view = useMemo(() => collapsedView(graph, collapsed), [graph, collapsed]);
  const selection = useMemo(() => drawnSelection(chosen, view), [chosen, view]);
  const drawnChanges = useMemo(() => collapseChanges(changes?.changes ?? [], view), [changes, view]);
  const drawnObserved = useMemo(() => collapseObserved(observed, view), [observed, view]);

  // Every edit re-projects the whole graph; unchanged nodes and edges keep their objects so only the changed ones
  // re-render.
  const [nodeCache] = useState(() => new FlowCache<GraphFlowNode>());
  const [edgeCache] = useState(() => new FlowCache<GraphFlowEdge>());
  const direction = useCanvasView((v) => v.direction);
  const query = useCanvasView((v) => v.query);
  const namespace = useCanvasView((v) => v.namespace);
  // Search looks inside collapsed namespaces too: a hidden match lights up the namespace that stands for it.
  const found = useMemo(() => drawnMatches(graph, query, view.drawnNode), [graph, query, view]);
  const emphasis = useMemo(
    () => emphasisOf(view.graph, selection, direction, query, namespace, found),
    [view, selection, direction, query, namespace, found],
  );
  const derivedNodes = useMemo(
    () => toFlowNodes(view.graph, positions, selection, stale, emphasis, nodeCache),
    [view, positions, selection, stale, emphasis, nodeCache],
  );
  const edges = useMemo(
    () => toFlowEdges(view.graph, selection, emphasis, drawnChanges, drawnObserved, edgeCache),
    [view, selection, emphasis, drawnChanges, drawnObserved, edgeCache],
  );
  // React Flow moves nodes locally while dragging; the store gets the final position on drop.
  // (State derived during render, React's pattern for "reset local state when an input changes".)
  const [local, setLocal] = useState({ base: derivedNodes, nodes: derivedNodes });
  if (local.base !== derivedNodes) setLocal({ base: derivedNodes, nodes: keepMeasured(local, derivedNodes) });
  const nodes = local.base === derivedNodes ? local.nodes : derivedNodes;
  // A large new graph enters React Flow a batch a frame (progressive.ts).
  const mounting = useProgressiveNodes(nodes);
  // Zoomed far out (lod.ts) the flows are drawn by OverviewEdges, not as one React Flow edge each.
  const [detailed, setDetailed] = useState(true);
  // Zoomed in on a large graph, only the flows near the view are React Flow edges; the others (long flows with
  // both ends and their label far away) are bare lines drawn by OverviewEdges (lod.ts, splitFarEdges).
  const large = nodes.length > LARGE_GRAPH_NODES;
  const [area, setArea] = useState<Rect | null>(null);
  const [lastSplit] = useState(() => new Map<'near' | 'far', GraphFlowEdge[]>());
  const split = useMemo(() => {
    if (!large || !detailed || !area) return null;
    const next = splitFarEdges(overviewBoxes(nodes), edges, area);
    // The same flows as before: the same array, so React Flow does not take in its edges again (a node drag),
    // and the far flows' paths are not drawn again (a node measured).
    const same = (key: 'near' | 'far') => {
      const previous = lastSplit.get(key);
      if (previous && previous.length === next[key].length && next[key].every((e, i) => e === previous[i]))
        return previous;
      lastSplit.set(key, next[key]);
      return next[key];
    };
    return { near: same('near'), far: same('far') };
  }, [large, detailed, area, nodes, edges, lastSplit]);

  const onNodesChange = useCallback(
    (changes: NodeChange<GraphFlowNode>[]) =>
      setLocal((current) => ({
        base: current.base,
        nodes: applyNodeChanges(
          changes.filter((c) => c.type !== 'remove'),
          current.nodes,
        ),
      })),
    [],
  );

  const refOf = useCallback(
    (id: string): NodeRef | undefined => store.getState().graph.nodes.find((n) => n.id === id)?.ref,
    [store],
  );

  const onConnect = useCallback(
    (connection: Connection) => {
      const source = refOf(connection.source);
      const target = refOf(connection.target);
      if (!source || !target) return;
      void store
        .getState()
        .dispatch({ type: 'connect', source, target })
        .then((applied) => {
          if (!applied) return;
          const edge = store
            .getState()
            .graph.edges.find((e) => e.source === connection.source && e.target === connection.target);
          if (edge) store.getState().select({ kind: 'edge', id: edge.id });
        });
    },
    [refOf, store],
  );

  // Deleting on the canvas is a graph command; React Flow never removes anything itself.
  const onBeforeDelete: OnBeforeDelete<GraphFlowNode, GraphFlowEdge> = useCallback(
    async ({ nodes: doomedNodes, edges: doomedEdges }) => {
      const commands: GraphCommand[] = [];
      const nodeIds = new Set(doomedNodes.map((n) => n.id));
      for (const node of doomedNodes) commands.push({ type: 'removeNode', node: node.data.node.ref });
      for (const edge of doomedEdges) {
        if (nodeIds.has(edge.source) || nodeIds.has(edge.target)) continue;
        // An aggregated flow (collapsed namespace) stands for flows of pod groups not drawn: no edit from here.
        if (isAggregateId(edge.id)) continue;
        const source = refOf(edge.source);
        const target = refOf(edge.target);
        if (source && target) commands.push({ type: 'disconnect', source, target });
      }
      for (const command of commands) if (!(await store.getState().dispatch(command))) break;
      return false;
    },
    [refOf, store],
  );

  return (
    <div className={`canvas${stale ? ' is-stale' : ''}`} data-testid={TEST_IDS.canvas}>
      <ReactFlow<GraphFlowNode, GraphFlowEdge>
        nodes={mounting}
        edges={detailed ? (split?.near ?? edges) : NO_EDGES}
        nodeTypes={NODE_TYPES}
        edgeTypes={EDGE_TYPES}
        defaultEdgeOptions={DEFAULT_EDGE_OPTIONS}
        onNodesChange={onNodesChange}
        onNodeDragStop={(_event, _node, dragged) => {
          const moved: Record<string, { x: number; y: number }> = {};
          for (const n of dragged) moved[n.id] = { x: Math.round(n.position.x), y: Math.round(n.position.y) };
          store.getState().setPositions(moved);
        }}
        onNodeClick={(_event, node) => store.getState().select({ kind: 'node', id: node.id })}
        onEdgeClick={(_event, edge) => store.getState().select({ kind: 'edge', id: edge.id })}
        onPaneClick={() => store.getState().select(null)}
        onConnect={onConnect}
        onBeforeDelete={onBeforeDelete}
        deleteKeyCode={DELETE_KEYS}
        nodesConnectable={!stale}
        fitView
        fitViewOptions={{ padding: 0.15 }}
        minZoom={0.1}
        onlyRenderVisibleElements
        aria-label="Policy graph canvas"
      >
        <CanvasFinder />
        <DetailWatcher onChange={setDetailed} />
        <SemanticZoomWatcher />
        {!detailed && <OverviewEdges nodes={nodes} edges={edges} />}
        {large && <WindowWatcher onChange={setArea} />}
        {split && split.far.length > 0 && <OverviewEdges nodes={nodes} edges={split.far} far />}
        <Background gap={20} />
        <Controls showInteractive={false} />
        {nodes.length <= MINIMAP_MAX_NODES && <MiniMap pannable zoomable style={{ width: 150, height: 100 }} />}
      </ReactFlow>
    </div>
  );
}
