/**
 * Places nodes that have no position yet, without moving any node that has one (the user's arrangement is
 * kept across edits). A node that replaced exactly one vanished node of the same kind in the same container
 * (a relabelled selector, a renamed namespace) takes over its position. Others go below their siblings inside
 * a container, or in a new column to the right of the drawing. "Auto layout" (ELK) re-lays everything.
 */
import type { PolicyGraph } from '../../core/index.ts';
import { CONTAINER_HEADER, CONTAINER_PADDING, isContainer, leafSize, nodeSizes, type Positions } from './geometry.ts';

const GAP = 24;
const COLUMN_GAP = 80;

/**
 * Returns `previous` plus positions for the nodes of `graph` that had none. Positions of nodes no longer drawn
 * are kept (undo brings them back); `positionsOf` trims them when saving.
 */
export function placeNewNodes(graph: PolicyGraph, previous: Positions, previousGraph?: PolicyGraph): Positions {
  const newcomers = graph.nodes.filter((n) => !previous[n.id]);
  if (!newcomers.length) return previous;
  const ids = new Set(graph.nodes.map((n) => n.id));
  const positions: Positions = { ...previous };

  const vanished = (previousGraph?.nodes ?? []).map((n) => n.id).filter((id) => !ids.has(id) && previous[id]);
  for (const node of newcomers) {
    const sameKind = vanished.filter((id) => id.split(':')[0] === node.id.split(':')[0]);
    const siblingsNew = newcomers.filter((n) => n.parentId === node.parentId && n.type === node.type);
    if (sameKind.length === 1 && siblingsNew.length === 1) {
      positions[node.id] = previous[sameKind[0]!]!;
      vanished.splice(vanished.indexOf(sameKind[0]!), 1);
    }
  }

  if (newcomers.every((n) => positions[n.id])) return positions; // each took over a vanished node's place

  // Children first, so a new container is sized from its children before it is placed.
  for (const node of graph.nodes) {
    if (!newcomers.includes(node) || positions[node.id] || !node.parentId) continue;
    const siblings = graph.nodes.filter((n) => n.parentId === node.parentId && n.id !== node.id && positions[n.id]);
    let y = CONTAINER_HEADER;
    for (const s of siblings) y = Math.max(y, positions[s.id]!.y + leafSize(s).height + GAP);
    positions[node.id] = { x: CONTAINER_PADDING, y };
  }

  const sizes = nodeSizes(graph.nodes, positions);
  let right = 0;
  for (const node of graph.nodes) {
    if (node.parentId || !positions[node.id] || newcomers.includes(node)) continue;
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
