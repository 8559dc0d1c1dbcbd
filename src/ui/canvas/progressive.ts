/**
 * A large new graph drawn without one long task. A 2,000-policy import (2,200 nodes, 6,800 flows) was one task
 * of more than a second: React rendering the whole canvas for the new graph, then React Flow mounting every
 * node (it draws each node it has not measured yet, visible or not, to measure it before it can cull it) and
 * the browser laying them all out. Here:
 * - `useDrawnGraph`: a graph with many new nodes is drawn in a transition, so React renders it after the
 *   store's change has been taken by the rest of the page (the editor, the panels), in slices it can interrupt;
 * - `useProgressiveNodes`: the nodes React Flow has not been given yet enter at most MOUNT_BATCH a frame.
 * Nodes React Flow already has (an edit, a move, a selection) are handed on at once, and an ordinary change is
 * drawn at once: only a load of many new nodes is spread out, over a few frames.
 */
import { useReactFlow, useStoreApi } from '@xyflow/react';
import { startTransition, useEffect, useMemo, useState } from 'react';
import type { PolicyGraph } from '../../core/index.ts';
import type { Positions } from '../layout/geometry.ts';
import { LARGE_GRAPH_NODES } from './lod.ts';

/** At most this many nodes new to React Flow per frame (one frame then mounts and lays them out in ~50–100 ms). */
export const MOUNT_BATCH = 120;

/** `nodes` as far as they may enter this frame: the known ones, then new ones up to `batch`, parents first. */
export function mountable<N extends { id: string; parentId?: string }>(
  nodes: readonly N[],
  known: ReadonlySet<string>,
  batch = MOUNT_BATCH,
): { nodes: N[]; held: number } {
  let budget = batch;
  const held = new Set<string>();
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
    }
    out.push(node);
  }
  return { nodes: held.size ? out : (nodes as N[]), held: held.size };
}

interface Progress<N> {
  /** The nodes asked for, */
  nodes: N[];
  /** the ids React Flow had before them, */
  known: ReadonlySet<string>;
  /** and what it gets now. */
  step: { nodes: N[]; held: number };
}

function advance<N extends { id: string; parentId?: string }>(last: Progress<N> | null, nodes: N[]): Progress<N> {
  const known = new Set(last ? last.step.nodes.map((n) => n.id) : []);
  return { nodes, known, step: mountable(nodes, known) };
}

/** The nodes to hand React Flow now; re-renders once a frame until every node has been handed on. */
export function useProgressiveNodes<N extends { id: string; parentId?: string }>(nodes: N[]): N[] {
  const [progress, setProgress] = useState(() => advance<N>(null, nodes));
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

/** Whether `next` brings more than MOUNT_BATCH nodes that `last` does not have. */
function manyNewNodes(last: PolicyGraph, next: PolicyGraph): boolean {
  if (next.nodes.length <= MOUNT_BATCH) return false;
  const known = new Set(last.nodes.map((n) => n.id));
  let fresh = 0;
  for (const node of next.nodes) if (!known.has(node.id) && ++fresh > MOUNT_BATCH) return true;
  return false;
}

/**
 * What the canvas draws: the store's graph, positions and stale flag, at once, except when the graph brings many
 * new nodes (a load, an import): then the last one stays drawn until React has rendered the new one in a
 * transition (started at once; the page stays responsive meanwhile). A new graph of more than LARGE_GRAPH_NODES
 * enters zoomed out to the least zoom, at the top left of where new nodes are placed: there its nodes are plain
 * boxes and its flows a few paths (lod.ts), far cheaper to mount than labelled nodes and flows, and the user
 * sees the graph's extent while it is laid out (the layout then fits the view to it).
 */
export function useDrawnGraph(graph: PolicyGraph, positions: Positions, stale: boolean): Drawn {
  const live = useMemo(() => ({ graph, positions, stale }), [graph, positions, stale]);
  const [drawn, setDrawn] = useState<Drawn>(live);
  const deferred = drawn !== live && manyNewNodes(drawn.graph, live.graph);
  let current = drawn;
  if (drawn !== live && !deferred) {
    current = live;
    setDrawn(live);
  }
  const flow = useReactFlow();
  const flowStore = useStoreApi();
  useEffect(() => {
    if (!deferred) return;
    if (live.graph.nodes.length > LARGE_GRAPH_NODES)
      void flow.setViewport({ x: ENTER_MARGIN, y: ENTER_MARGIN, zoom: flowStore.getState().minZoom });
    startTransition(() => setDrawn(live));
  }, [deferred, live, flow, flowStore]);
  return current;
}

/** Screen pixels between the pane's corner and a large new graph's first nodes while it enters. */
const ENTER_MARGIN = 40;
