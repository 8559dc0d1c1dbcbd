/**
 * Level of detail. Below DETAIL_MIN_ZOOM (LARGE_GRAPH_MIN_ZOOM for a large graph) the canvas draws an
 * overview: nodes are plain boxes (no text, shields or visible handles), flows are bare lines (no label, arrowhead, dash or tooltip). Text at that scale is a few
 * pixels high and unreadable, yet painting it (and the long dashed paths of one-sided flows) is what made panning
 * a cluster-sized graph slow.
 *
 * Components read the zoom through React Flow's store with a boolean selector, so they re-render only when the
 * zoom crosses the threshold, never on every pan or zoom frame.
 */
import { getBezierPath, Position, useStore, type ReactFlowState } from '@xyflow/react';
import type { GraphNode } from '../../core/index.ts';
import type { GraphFlowEdge, GraphFlowNode } from './toFlow.ts';

/**
 * Below this zoom 12 px text is under 2 px high. The threshold stays under the zoom "fit view" gives a mid-sized
 * import (about 0.18 for a 40-policy list or the operator guide on a 1440 px wide window), where labels are still
 * drawn; a cluster-sized graph fitted to the view (down to the minimum zoom, 0.1) is drawn as an overview.
 */
export const DETAIL_MIN_ZOOM = 0.15;

/**
 * A graph above this many nodes keeps the overview up to LARGE_GRAPH_MIN_ZOOM (12 px text about 4 px high): there
 * hundreds of long flows cross the view, and drawing each with its label (and dashes) took a third of a second
 * per frame on a 2,000-node graph, for text hardly anyone can read. Same size as the minimap's limit.
 */
export const LARGE_GRAPH_NODES = 300;
export const LARGE_GRAPH_MIN_ZOOM = 0.35;

export const isDetailedZoom = (zoom: number, nodes = 0) =>
  zoom >= (nodes > LARGE_GRAPH_NODES ? LARGE_GRAPH_MIN_ZOOM : DETAIL_MIN_ZOOM);

const detailedSelector = (s: ReactFlowState) => isDetailedZoom(s.transform[2], s.nodeLookup.size);

/** True when the canvas is zoomed in far enough to draw text; re-renders the caller only when that changes. */
export function useDetailed(): boolean {
  return useStore(detailedSelector);
}

/**
 * The overview box's height (a leaf's; containers keep their fitted size): about what the detailed
 * node measures (a header line, then one line per selector label or ipBlock exception), so flows end in the same
 * place and the layout does not jump when the zoom crosses the threshold.
 */
export function overviewHeight(node: GraphNode): number {
  const HEADER = 27;
  const LINE = 14.5;
  const ref = node.ref;
  switch (node.type) {
    case 'podGroup': {
      const selector = ref.kind === 'pods' || ref.kind === 'namespacePods' ? ref.podSelector : undefined;
      const lines = Object.keys(selector?.matchLabels ?? {}).length + (selector?.matchExpressions?.length ?? 0);
      return Math.round(HEADER + LINE * Math.max(1, lines));
    }
    case 'ipBlock':
      return Math.round(HEADER + LINE * (1 + (ref.kind === 'ipBlock' ? (ref.except?.length ?? 0) : 0)));
    default:
      return Math.round(HEADER + LINE);
  }
}

/** Absolute box of every node as the overview draws it (children are positioned relative to their container). */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const num = (v: unknown) => (typeof v === 'number' ? v : undefined);

export function overviewBoxes(nodes: readonly GraphFlowNode[]): Map<string, Box> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const boxes = new Map<string, Box>();
  const boxOf = (node: GraphFlowNode): Box => {
    const known = boxes.get(node.id);
    if (known) return known;
    const parent = node.parentId ? byId.get(node.parentId) : undefined;
    const origin = parent && parent !== node ? boxOf(parent) : { x: 0, y: 0 };
    const box = {
      x: origin.x + node.position.x,
      y: origin.y + node.position.y,
      width: num(node.width) ?? num(node.style?.width) ?? node.measured?.width ?? 0,
      height: num(node.style?.height) ?? overviewHeight(node.data.node),
    };
    boxes.set(node.id, box);
    return box;
  };
  for (const node of nodes) boxOf(node);
  return boxes;
}

/** Half a handle: React Flow ends a flow at the outer side of the handle, which straddles the node's border. */
const HANDLE_HALF = 4.5;

export interface OverviewPaths {
  /** One path for all flows of a kind, each flow a subpath. */
  allowed: string;
  oneSided: string;
  selected: string;
}

/**
 * Every flow as React Flow would draw it (bottom of the source to the top of the target, the same bezier), batched
 * into one SVG path per look: one element to lay out, paint and hit-test instead of one per flow.
 */
/**
 * Each flow's last overview path, with the ends it was drawn between: the canvas keeps a flow's object while it
 * does not change (toFlow.ts, FlowCache), so an edit re-draws only the flows it moved or changed.
 */
