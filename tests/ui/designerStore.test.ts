import { beforeAll, describe, expect, it, vi } from 'vitest';
import { read } from '../../src/core/index.ts';
import { EXAMPLE_DOCUMENT } from '../../src/ui/exampleDocument.ts';
import { createDesignerStore, DESIGNER_MAX_TEXT_LENGTH } from '../../src/ui/store/designerStore.ts';
import { Deriver } from '../../src/ui/derive/derivation.ts';
import { InlineEngine, WorkerEngine } from '../../src/ui/derive/engine.ts';
import { loadEdits } from '../../src/ui/store/edits.ts';
import { FakeWorker } from './fakeWorker.ts';

// As in the designer once it is idle after start-up: the edit entry has arrived, so commands apply at once.
beforeAll(async () => {
  await loadEdits();
});

type Store = ReturnType<typeof createDesignerStore>;

/**
 * Waits for the analysis (lint findings, edge marks) that an outside change left to the engine: until the lint
 * run is another than `before` (the one right after the change; every analysis publishes a new run).
 */
async function analysisArrived(store: Store, before: Store extends { getState(): { lintRun: infer L } } ? L : never) {
  for (let i = 0; i < 400 && store.getState().lintRun === before; i++)
    await new Promise((resolve) => setTimeout(resolve, 5));
  expect(store.getState().lintRun, 'the analysis of the outside change').not.toBe(before);
}

describe('designer store', () => {
  it('draws the example document with positions for every node', () => {
    const store = createDesignerStore(EXAMPLE_DOCUMENT);
    const { graph, positions, stale, diagnostics } = store.getState();
    expect(stale).toBe(false);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(graph.nodes.map((n) => n.id)).toContain('ns:tenant-a');
    expect(graph.edges.length).toBeGreaterThan(2);
    for (const node of graph.nodes) expect(positions[node.id], node.id).toBeDefined();
  });

  it('keeps the last valid graph, marked stale, while the text does not parse; nothing typed is lost', () => {
    const store = createDesignerStore(EXAMPLE_DOCUMENT);
    const before = store.getState().graph;
    const broken = EXAMPLE_DOCUMENT + '---\nkind: [unclosed\n';
    store.getState().editText(broken);
    const state = store.getState();
    expect(state.text).toBe(broken);
    expect(state.stale).toBe(true);
    expect(state.graph).toBe(before);
    const syntax = state.diagnostics.find((d) => d.code === 'yaml-syntax');
    expect(syntax?.line).toBeGreaterThan(EXAMPLE_DOCUMENT.split('\n').length);
  });

  it('applies a graph command, changes only the touched document, and undoes it', async () => {
    const store = createDesignerStore(EXAMPLE_DOCUMENT);
    const ok = await store.getState().dispatch({
      type: 'connect',
      source: { kind: 'namespace', namespace: 'monitoring' },
      target: { kind: 'pods', namespace: 'tenant-b', podSelector: { matchLabels: { app: 'db' } } },
      ports: [{ protocol: 'TCP', port: 9187 }],
    });
    expect(ok).toBe(true);
    const after = store.getState();
    expect(after.text).toContain('9187');
    expect(after.outsideRevision).toBe(1);
    // Every document but the db policy is byte-identical (comments included).
    const beforeDocs = read(EXAMPLE_DOCUMENT).documents.map((d) => d.body);
    const afterDocs = read(after.text).documents.map((d) => d.body);
    const changed = beforeDocs.filter((body, i) => afterDocs[i] !== body);
    expect(changed).toHaveLength(1);
    expect(changed[0]).toContain('db-from-app');
    store.getState().undo();
    expect(store.getState().text).toBe(EXAMPLE_DOCUMENT);
    store.getState().redo();
    expect(store.getState().text).toBe(after.text);
  });

  it('refuses graph edits while the text has errors, so a stale graph never rewrites the document', async () => {
    const store = createDesignerStore('kind: [\n');
    const ok = await store.getState().dispatch({ type: 'addNamespace', name: 'x' });
    expect(ok).toBe(false);
    expect(store.getState().text).toBe('kind: [\n');
    expect(store.getState().notice?.tone).toBe('error');
  });

  it('asks before an import with errors replaces the document', () => {
    const store = createDesignerStore(EXAMPLE_DOCUMENT);
    store.getState().importText('apiVersion: v1\nkind: [\n', 'bad.yaml');
    expect(store.getState().text).toBe(EXAMPLE_DOCUMENT);
    expect(store.getState().pendingImport?.source).toBe('bad.yaml');
    store.getState().cancelImport();
    expect(store.getState().text).toBe(EXAMPLE_DOCUMENT);
    store.getState().importText('apiVersion: v1\nkind: [\n', 'bad.yaml');
    store.getState().confirmImport();
    expect(store.getState().text).toBe('apiVersion: v1\nkind: [\n');
  });

  it('keeps the end-to-end marks of unchanged edges at once after a graph command, until its analysis arrives', async () => {
    const store = createDesignerStore(EXAMPLE_DOCUMENT);
    const marks = () =>
      store
        .getState()
        .graph.edges.filter((e) => e.effective)
        .map((e) => `${e.id}:${e.effective}`);
    const before = marks();
    expect(before.length).toBeGreaterThan(2);
    await store.getState().dispatch({ type: 'addNamespace', name: 'payments' });
    const lintRun = store.getState().lintRun;
    expect(store.getState().graph.nodes.some((n) => n.id === 'ns:payments')).toBe(true);
    expect(marks()).toEqual(before);
    await analysisArrived(store, lintRun);
    expect(marks()).toEqual(before);
  });

  it('flushes the editor draft before an outside change so typing in flight is kept', async () => {
    const store = createDesignerStore(EXAMPLE_DOCUMENT);
    const typed = EXAMPLE_DOCUMENT.replace('# Two tenants', '# Typed just now. Two tenants');
    store.setDraftSource(() => typed);
    await store.getState().dispatch({ type: 'addNamespace', name: 'payments' });
    expect(store.getState().text).toContain('# Typed just now.');
    expect(store.getState().text).toContain('payments');
  });
});

