import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { DesignerStore, DesignerStoreApi } from './designerStore.ts';

export const DesignerContext = createContext<DesignerStoreApi | null>(null);

export function useDesignerStore(): DesignerStoreApi {
  const store = useContext(DesignerContext);
  if (!store) throw new Error('useDesignerStore outside <DesignerContext.Provider>');
  return store;
}

/** Subscribe to a slice of the designer's state (return stable values or wrap the selector in useShallow). */
export function useDesigner<T>(selector: (state: DesignerStore) => T): T {
  return useStore(useDesignerStore(), selector);
}
