/**
 * The graph-edit entry (src/core/edits.ts, with the `yaml` package) is loaded apart from the designer's first
 * screen: a store fetches it by itself once idle, and a command issued before it arrives waits and is applied.
 * Each test starts from fresh modules, so the entry has not arrived yet.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { EXAMPLE_DOCUMENT } from '../../src/ui/exampleDocument.ts';

async function fresh() {
  vi.resetModules();
  const edits = await import('../../src/ui/store/edits.ts');
  const { createDesignerStore } = await import('../../src/ui/store/designerStore.ts');
  return { edits, createDesignerStore };
}

describe('the graph-edit entry, loaded lazily', () => {
  beforeEach(() => {
    vi.resetModules();
  });

  it('a new store fetches it by itself, without any edit', async () => {
    const { edits, createDesignerStore } = await fresh();
    expect(edits.loadedEdits()).toBeUndefined();
    createDesignerStore(EXAMPLE_DOCUMENT);
    await vi.waitFor(() => expect(edits.loadedEdits()).toBeDefined());
  });

  it('a command issued before it arrives waits for it and is applied, and one issued after is applied at once', async () => {
    const { edits, createDesignerStore } = await fresh();
    const store = createDesignerStore(EXAMPLE_DOCUMENT);
    expect(edits.loadedEdits()).toBeUndefined();
    const first = store.getState().dispatch({ type: 'addNamespace', name: 'payments' });
    expect(store.getState().text).toBe(EXAMPLE_DOCUMENT);
    expect(await first).toBe(true);
    expect(store.getState().graph.nodes.some((n) => n.id === 'ns:payments')).toBe(true);
    void store.getState().dispatch({ type: 'addNamespace', name: 'billing' });
    expect(store.getState().graph.nodes.some((n) => n.id === 'ns:billing')).toBe(true);
  });
});