const GUIDE_STYLE = `# the guide's pitfall: namespace and pods in two peers (either one is allowed)
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: provider-ingress
  namespace: providers
spec:
  podSelector:
    matchLabels:
      app: provider
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              name: virtrigaud-system
        - podSelector:
            matchLabels:
              app: manager
      ports:
        - port: 9443
---
# kept byte for byte
apiVersion: v1
kind: Namespace
metadata:
  name: providers
`;

describe('linter in the designer', () => {
  it('lists lint findings beside read diagnostics without making the graph stale', () => {
    const store = createDesignerStore(GUIDE_STYLE);
    const { diagnostics, stale } = store.getState();
    expect(stale).toBe(false);
    expect(diagnostics.some((d) => d.severity === 'warning' && d.object === 'providers/provider-ingress')).toBe(true);
  });

  it('after typing, shows the graph at once and adds lint findings a moment later', async () => {
    const store = createDesignerStore('');
    store.getState().editText(GUIDE_STYLE);
    const warned = () =>
      store.getState().diagnostics.some((d) => d.severity === 'warning' && d.object === 'providers/provider-ingress');
    expect(store.getState().graph.nodes.length).toBeGreaterThan(0);
    expect(warned()).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(warned()).toBe(true);
    expect(store.getState().lintRun).not.toBeNull();
  });

  it('applies a quick fix to that policy only', async () => {
    const store = createDesignerStore(GUIDE_STYLE);
    const state = store.getState();
    const withFix = state.diagnostics
      .map((d) => ({ d, fixes: state.lintRun?.fixesFor(d) ?? [] }))
      .find((x) => x.fixes.length > 0);
    expect(withFix, 'a diagnostic with a quick fix').toBeDefined();
    await store.getState().applyQuickFix(withFix!.fixes[0]!);
    const after = store.getState().text;
    expect(after).not.toBe(GUIDE_STYLE);
    expect(
      after.endsWith('# kept byte for byte\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: providers\n'),
    ).toBe(true);
    expect(store.getState().stale).toBe(false);
    await analysisArrived(store, store.getState().lintRun);
    expect(
      store.getState().diagnostics.filter((d) => d.code === withFix!.d.code && d.line === withFix!.d.line),
    ).toEqual([]);
  });
});

