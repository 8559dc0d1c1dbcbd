import { getViewportForBounds, useReactFlow, useStoreApi } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import type { PolicyGraph } from '../../core/index.ts';
import { collapsedView } from '../canvas/collapse.ts';
import { LARGE_GRAPH_NODES } from '../canvas/lod.ts';
import { nodeSizes, type Positions } from './geometry.ts';
import { useCollapse } from '../canvas/collapseState.ts';
import { useDesigner, useDesignerStore } from '../store/designerContext.ts';
import { layoutGraph, PANE_ASPECT_RATIO } from './autoLayout.ts';

/** Runs ELK whenever the store asks for a full layout, then fits the view to the result; keeps new nodes in view. */
export function useAutoLayout() {
  const store = useDesignerStore();
  const request = useDesigner((s) => s.layoutRequest);
  const flow = useReactFlow();
  const flowStore = useStoreApi();
  // useReactFlow's object changes once the viewport is ready; the layout must not restart because of that.
  const flowRef = useRef(flow);
  useEffect(() => {
    flowRef.current = flow;
  }, [flow]);
  const handled = useRef(0);
  useEffect(() => {
    if (!request || handled.current === request) return;
    handled.current = request;
    const graph = store.getState().graph;
    store.getState().setLayoutRunning(true);
    // Packed to the pane's shape, so the fit view is as large as it can be.
    const { width, height } = flowStore.getState();
    // What is drawn is laid out: a collapsed namespace as one compact node (its pod groups keep their places
    // inside it for when it is expanded again).
    const drawn = collapsedView(graph, useCollapse.getState().collapsed).graph;
    layoutGraph(drawn, width > 0 && height > 0 ? width / height : PANE_ASPECT_RATIO)
      .then((positions) => {
        // A newer request or an edit made meanwhile wins; this result would be for an older graph.
        if (store.getState().layoutRequest !== request || store.getState().graph !== graph) return;
        // A large graph's view is fitted to the laid-out positions at once: its moved nodes enter the canvas a batch
        // a frame (canvas/progressive.ts), hidden until then, and React Flow's fit leaves hidden nodes out.
        store.getState().setPositions(positions);
        if (drawn.nodes.length > LARGE_GRAPH_NODES) {
          const { width: paneWidth, height: paneHeight, minZoom, maxZoom } = flowStore.getState();
          const bounds = boundsOf(drawn, positions);
          if (bounds && paneWidth > 0 && paneHeight > 0)
            void flowRef.current.setViewport(
              getViewportForBounds(bounds, paneWidth, paneHeight, minZoom, maxZoom, 0.1),
            );
          return;
        }
        // After React Flow has rendered and measured the moved nodes.
        setTimeout(() => void flowRef.current.fitView({ padding: 0.1, duration: 0 }), 60);
      })
      .catch((error: unknown) => {
        store
          .getState()
          .notify('error', `Auto layout failed: ${error instanceof Error ? error.message : String(error)}`);
      })
      // A task later: what waited for the layout (the loaded document's analysis, see the store) is drawn in a
      // task of its own, not with the moved nodes.
      .finally(() => setTimeout(() => store.getState().setLayoutRunning(false), 0));
  }, [request, store, flowStore]);

  // Nodes added from outside the editor (a graph command, the wizard, a template) may land off screen:
  // bring them into view. Typing never moves the view.
  useEffect(
    () =>
      store.subscribe((state, previous) => {
        if (state.outsideRevision === previous.outsideRevision || state.graph === previous.graph) return;
        const before = new Set(previous.graph.nodes.map((n) => n.id));
        if (state.graph.nodes.some((n) => !before.has(n.id)))
          setTimeout(() => void flowRef.current.fitView({ padding: 0.1, duration: 0 }), 60);
      }),
    [store],
  );
}

/** The box around a graph's outermost nodes at `positions` (their laid-out sizes), or null for no node. */
function boundsOf(graph: PolicyGraph, positions: Positions) {
  const sizes = nodeSizes(graph.nodes, positions);
  let [left, top, right, bottom] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const node of graph.nodes) {
    const at = positions[node.id];
    const size = sizes.get(node.id);
    if (node.parentId || !at || !size) continue;
    [left, top] = [Math.min(left, at.x), Math.min(top, at.y)];
    [right, bottom] = [Math.max(right, at.x + size.width), Math.max(bottom, at.y + size.height)];
  }
  return left === Infinity ? null : { x: left, y: top, width: right - left, height: bottom - top };
}