const lastPaths = new WeakMap<GraphFlowEdge, { sx: number; sy: number; tx: number; ty: number; path: string }>();

export function overviewPaths(boxes: ReadonlyMap<string, Box>, edges: readonly GraphFlowEdge[]): OverviewPaths {
  const out = { allowed: [] as string[], oneSided: [] as string[], selected: [] as string[] };
  for (const edge of edges) {
    const s = boxes.get(edge.source);
    const t = boxes.get(edge.target);
    if (!s || !t) continue;
    const sx = s.x + s.width / 2;
    const sy = s.y + s.height + HANDLE_HALF;
    const tx = t.x + t.width / 2;
    const ty = t.y - HANDLE_HALF;
    let last = lastPaths.get(edge);
    if (!last || last.sx !== sx || last.sy !== sy || last.tx !== tx || last.ty !== ty) {
      const [path] = getBezierPath({
        sourceX: sx,
        sourceY: sy,
        sourcePosition: Position.Bottom,
        targetX: tx,
        targetY: ty,
        targetPosition: Position.Top,
      });
      lastPaths.set(edge, (last = { sx, sy, tx, ty, path }));
    }
    const path = last.path;
    const bucket = edge.selected ? out.selected : edge.data?.edge.effective === 'oneSided' ? out.oneSided : out.allowed;
    bucket.push(path);
  }
  return { allowed: out.allowed.join(' '), oneSided: out.oneSided.join(' '), selected: out.selected.join(' ') };
}

/**
 * The dash pattern of a one-sided flow: 6 on, 4 off, stretched on a long flow so that it has at most about 300
 * dashes. A dashed path is dashed along its whole length on every repaint, even the part out of view; a flow
 * across a cluster-sized graph (tens of thousands of units) had thousands.
 */
export function oneSidedDash(sourceX: number, sourceY: number, targetX: number, targetY: number): string {
  const length = Math.hypot(targetX - sourceX, targetY - sourceY);
  const stretch = Math.max(1, length / 3000);
  return stretch === 1 ? '6 4' : `${round1(6 * stretch)} ${round1(4 * stretch)}`;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** A rectangle in flow coordinates. */
export type Rect = Box;

/** The part of the flow the pane shows, from React Flow's transform ([x, y, zoom]) and the pane's size. */
export function viewRect(transform: readonly [number, number, number], width: number, height: number): Rect {
  const [x, y, zoom] = transform;
  return { x: -x / zoom, y: -y / zoom, width: width / zoom, height: height / zoom };
}

/** The area whose flows are drawn in detail: the view and half a view more on every side. */
export function windowAround(view: Rect): Rect {
  const mx = view.width / 2;
  const my = view.height / 2;
  return { x: view.x - mx, y: view.y - my, width: view.width + 2 * mx, height: view.height + 2 * my };
}

const contains = (outer: Rect, inner: Rect) =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.width <= outer.x + outer.width &&
  inner.y + inner.height <= outer.y + outer.height;

/**
 * Whether the detailed area must move: the view left it (panned half a view or more, or zoomed out) or is far
 * smaller than it (zoomed in a lot). While panning it moves once per half a view, not on every frame.
 */
export function needsNewWindow(window: Rect | null, view: Rect): boolean {
  return !window || !contains(window, view) || view.width * view.height * 16 < window.width * window.height;
}

const overlaps = (a: Rect, b: Rect) =>
  a.x <= b.x + b.width && b.x <= a.x + a.width && a.y <= b.y + b.height && b.y <= a.y + a.height;
const inside = (r: Rect, x: number, y: number) => x >= r.x && x <= r.x + r.width && y >= r.y && y <= r.y + r.height;

/**
 * Zoomed in on a large graph, hundreds of long flows cross the view with both ends far outside it. Each drawn as a
 * React Flow edge (its own SVG, arrowhead, hit path, label and dashes) made a 2,000-node graph pan at a few frames
 * per second. `near`: the flows with an end or their label point (the bezier's midpoint) in `window`, or selected,
 * drawn as edges; `far`: the others, drawn as bare lines batched in a few paths (OverviewEdges). A far flow's label
 * and arrowhead are outside the window anyway.
 */
export function splitFarEdges(
  boxes: ReadonlyMap<string, Box>,
  edges: readonly GraphFlowEdge[],
  window: Rect,
): { near: GraphFlowEdge[]; far: GraphFlowEdge[] } {
  const near: GraphFlowEdge[] = [];
  const far: GraphFlowEdge[] = [];
  for (const edge of edges) {
    const s = boxes.get(edge.source);
    const t = boxes.get(edge.target);
    const isNear =
      edge.selected ||
      !s ||
      !t ||
      overlaps(window, s) ||
      overlaps(window, t) ||
      inside(window, (s.x + s.width / 2 + t.x + t.width / 2) / 2, (s.y + s.height + t.y) / 2);
    (isNear ? near : far).push(edge);
  }
  return { near, far };
}
