/**
 * A large new graph drawn without one long task. A 2,000-policy import (2,200 nodes, 6,800 flows) was one task
 * of more than a second: React rendering the whole canvas for the new graph, then React Flow mounting every
 * node (it draws each node it has not measured yet, visible or not, to measure it before it can cull it) and
 * the browser laying them all out. Here:
 * - `useDrawnGraph`: a graph with many new nodes or flows is drawn in a transition, so React renders it after
 *   the store's change has been taken by the rest of the page (the editor, the panels), in slices it can
 *   interrupt;
 * - `useProgressiveNodes`: the nodes React Flow has not been given yet enter at most MOUNT_BATCH a frame, and
 *   so do the nodes of a move of more than MOUNT_BATCH nodes (the auto layout's result: drawn zoomed out, a
 *   few hundred of them come into view at once): they are hidden until their turn (React Flow keeps their
 *   measurements meanwhile).
 * Nodes React Flow already has (an edit, a move, a selection) are handed on at once, and an ordinary change is
 * drawn at once: only a load of many new nodes, or a layout of many, is spread out, over a few frames.
 */
import { useReactFlow, useStoreApi } from '@xyflow/react';
import { startTransition, useEffect, useMemo, useState } from 'react';
import type { PolicyGraph } from '../../core/index.ts';
import type { Positions } from '../layout/geometry.ts';
import { LARGE_GRAPH_NODES } from './lod.ts';

/** At most this many nodes enter React Flow per frame (mounted, measured and laid out in well under 100 ms). */
export const MOUNT_BATCH = 80;

interface ProgressNode {
  id: string;
  parentId?: string;
  position: { x: number; y: number };
  hidden?: boolean;
  /** Being dragged (React Flow's flag): a drag of many selected nodes is not a move to spread out. */
  dragging?: boolean;
}

/**
 * `nodes` as far as they may enter this frame: the known ones, then new ones up to `batch`, parents first; of
 * the nodes `entering` again (moved), those past the batch are handed on hidden. `held`: the nodes not handed
 * on or hidden; `entering`: those still to enter again.
 */
export function mountable<N extends ProgressNode>(
  nodes: readonly N[],
  known: ReadonlySet<string>,
  batch = MOUNT_BATCH,
  entering: ReadonlySet<string> = new Set(),
): { nodes: N[]; held: number; entering: Set<string> } {
  let budget = batch;
  const held = new Set<string>();
  const still = new Set<string>();
  const out: N[] = [];
  for (const node of nodes) {
    // A child waits for its container (React Flow needs the parent before its children).
    if (node.parentId !== undefined && held.has(node.parentId)) {
      held.add(node.id);
      continue;
    }
    if (!known.has(node.id)) {
      if (budget === 0) {
        held.add(node.id);
        continue;
      }
      budget--;
    } else if (entering.has(node.id)) {
      if (budget === 0 && !node.hidden) {
        still.add(node.id);
        out.push({ ...node, hidden: true });
        continue;
      }
      budget--;
    }
    out.push(node);
  }
  return { nodes: held.size || still.size ? out : (nodes as N[]), held: held.size + still.size, entering: still };
}

/** The ids of the nodes of `next` that React Flow has (`known`) at another position in `last`. */
export function movedNodes<N extends ProgressNode>(last: readonly N[], next: readonly N[], known: ReadonlySet<string>) {
  const before = new Map(last.filter((n) => !n.dragging).map((n) => [n.id, n.position]));
  const moved = new Set<string>();
  for (const node of next) {
    const was = before.get(node.id);
    if (!was || !known.has(node.id) || node.dragging) continue;
    if (was.x !== node.position.x || was.y !== node.position.y) moved.add(node.id);
  }
  return moved;
}

interface Progress<N> {
  /** The nodes asked for, */
  nodes: N[];
  /** the ids React Flow had before them, */
  known: ReadonlySet<string>;
  /** and what it gets now. */
  step: { nodes: N[]; held: number; entering: Set<string> };
}

function advance<N extends ProgressNode>(last: Progress<N>, nodes: N[]): Progress<N> {
  const known = new Set(last.step.nodes.map((n) => n.id));
  let entering = last.step.entering;
  if (last.nodes !== nodes) {
    const moved = movedNodes(last.nodes, nodes, known);
    if (moved.size > MOUNT_BATCH) entering = new Set([...entering, ...moved]);
  }
  return { nodes, known, step: mountable(nodes, known, MOUNT_BATCH, entering) };
}

