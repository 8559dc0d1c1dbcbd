/**
 * A large projection crosses from the derive worker in parts. Taking a message in is work on the page's thread
 * (structured clone: the whole message is read in the task that delivers it), and a whole new document's
 * projection (an import of 2,000 policies: 2,000 parsed documents, 9,000 graph items) took ~110 ms of one task.
 * Its long lists go ahead in slices of PART_ITEMS, each a message (so a task) of its own, and the projection
 * follows with those lists empty; the page puts them back before decoding it (wire.ts). Only a forced projection
 * (a load) is split: a projection of typed text is mostly references to what the page has, and goes whole, in one
 * message. Transport only: what is sent is what wire.ts encoded.
 */
import type { WireProjection } from './wire.ts';

/** Items per part: a part is read in ~10 ms. */
export const PART_ITEMS = 400;

/** The lists of a wire projection that may be long. */
type ListName = 'documents' | 'nodes' | 'edges' | 'policies';

/** One slice of a list, sent before the projection it belongs to. */
export interface WirePart {
  list: ListName;
  items: unknown[];
}

function lists(wire: WireProjection): Record<ListName, unknown[] | undefined> {
  return {
    documents: wire.projection.result.documents,
    nodes: wire.graph?.nodes,
    edges: wire.graph?.edges,
    policies: wire.graph?.policies,
  };
}

function setList(wire: WireProjection, list: ListName, items: unknown[]): void {
  if (list === 'documents')
    wire.projection.result.documents = items as WireProjection['projection']['result']['documents'];
  else if (wire.graph) (wire.graph as Record<ListName, unknown[]>)[list] = items;
}

/**
 * Takes the long lists out of `wire` (emptied in place) as parts to send before it; none when every list is
 * short.
 */
export function splitParts(wire: WireProjection, size = PART_ITEMS): WirePart[] {
  const parts: WirePart[] = [];
  for (const [list, items] of Object.entries(lists(wire)) as [ListName, unknown[] | undefined][]) {
    if (!items || items.length <= size) continue;
    for (let i = 0; i < items.length; i += size) parts.push({ list, items: items.slice(i, i + size) });
    setList(wire, list, []);
  }
  return parts;
}

/** Puts the parts received before `wire` back into it, in the order they were sent. */
export function joinParts(wire: WireProjection, parts: readonly WirePart[]): void {
  const joined = new Map<ListName, unknown[]>();
  for (const part of parts) {
    const items = joined.get(part.list);
    if (items) for (const item of part.items) items.push(item);
    else joined.set(part.list, [...part.items]);
  }
  for (const [list, items] of joined) setList(wire, list, items);
}