describe('outside changes: projected at once, analysed off the page', () => {
  const FIXED = GUIDE_STYLE.replace('name: virtrigaud-system', 'kubernetes.io/metadata.name: virtrigaud-system');
  const P05 = (store: Store) =>
    store.getState().diagnostics.filter((d) => d.code === 'P-05' && d.object === 'providers/provider-ingress');
  /** Puts the pitfall (P-05: a namespace selected by a `name` label) back into the policy, as a graph command. */
  async function reintroduce(store: Store, label: string) {
    const entry = store.getState().result.policies[0]!;
    const policy = structuredClone(entry.policy);
    policy.spec!.ingress![0]!.from![0]!.namespaceSelector = { matchLabels: { [label]: 'virtrigaud-system' } };
    expect(await store.getState().dispatch({ type: 'replacePolicy', policy: entry.key, with: policy })).toBe(true);
  }

  it('a graph command publishes the text, result and graph at once, and its lint findings only a moment later', async () => {
    const store = createDesignerStore(FIXED);
    expect(P05(store)).toEqual([]);
    await reintroduce(store, 'name');
    const state = store.getState();
    expect(state.text).toMatch(/ name: virtrigaud-system/);
    expect(state.result.text).toBe(state.text);
    expect(state.stale).toBe(false);
    expect(state.graph.nodes.some((n) => n.id.includes('name=virtrigaud-system'))).toBe(true);
    // The linter did not run on the page's thread during the command.
    expect(P05(store)).toEqual([]);
    await analysisArrived(store, state.lintRun);
    expect(P05(store)).toHaveLength(1);
    expect(store.getState().lintRun?.fixesFor(P05(store)[0]!).length).toBeGreaterThan(0);
  });

  it('holds the analysis while a full layout runs, so the layout is not dropped as if the graph had changed', () => {
    const tasks: (() => void)[] = [];
    const store = createDesignerStore(
      EXAMPLE_DOCUMENT,
      {},
      { engine: new InlineEngine(new Deriver(), (t) => tasks.push(t)) },
    );
    store.getState().loadDocument(FIXED);
    store.getState().setLayoutRunning(true);
    const { graph, lintRun } = store.getState();
    for (const task of tasks.splice(0)) task();
    expect(store.getState().graph).toBe(graph);
    expect(store.getState().lintRun).toBe(lintRun);
    store.getState().setLayoutRunning(false);
    expect(store.getState().lintRun).not.toBe(lintRun);
    expect(store.getState().result.text).toBe(FIXED);
  });

  it('never applies the analysis of an older text after a newer outside change', async () => {
    const worker = new FakeWorker();
    const store = createDesignerStore(FIXED, {}, { engine: new WorkerEngine(worker) });
    const initialRun = store.getState().lintRun;
    await reintroduce(store, 'name');
    worker.runTasks(); // the worker has analysed the first change (with its P-05 finding)…
    const older = worker.take('analyzed');
    expect(older.type === 'analyzed' && older.analysis.lint.some((d) => d.code === 'P-05')).toBe(true);
    await reintroduce(store, 'kubernetes.io/metadata.name'); // …when a newer one supersedes it
    worker.runTasks();
    worker.deliver(older);
    expect(store.getState().lintRun).toBe(initialRun);
    expect(P05(store)).toEqual([]);
    worker.flush();
    expect(store.getState().lintRun).not.toBe(initialRun);
    expect(P05(store)).toEqual([]);
    expect(store.getState().text).not.toMatch(/ name: virtrigaud-system/);
  });

  it('the in-thread engine runs the analysis later too, and only the latest', async () => {
    const tasks: (() => void)[] = [];
    const store = createDesignerStore(FIXED, {}, { engine: new InlineEngine(new Deriver(), (t) => tasks.push(t)) });
    const initialRun = store.getState().lintRun;
    await reintroduce(store, 'name');
    expect(P05(store)).toEqual([]);
    await reintroduce(store, 'kubernetes.io/metadata.name');
    store.getState().undo(); // back to the text with the finding: the pending analyses are superseded
    expect(tasks).toHaveLength(3);
    for (const task of tasks.splice(0)) task();
    expect(store.getState().lintRun).not.toBe(initialRun);
    expect(P05(store)).toHaveLength(1);
  });
});

