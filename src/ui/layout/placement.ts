/**
 * Places nodes that have no position yet, without moving any node that has one (the user's arrangement is
 * kept across edits). A node that replaced exactly one vanished node of the same kind in the same container
 * (a relabelled selector, a renamed namespace) takes over its position. Others go below their siblings inside
 * a container, or in a new column to the right of the drawing. "Auto layout" (ELK) re-lays everything.
 */
import type { GraphNode, PolicyGraph } from '../../core/index.ts';
import { CONTAINER_HEADER, CONTAINER_PADDING, isContainer, leafSize, nodeSizes, type Positions } from './geometry.ts';

const GAP = 24;
const COLUMN_GAP = 80;

/**
 * Returns `previous` plus positions for the nodes of `graph` that had none. Positions of nodes no longer drawn
 * are kept (undo brings them back); `positionsOf` trims them when saving.
 */
export function placeNewNodes(graph: PolicyGraph, previous: Positions, previousGraph?: PolicyGraph): Positions {
  // Linear in the graph (maps instead of scans per node): an import of 2,000 policies places ~800 newcomers.
  const newcomers = graph.nodes.filter((n) => !previous[n.id]);
  if (!newcomers.length) return previous;
  const isNew = new Set(newcomers);
  const ids = new Set(graph.nodes.map((n) => n.id));
  const positions: Positions = { ...previous };
  const kindOf = (id: string) => id.split(':')[0]!;

  // Vanished nodes by kind, in their previous order; newcomers by (container, type).
  const vanished = new Map<string, string[]>();
  for (const n of previousGraph?.nodes ?? [])
    if (!ids.has(n.id) && previous[n.id]) {
      const list = vanished.get(kindOf(n.id));
      if (list) list.push(n.id);
      else vanished.set(kindOf(n.id), [n.id]);
    }
  const siblingKey = (n: GraphNode) => `${n.parentId ?? ''}\u0000${n.type}`;
  const newSiblings = new Map<string, number>();
  for (const n of newcomers) newSiblings.set(siblingKey(n), (newSiblings.get(siblingKey(n)) ?? 0) + 1);
  for (const node of newcomers) {
    const sameKind = vanished.get(kindOf(node.id));
    if (sameKind?.length === 1 && newSiblings.get(siblingKey(node)) === 1) {
      positions[node.id] = previous[sameKind[0]!]!;
      sameKind.pop();
    }
  }

  if (newcomers.every((n) => positions[n.id])) return positions; // each took over a vanished node's place

  // Children first, so a new container is sized from its children before it is placed. A new child goes below
  // the lowest placed sibling (`bottom`: per container, the y below which a child may go).
  const bottom = new Map<string, number>();
  const below = (n: GraphNode) => positions[n.id]!.y + leafSize(n).height + GAP;
  for (const n of graph.nodes)
    if (n.parentId && positions[n.id])
      bottom.set(n.parentId, Math.max(bottom.get(n.parentId) ?? CONTAINER_HEADER, below(n)));
  for (const node of graph.nodes) {
    if (!isNew.has(node) || positions[node.id] || !node.parentId) continue;
    positions[node.id] = { x: CONTAINER_PADDING, y: bottom.get(node.parentId) ?? CONTAINER_HEADER };
    bottom.set(node.parentId, Math.max(bottom.get(node.parentId) ?? CONTAINER_HEADER, below(node)));
  }

  const sizes = nodeSizes(graph.nodes, positions);
  let right = 0;
  for (const node of graph.nodes) {
    if (node.parentId || !positions[node.id] || isNew.has(node)) continue;
    right = Math.max(right, positions[node.id]!.x + (sizes.get(node.id)?.width ?? 0));
  }
  const columnX = right === 0 ? 0 : right + COLUMN_GAP;
  let y = 0;
  for (const node of graph.nodes) {
    if (node.parentId || positions[node.id]) continue;
    positions[node.id] = { x: columnX, y };
    y += (sizes.get(node.id)?.height ?? 60) + (isContainer(node) ? GAP * 2 : GAP);
  }
  return positions;
}

/** Only the positions of the nodes drawn: what is saved and shared. */
export function positionsOf(graph: PolicyGraph, positions: Positions): Positions {
  const kept: Positions = {};
  for (const node of graph.nodes) {
    const p = positions[node.id];
    if (p) kept[node.id] = p;
  }
  return kept;
}
