import { useStoreApi, ViewportPortal, type ReactFlowState } from '@xyflow/react';
import { memo, useEffect, useMemo, useState } from 'react';
import {
  needsNewWindow,
  overviewBoxes,
  overviewPaths,
  useDetailed,
  viewRect,
  windowAround,
  type Box,
  type Rect,
} from './lod.ts';
import type { GraphFlowEdge, GraphFlowNode } from './toFlow.ts';

/** Calls `onChange` with whether the canvas is zoomed in far enough for detail (lod.ts), when that changes. */
export function DetailWatcher({ onChange }: { onChange: (detailed: boolean) => void }) {
  const detailed = useDetailed();
  useEffect(() => onChange(detailed), [detailed, onChange]);
  return null;
}

/**
 * Calls `onChange` with the area whose flows are drawn in detail (lod.ts, `windowAround`), when the view leaves the
 * last one. Subscribes to React Flow's store outside React: a pan step costs a rectangle test, no render.
 */
export function WindowWatcher({ onChange }: { onChange: (window: Rect) => void }) {
  const api = useStoreApi();
  useEffect(() => {
    let current: Rect | null = null;
    const check = (s: ReactFlowState) => {
      if (!s.width || !s.height) return;
      const view = viewRect(s.transform, s.width, s.height);
      if (!needsNewWindow(current, view)) return;
      current = windowAround(view);
      onChange(current);
    };
    check(api.getState());
    return api.subscribe(check);
  }, [api, onChange]);
  return null;
}

function sameBoxes(a: ReadonlyMap<string, Box>, b: ReadonlyMap<string, Box>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, box] of a) {
    const other = b.get(id);
    if (!other || other.x !== box.x || other.y !== box.y || other.width !== box.width || other.height !== box.height)
      return false;
  }
  return true;
}

/** `next`, or the boxes `last` holds when they are the same (so what depends on them is not recomputed). */
function keepIfSame(last: Map<'boxes', ReadonlyMap<string, Box>>, next: ReadonlyMap<string, Box>) {
  const previous = last.get('boxes');
  if (previous && sameBoxes(previous, next)) return previous;
  last.set('boxes', next);
  return next;
}

/**
 * The flows of the overview (zoomed far out, see lod.ts), or zoomed in on a large graph the far flows
 * (`splitFarEdges`, `far`: drawn under the nodes), drawn in the viewport as three SVG paths (allowed,
 * one-sided, selected) instead of one React Flow edge component each. Recomputed only when a node moves or the
 * flows change: panning changes neither, so it costs no React work and no repaint of the flows' geometry.
 */
export const OverviewEdges = memo(function OverviewEdges({
  nodes,
  edges,
  far = false,
}: {
  nodes: readonly GraphFlowNode[];
  edges: readonly GraphFlowEdge[];
  far?: boolean;
}) {
  // React Flow hands back new node objects when it measures a node; only positions and sizes matter here.
  const [last] = useState(() => new Map<'boxes', ReadonlyMap<string, Box>>());
  const boxes = useMemo(() => keepIfSame(last, overviewBoxes(nodes)), [nodes, last]);
  const paths = useMemo(() => overviewPaths(boxes, edges), [boxes, edges]);
  return (
    <ViewportPortal>
      <svg
        className={far ? 'overview-edges is-far' : 'overview-edges'}
        data-testid={far ? 'far-edges' : 'overview-edges'}
        aria-hidden="true"
      >
        {paths.allowed && <path className="flow-edge" d={paths.allowed} />}
        {paths.oneSided && <path className="flow-edge one-sided" d={paths.oneSided} />}
        {paths.selected && <path className="flow-edge is-selected" d={paths.selected} />}
      </svg>
    </ViewportPortal>
  );
});