describe('quick fixes keep what the user wrote', () => {
  // A duplicate port (P-13), whose quick fix deletes it.
  const inList = `apiVersion: v1
kind: List
items:
- apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata: {name: a, namespace: shop}
  spec: {podSelector: {}, policyTypes: [Ingress]}
# the policy the fix rewrites; this comment stays
- apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata:
    name: dup   # named on purpose
    namespace: shop
  spec:
    podSelector: {}
    policyTypes: [Ingress]
    ingress:
    - from:
      - podSelector: {matchLabels: {app: a}}
      ports:
      - {protocol: TCP, port: 80}
      - {protocol: TCP, port: 80}
`;
  it('applies a fix to a policy inside a List, keeping the comments', async () => {
    const store = createDesignerStore(inList);
    const state = store.getState();
    const withFix = state.diagnostics
      .map((d) => ({ d, fixes: state.lintRun?.fixesFor(d) ?? [] }))
      .find((x) => x.fixes.length > 0 && x.d.code === 'P-13');
    expect(withFix, 'the duplicate port and its quick fix').toBeDefined();
    await store.getState().applyQuickFix(withFix!.fixes[0]!);
    const after = store.getState().text;
    expect(store.getState().notice?.message).toMatch(/^Applied: /);
    expect(after).not.toBe(inList);
    expect(after).toContain('# the policy the fix rewrites; this comment stays');
    expect(after).toContain('name: dup # named on purpose');
    expect(after.startsWith(inList.slice(0, inList.indexOf('# the policy')))).toBe(true);
    expect(after.match(/port: 80/g)).toHaveLength(1);
  });
});

describe('designer store and hostile input', () => {
  it('keeps a text too large to draw, says why, and keeps the last picture read-only', async () => {
    const store = createDesignerStore(EXAMPLE_DOCUMENT);
    const before = store.getState().graph;
    const huge = `${EXAMPLE_DOCUMENT}---\nkind: ConfigMap\ndata:\n  blob: "${'x'.repeat(DESIGNER_MAX_TEXT_LENGTH)}"\n`;
    const started = performance.now();
    store.getState().editText(huge);
    expect(performance.now() - started).toBeLessThan(1000);
    const state = store.getState();
    expect(state.text).toBe(huge);
    expect(state.stale).toBe(true);
    expect(state.graph).toBe(before);
    expect(state.diagnostics.map((d) => d.code)).toEqual(['too-large']);
    expect(await store.getState().dispatch({ type: 'addNamespace', name: 'x' })).toBe(false);
    // Back under the limit, the text is read and drawn again.
    store.getState().editText(EXAMPLE_DOCUMENT);
    expect(store.getState().stale).toBe(false);
  });
});

