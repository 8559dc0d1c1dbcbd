/**
 * Node sizes, estimated from what each node shows, so layout can run before React Flow has measured anything.
 * Containers (namespaces and namespace selectors) are sized from their children: they grow to fit them.
 */
import type { GraphNode } from '../../core/index.ts';

export interface XY {
  x: number;
  y: number;
}
export interface Size {
  width: number;
  height: number;
}
/** Node id → top-left position; for a node inside a container, relative to the container. */
export type Positions = Record<string, XY>;

export const LEAF_WIDTH = 210;
export const CONTAINER_PADDING = 16;
/** Room for a container's title and its label chips above the first child. */
export const CONTAINER_HEADER = 58;
export const MIN_CONTAINER: Size = { width: LEAF_WIDTH + 2 * CONTAINER_PADDING, height: CONTAINER_HEADER + 40 };

export function isContainer(node: GraphNode): boolean {
  return node.type === 'namespace' || node.type === 'namespaceSelector';
}

function selectorLines(node: GraphNode): number {
  const ref = node.ref;
  const selector = ref.kind === 'pods' ? ref.podSelector : ref.kind === 'namespacePods' ? ref.podSelector : undefined;
  const labels = Object.keys(selector?.matchLabels ?? {}).length;
  const expressions = selector?.matchExpressions?.length ?? 0;
  return Math.max(1, labels + expressions);
}

export function leafSize(node: GraphNode): Size {
  switch (node.type) {
    case 'podGroup':
      return { width: LEAF_WIDTH, height: 44 + 18 * selectorLines(node) };
    case 'ipBlock':
      return {
        width: LEAF_WIDTH,
        height: 48 + 18 * (node.ref.kind === 'ipBlock' ? (node.ref.except?.length ?? 0) : 0),
      };
    default:
      return { width: LEAF_WIDTH, height: 56 };
  }
}

/** A container's size: its children's bounding box plus padding, never smaller than an empty container. */
export function containerSize(children: readonly { position: XY; size: Size }[]): Size {
  let width = MIN_CONTAINER.width;
  let height = MIN_CONTAINER.height;
  for (const child of children) {
    width = Math.max(width, child.position.x + child.size.width + CONTAINER_PADDING);
    height = Math.max(height, child.position.y + child.size.height + CONTAINER_PADDING);
  }
  return { width, height };
}

/** Sizes of every node: leaves estimated, containers fitted to their children at `positions`. */
export function nodeSizes(nodes: readonly GraphNode[], positions: Positions): Map<string, Size> {
  const sizes = new Map<string, Size>();
  const childrenOf = new Map<string, GraphNode[]>();
  for (const node of nodes) {
    if (!isContainer(node)) sizes.set(node.id, leafSize(node));
    if (node.parentId === undefined) continue;
    const list = childrenOf.get(node.parentId);
    if (list) list.push(node);
    else childrenOf.set(node.parentId, [node]);
  }
  for (const node of nodes) {
    if (!isContainer(node)) continue;
    const children = (childrenOf.get(node.id) ?? []).map((n) => ({
      position: positions[n.id] ?? { x: 0, y: 0 },
      size: sizes.get(n.id) ?? leafSize(n),
    }));
    sizes.set(node.id, containerSize(children));
  }
  return sizes;
}
