/** "Explain a connection" in the store: picking two nodes, a flow's ends, the port, and the view the panel shows. */
import { describe, expect, it } from 'vitest';
import { EXAMPLE_DOCUMENT } from '../../src/ui/exampleDocument.ts';
import { createDesignerStore, EXPLAIN_LIVE_POLICIES } from '../../src/ui/store/designerStore.ts';
import { explainView, type ExplainView } from '../../src/ui/store/views.ts';

type Store = ReturnType<typeof createDesignerStore>;

const nodeId = (store: Store, label: string, namespace: string): string => {
  const n = store
    .getState()
    .graph.nodes.find((x) => x.label === label && 'namespace' in x.ref && x.ref.namespace === namespace);
  if (!n) throw new Error(`no node ${label} in ${namespace}`);
  return n.id;
};
const view = (store: Store): ExplainView => {
  const { result, graph, explain } = store.getState();
  return explainView(result, graph, explain!);
};
const lineOf = (needle: string, n = 0): number =>
  EXAMPLE_DOCUMENT.split('\n').flatMap((l, i) => (l.includes(needle) ? [i + 1] : []))[n]!;

describe('explain in the store', () => {
  it('two clicks pick the source and the destination; the view is the verdict, the ports and the lines', () => {
    const store = createDesignerStore(EXAMPLE_DOCUMENT);
    const web = nodeId(store, 'app=web', 'tenant-a');
    const api = nodeId(store, 'app=api', 'tenant-a');
    store.getState().startExplain();
    expect(view(store)).toEqual({ kind: 'picking', picking: 'source' });
    store.getState().select({ kind: 'node', id: web });
    expect(view(store)).toMatchObject({ kind: 'picking', picking: 'destination', sourceLabel: 'app=web in tenant-a' });
    store.getState().select({ kind: 'node', id: api });
    expect(store.getState().selection).toEqual({ kind: 'node', id: api });
    const v = view(store);
    if (v.kind !== 'answer') throw new Error(JSON.stringify(v));
    expect(v.answer.allowed).toBe(true);
    expect(v.answer.conns).toBe('TCP 8080');
    expect(v.answer.from.description).toBe('a pod matching app=web in namespace tenant-a');
    expect(v.answer.egress.items).toContainEqual({
      kind: 'allows',
      text: 'tenant-a/web-egress spec.egress[0].to[0] allows TCP 8080',
      line: lineOf('        - podSelector:', 1),
      column: 11,
    });
    expect(v.answer.ingress.items.find((i) => i.kind === 'allows')).toMatchObject({
      text: 'tenant-a/api-from-web-and-monitoring spec.ingress[0].from[0] allows TCP 8080',
      line: lineOf('        - podSelector:', 0),
    });
    // The other way round, on a port: denied, and the egress side of api names its isolating policy.
    store.getState().startExplain(api);
    store.getState().select({ kind: 'node', id: web });
    store.getState().setExplainPort('80');
    const back = view(store);
    if (back.kind !== 'answer') throw new Error(JSON.stringify(back));
    expect(back.answer).toMatchObject({ allowed: false, port: 'TCP 80', conns: 'No Connections' });
    expect(back.answer.egress.items).toContainEqual({
      kind: 'isolating',
      text: 'isolated by tenant-a/default-deny-all',
      line: lineOf('  podSelector: {}', 1),
      column: 3,
    });
  });

  it('a flow is explained between its ends, on its port when it has one', () => {
    const store = createDesignerStore(EXAMPLE_DOCUMENT);
    const api = nodeId(store, 'app=api', 'tenant-a');
    const edge = store.getState().graph.edges.find((e) => e.target === api && e.label === 'TCP 9090')!;
    store.getState().explainFlow(edge.id);
    expect(store.getState().explain).toMatchObject({ source: edge.source, destination: api, port: '9090/TCP' });
    const v = view(store);
    if (v.kind !== 'answer') throw new Error(JSON.stringify(v));
    expect(v.answer).toMatchObject({ allowed: true, port: 'TCP 9090' });
  });

  it('a port that is not one number is reported, not thrown', () => {
    const store = createDesignerStore(EXAMPLE_DOCUMENT);
    store.getState().startExplain(nodeId(store, 'app=web', 'tenant-a'));
    store.getState().select({ kind: 'node', id: nodeId(store, 'app=api', 'tenant-a') });
    store.getState().setExplainPort('80-90');
    expect(view(store)).toMatchObject({ kind: 'error', message: expect.stringContaining('one port') });
    store.getState().closeExplain();
    expect(store.getState().explain).toBeNull();
  });

  it('follows the document while it is small; a large one is answered as asked until "Explain again"', () => {
    const extra = (n: number) =>
      Array.from(
        { length: n },
        (_, i) =>
          `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p${i}, namespace: other}\nspec: {podSelector: {}}\n`,
      ).join('');
    for (const [size, outdated] of [
      [0, false],
      [EXPLAIN_LIVE_POLICIES, true],
    ] as const) {
      const text = EXAMPLE_DOCUMENT + extra(size);
      const store = createDesignerStore(text);
      store.getState().startExplain(nodeId(store, 'app=web', 'tenant-a'));
      store.getState().select({ kind: 'node', id: nodeId(store, 'app=api', 'tenant-a') });
      // web-egress no longer allows 8080: a live answer says so at once.
      store.getState().loadDocument(text.replace('port: 8080\n---', 'port: 8081\n---'));
      const v = view(store);
      if (v.kind !== 'answer') throw new Error(JSON.stringify(v));
      expect(v.outdated, `${size} extra policies`).toBe(outdated);
      expect(v.answer.allowed).toBe(outdated);
      store.getState().refreshExplain();
      const again = view(store);
      expect(again).toMatchObject({ kind: 'answer', outdated: false, answer: { allowed: false } });
    }
  });
});