describe('typed text derived in the worker', () => {
  const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
  const RENAMED = EXAMPLE_DOCUMENT.replace('app: db', 'app: database');
  const RENAMED_TWICE = EXAMPLE_DOCUMENT.replace('app: db', 'app: postgres');
  const hasNode = (store: ReturnType<typeof createDesignerStore>, fragment: string) =>
    store.getState().graph.nodes.some((n) => n.id.includes(fragment));

  function storeWithWorker() {
    const worker = new FakeWorker();
    const store = createDesignerStore(EXAMPLE_DOCUMENT, {}, { engine: new WorkerEngine(worker) });
    return { worker, store };
  }

  it('keeps the typed text at once, draws it when the worker answers, and never applies an older answer', () => {
    const { worker, store } = storeWithWorker();
    store.getState().editText(RENAMED);
    expect(store.getState().text).toBe(RENAMED);
    expect(hasNode(store, 'app=db')).toBe(true); // not read yet
    worker.runTasks(); // the worker answers the first text…
    store.getState().editText(RENAMED_TWICE); // …while the user types on
    worker.deliver(worker.take('projected', 1));
    worker.deliver(worker.take('analyzed', 1));
    expect(hasNode(store, 'app=database')).toBe(false);
    expect(hasNode(store, 'app=db')).toBe(true);
    worker.deliver(worker.take('projected', 2));
    expect(hasNode(store, 'app=postgres')).toBe(true);
    expect(store.getState().result.text).toBe(RENAMED_TWICE);
    worker.flush();
    expect(store.getState().lintRun).not.toBeNull();
    expect(store.getState().text).toBe(RENAMED_TWICE);
  });

  it('marks the graph stale while the typed text has errors, and drops the stale flag once fixed', () => {
    const { worker, store } = storeWithWorker();
    const before = store.getState().graph;
    store.getState().editText(`${EXAMPLE_DOCUMENT}---\nkind: [unclosed\n`);
    worker.flush();
    expect(store.getState().stale).toBe(true);
    expect(store.getState().graph).toBe(before);
    store.getState().editText(RENAMED);
    worker.flush();
    expect(store.getState().stale).toBe(false);
    expect(hasNode(store, 'app=database')).toBe(true);
  });

  it('a graph command while the worker still reads the typed text works on the typed text', async () => {
    const { worker, store } = storeWithWorker();
    store.getState().editText(RENAMED);
    expect(await store.getState().dispatch({ type: 'addNamespace', name: 'payments' })).toBe(true);
    const text = store.getState().text;
    expect(text).toContain('app: database');
    expect(text).toContain('payments');
    // The worker's late answers for the typed text change nothing.
    worker.flush();
    expect(store.getState().text).toBe(text);
    expect(hasNode(store, 'ns:payments')).toBe(true);
    store.getState().undo();
    expect(store.getState().text).toBe(RENAMED);
  });

  it('an import is read by the worker: the document is replaced when it answers, typing meanwhile is one undo away', async () => {
    const { worker, store } = storeWithWorker();
    store.getState().importText(RENAMED_TWICE, 'cluster.yaml');
    expect(store.getState().text).toBe(EXAMPLE_DOCUMENT); // not read yet: nothing read on the page
    store.getState().editText(RENAMED); // the user types while the worker reads the file
    worker.flush();
    await nextTask(); // the projection is handed on in the next task
    expect(store.getState().text).toBe(RENAMED_TWICE);
    expect(store.getState().result.text).toBe(RENAMED_TWICE);
    expect(hasNode(store, 'app=postgres')).toBe(true);
    expect(store.getState().notice?.message).toMatch(/^Imported \d+ policies from cluster\.yaml/);
    expect(store.getState().layoutRequest).toBeGreaterThan(0);
    store.getState().undo();
    expect(store.getState().text).toBe(RENAMED);
    store.getState().undo();
    expect(store.getState().text).toBe(EXAMPLE_DOCUMENT);
  });

  it('after an import read by the worker, the page parses its documents into its own cache, a batch at a time', async () => {
    const warm = vi.spyOn(Deriver.prototype, 'warm');
    try {
      const { worker, store } = storeWithWorker();
      const many = Array.from({ length: 30 }, (_, i) => RENAMED.replace('name: db', `name: db-${i}`)).join('---\n');
      store.getState().importText(many, 'many.yaml');
      worker.flush();
      await nextTask(); // the projection is shown
      const documents = store.getState().result.documents;
      // Only this store's warm-up (an earlier test's may still be running).
      const ours = () => warm.mock.calls.filter(([docs]) => docs.every((d) => documents.includes(d as never)));
      for (let i = 0; i < 10 && ours().reduce((n, [docs]) => n + docs.length, 0) < documents.length; i++)
        await nextTask();
      const batches = ours().map(([docs]) => docs.length);
      expect(batches.reduce((a, b) => a + b, 0)).toBe(documents.length);
      expect(Math.max(...batches)).toBeLessThanOrEqual(100);
      expect(batches.length).toBeGreaterThan(1);
    } finally {
      warm.mockRestore();
    }
  });

  it('an import with errors read by the worker asks first; confirmed, it is drawn from that reading', async () => {
    const { worker, store } = storeWithWorker();
    const broken = `${RENAMED}---\nkind: [unclosed\n`;
    store.getState().importText(broken, 'broken.yaml');
    worker.flush();
    await nextTask();
    expect(store.getState().text).toBe(EXAMPLE_DOCUMENT);
    expect(store.getState().pendingImport?.reason).toMatch(/broken\.yaml has 1 error/);
    const asked: string[] = [];
    const post = worker.postMessage.bind(worker);
    worker.postMessage = (m) => (asked.push(m.type), post(m));
    store.getState().confirmImport();
    expect(asked).toEqual(['baseline', 'derive']); // the new baseline, then only its analysis
    expect(store.getState().text).toBe(broken);
    expect(store.getState().stale).toBe(false);
    expect(hasNode(store, 'app=database')).toBe(true);
    worker.flush();
    expect(store.getState().lintRun).not.toBeNull();
  });

  it('keeps the problems list (the same array) when an edit does not change the findings', () => {
    const { worker, store } = storeWithWorker();
    const diagnostics = store.getState().diagnostics;
    store.getState().editText(`${EXAMPLE_DOCUMENT}# a comment\n`);
    worker.flush();
    expect(store.getState().diagnostics).toBe(diagnostics);
  });
});