/** The nodes to hand React Flow now; re-renders once a frame until every node has been handed on. */
export function useProgressiveNodes<N extends ProgressNode>(nodes: N[]): N[] {
  // The graph the canvas opens with is handed on whole, as before: React Flow fits its view to the nodes it has
  // once they are measured (the `fitView` prop), so a saved layout opens fitted to all of it.
  const [progress, setProgress] = useState<Progress<N>>(() => ({
    nodes,
    known: new Set(nodes.map((n) => n.id)),
    step: { nodes, held: 0, entering: new Set() },
  }));
  // New nodes asked for: known are the ones handed on so far (React's "state from the previous render" pattern).
  let current = progress;
  if (progress.nodes !== nodes) {
    current = advance(progress, nodes);
    setProgress(current);
  }
  useEffect(() => {
    if (!current.step.held) return;
    const frame = requestAnimationFrame(() => setProgress((last) => advance(last, last.nodes)));
    return () => cancelAnimationFrame(frame);
  }, [current]);
  return current.step.nodes;
}

interface Drawn {
  graph: PolicyGraph;
  positions: Positions;
  stale: boolean;
}

/** A change to more flows than this (new objects: new flows, or the analysis's marks on a whole graph) is drawn in a transition. */
const MANY_EDGES = 1000;

/**
 * Whether `next` brings more than MOUNT_BATCH nodes that `last` does not have, or more than MANY_EDGES flows that
 * are not `last`'s objects (an edit changes a few: unchanged items keep their objects, see wire.ts).
 */
function bigChange(last: PolicyGraph, next: PolicyGraph): boolean {
  if (next.nodes.length > MOUNT_BATCH) {
    const known = new Set(last.nodes.map((n) => n.id));
    let fresh = 0;
    for (const node of next.nodes) if (!known.has(node.id) && ++fresh > MOUNT_BATCH) return true;
  }
  if (next.edges.length > MANY_EDGES) {
    const known = new Set(last.edges);
    let fresh = 0;
    for (const edge of next.edges) if (!known.has(edge) && ++fresh > MANY_EDGES) return true;
  }
  return false;
}

/**
 * What the canvas draws: the store's graph, positions and stale flag, at once, except when the graph brings many
 * new nodes (a load, an import) or many changed flows (the first analysis of a loaded document marks them all):
 * then the last one stays drawn until React has rendered the new one in a transition (started at once; the page
 * stays responsive meanwhile). A new graph of more than LARGE_GRAPH_NODES
 * enters zoomed out to the least zoom, at the top left of where new nodes are placed: there its nodes are plain
 * boxes and its flows a few paths (lod.ts), far cheaper to mount than labelled nodes and flows, and the user
 * sees the graph's extent while it is laid out (the layout then fits the view to it).
 */
export function useDrawnGraph(graph: PolicyGraph, positions: Positions, stale: boolean): Drawn {
  const live = useMemo(() => ({ graph, positions, stale }), [graph, positions, stale]);
  const [drawn, setDrawn] = useState<Drawn>(live);
  const deferred = drawn !== live && drawn.graph !== live.graph && bigChange(drawn.graph, live.graph);
  let current = drawn;
  if (drawn !== live && !deferred) {
    current = live;
    setDrawn(live);
  }
  const flow = useReactFlow();
  const flowStore = useStoreApi();
  const entering = deferred && manyNewIds(drawn.graph, live.graph);
  useEffect(() => {
    if (!deferred) return;
    if (entering && live.graph.nodes.length > LARGE_GRAPH_NODES)
      void flow.setViewport({ x: ENTER_MARGIN, y: ENTER_MARGIN, zoom: flowStore.getState().minZoom });
    startTransition(() => setDrawn(live));
  }, [deferred, entering, live, flow, flowStore]);
  return current;
}

/** Whether most of `next`'s nodes are new (a new document), not the same graph with new marks. */
function manyNewIds(last: PolicyGraph, next: PolicyGraph): boolean {
  const known = new Set(last.nodes.map((n) => n.id));
  return next.nodes.filter((n) => !known.has(n.id)).length > MOUNT_BATCH;
}

/** Screen pixels between the pane's corner and a large new graph's first nodes while it enters. */
const ENTER_MARGIN = 40;
