/** The designer's admin-tier actions, through the store: migrate (one undoable change) and inspector commands. */
import { describe, expect, it } from 'vitest';
import { migrateText, read } from '../../src/core/index.ts';
import { createDesignerStore } from '../../src/ui/store/designerStore.ts';

const NP = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: np, namespace: b}
spec:
  podSelector: {}
  ingress: [{from: [{namespaceSelector: {}}]}]
`;
const ANP = `# kept comment
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: old}
spec:
  priority: 5
  subject: {namespaces: {}}
  ingress: [{action: Allow, from: [{namespaces: {matchLabels: {team: x}}}]}]
`;
const TEXT = `${NP}---\n${ANP}`;

describe('designer: admin tiers', () => {
  it('migrates ANP/BANP with the core migrate, as one change that undo takes back', () => {
    const store = createDesignerStore(TEXT);
    store.getState().migrateToClusterNetworkPolicy();
    const after = store.getState().text;
    expect(after).toBe(migrateText(read(TEXT)).text);
    expect(after.startsWith(NP)).toBe(true);
    expect(store.getState().result.adminPolicies.map((e) => e.key)).toEqual(['cnp/old']);
    expect(store.getState().graph.edges.find((e) => e.action)?.action).toBe('Accept');
    store.getState().undo();
    expect(store.getState().text).toBe(TEXT);
    store.getState().redo();
    expect(store.getState().text).toBe(after);
  });

  it('says so when there is nothing to migrate, and changes nothing', () => {
    const store = createDesignerStore(NP);
    store.getState().migrateToClusterNetworkPolicy();
    expect(store.getState().text).toBe(NP);
    expect(store.getState().notice?.message).toMatch(/no AdminNetworkPolicy/);
  });

  it('edits a priority from the inspector as a graph command; undo restores the text', async () => {
    const store = createDesignerStore(TEXT);
    expect(await store.getState().dispatch({ type: 'setAdminPriority', policy: 'anp/old', priority: 9 })).toBe(true);
    expect(store.getState().text).toBe(`${NP}---\n${ANP.replace('priority: 5', 'priority: 9')}`);
    expect(await store.getState().dispatch({ type: 'setAdminPriority', policy: 'anp/old', priority: -1 })).toBe(false);
    expect(store.getState().notice?.tone).toBe('error');
    store.getState().undo();
    expect(store.getState().text).toBe(TEXT);
  });
});