describe('designer store: change impact', () => {
  const SHOP = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: web}}}]
    ports: [{port: 5432}]
  - from: [{podSelector: {matchLabels: {app: api}}}]
`;
  const api = { kind: 'pods', namespace: 'shop', podSelector: { matchLabels: { app: 'api' } } } as const;
  const db = { kind: 'pods', namespace: 'shop', podSelector: { matchLabels: { app: 'db' } } } as const;

  it('against the loaded document: a deleted flow is listed as removed, with its edge as a ghost; undo empties the list', async () => {
    const store = createDesignerStore(EXAMPLE_DOCUMENT, {}, { engine: new InlineEngine() });
    expect(store.getState().changes).toEqual({ changes: [], total: 0 });
    store.getState().loadDocument(SHOP);
    await analysisArrived(store, store.getState().lintRun);
    expect(store.getState().changes).toEqual({ changes: [], total: 0 });

    expect(await store.getState().dispatch({ type: 'disconnect', source: api, target: db })).toBe(true);
    await analysisArrived(store, store.getState().lintRun);
    const [removed, ...rest] = store.getState().changes!.changes;
    expect(rest).toEqual([]);
    expect(removed).toMatchObject({
      type: 'removed',
      source: 'shop/{app=api}[Pod]',
      destination: 'shop/{app=db}[Pod]',
      before: 'All Connections',
      after: 'No Connections',
    });
    expect(removed!.ghost?.id).toBe(removed!.edgeId);
    expect(store.getState().graph.edges.some((e) => e.id === removed!.edgeId)).toBe(false);

    store.getState().undo();
    await analysisArrived(store, store.getState().lintRun);
    expect(store.getState().changes).toEqual({ changes: [], total: 0 });
  });

  it('Compare with…: another file becomes the baseline', async () => {
    const store = createDesignerStore(SHOP, {}, { engine: new InlineEngine() });
    store.getState().compareWith(SHOP.replace('port: 5432', 'port: 80'), 'old.yaml');
    await analysisArrived(store, store.getState().lintRun);
    expect(store.getState().baselineName).toBe('old.yaml');
    expect(store.getState().changes!.changes.map((c) => `${c.type} ${c.before} → ${c.after}`)).toEqual([
      'changed TCP 80 → TCP 5432',
    ]);
  });
});
