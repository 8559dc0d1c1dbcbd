/**
 * How the canvas is looked at, apart from the document: the focus direction, the search and the namespace
 * filter. View state only (no document, no core), so it lives beside the canvas rather than in the designer store,
 * and undo never touches it.
 */
import { create } from 'zustand';
import type { FocusDirection } from './focus.ts';

export interface CanvasView {
  direction: FocusDirection;
  query: string;
  /** Only this namespace's nodes and flows (with the other ends of its flows); null shows everything. */
  namespace: string | null;
  setDirection(direction: FocusDirection): void;
  setQuery(query: string): void;
  setNamespace(namespace: string | null): void;
}

export const useCanvasView = create<CanvasView>()((set) => ({
  direction: 'both',
  query: '',
  namespace: null,
  setDirection: (direction) => set({ direction }),
  setQuery: (query) => set({ query }),
  setNamespace: (namespace) => set({ namespace }),
}));
