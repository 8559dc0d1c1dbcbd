/**
 * Which namespaces (containers) are collapsed on the canvas: view state, like the focus and the filter
 * (canvasView.ts), kept for the session and never in the document or its undo history. Ids of nodes that no longer
 * exist are harmless (collapse.ts ignores them) and come back into effect if the node does.
 */
import { create } from 'zustand';

export interface CollapseState {
  /** A new set on every change, so memoized views see the change. */
  collapsed: ReadonlySet<string>;
  toggle(id: string): void;
  /** Collapse exactly these (`[]` expands everything). */
  setCollapsed(ids: readonly string[]): void;
}

export const useCollapse = create<CollapseState>()((set, get) => ({
  collapsed: new Set(),
  toggle: (id) => {
    const next = new Set(get().collapsed);
    if (!next.delete(id)) next.add(id);
    set({ collapsed: next });
  },
  setCollapsed: (ids) => set({ collapsed: new Set(ids) }),
}));
