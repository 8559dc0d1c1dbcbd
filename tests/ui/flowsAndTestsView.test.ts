/**
 * The store's derived views for imported flows and loaded policy tests: computed from the current document,
 * the same object while nothing they depend on changed (so components may select them), recomputed on an edit.
 */
import { describe, expect, it } from 'vitest';
import { EXAMPLE_DOCUMENT } from '../../src/ui/exampleDocument.ts';
import { createDesignerStore } from '../../src/ui/store/designerStore.ts';
import { observedView, policyTestView } from '../../src/ui/store/views.ts';
import { flowLine } from '../flows/helpers.ts';

const TESTS = `tests:
- name: web reaches the api
  from: {namespace: tenant-a, podLabels: {app: web}}
  to: {namespace: tenant-a, podLabels: {app: api}}
  port: 8080/TCP
  expect: allow
`;

const WEB_EGRESS_PORT = `          port: 8080
---
# Every pod of tenant-a may resolve names`;

describe('policy tests in the designer', () => {
  it('runs the loaded tests against the document, live, and keeps the result while nothing changed', async () => {
    const store = createDesignerStore(EXAMPLE_DOCUMENT);
    expect(policyTestView(store.getState())).toBeNull();
    await store.getState().loadTests(TESTS, 'policy-tests.yaml');
    const first = policyTestView(store.getState());
    expect(first && 'results' in first && first.results.map((r) => r.text)).toEqual([
      'PASS web reaches the api: tenant-a/{app=web} -> tenant-a/{app=api} 8080/TCP: expected allow, got allow (decided by tenant-a/web-egress spec.egress[0].to[0]; tenant-a/api-from-web-and-monitoring spec.ingress[0].from[0])',
    ]);
    expect(policyTestView(store.getState())).toBe(first);

    // web-egress now allows 8081 only: the test fails.
    expect(EXAMPLE_DOCUMENT).toContain(WEB_EGRESS_PORT);
    store.getState().loadDocument(EXAMPLE_DOCUMENT.replace(WEB_EGRESS_PORT, WEB_EGRESS_PORT.replace('8080', '8081')));
    const second = policyTestView(store.getState());
    expect(second).not.toBe(first);
    expect(second && 'results' in second && second.summary).toBe('1 test: 0 passed, 1 failed');
  });

  it('shows a bad test file as positioned errors, and names a workload the document does not have', async () => {
    const store = createDesignerStore(EXAMPLE_DOCUMENT);
    await store.getState().loadTests(TESTS.replace('port: 8080/TCP', 'port: 70000'), 'bad.yaml');
    const bad = policyTestView(store.getState());
    expect(bad && 'errors' in bad && bad.errors.map((e) => [e.line, e.test])).toEqual([[5, 'web reaches the api']]);
    await store
      .getState()
      .loadTests(TESTS.replace('{namespace: tenant-a, podLabels: {app: web}}', 'tenant-a/web'), 'x.yaml');
    const unknown = policyTestView(store.getState());
    expect(unknown && 'errors' in unknown && unknown.errors.map((e) => [e.line, e.column])).toEqual([[3, 9]]);
  });

  it('pins the imported flows as tests that pass against the document', async () => {
    const store = createDesignerStore(EXAMPLE_DOCUMENT);
    const web = { namespace: 'tenant-a', labels: { app: 'web' }, pod: 'web-0' };
    const api = { namespace: 'tenant-a', labels: { app: 'api' }, pod: 'api-0' };
    await store.getState().importFlows(new Blob([flowLine({ src: web, dst: api, port: 8080 })]), 'flows.json');
    await store.getState().testsFromFlows();
    expect(store.getState().policyTests?.source).toBe('tests from flows.json');
    const run = policyTestView(store.getState());
    expect(run && 'results' in run && run.results.map((r) => r.passed)).toEqual([true]);
  });
});

describe('observed traffic view', () => {
  it('is the same overlay while nothing changed, and null with "Show observed traffic" off', async () => {
    const store = createDesignerStore(EXAMPLE_DOCUMENT);
    expect(observedView(store.getState())).toBeNull();
    const web = { namespace: 'tenant-a', labels: { app: 'web' }, pod: 'web-0' };
    const api = { namespace: 'tenant-a', labels: { app: 'api' }, pod: 'api-0' };
    await store.getState().importFlows(new Blob([flowLine({ src: web, dst: api, port: 8080 })]), 'flows.json');
    const overlay = observedView(store.getState());
    const webApi = store
      .getState()
      .graph.edges.find((e) => e.source === 'pods:tenant-a:app=web' && e.target === 'pods:tenant-a:app=api')!;
    expect(overlay?.edges.get(webApi.id)?.state).toBe('allowed');
    expect(observedView(store.getState())).toBe(overlay);
    store.getState().setShowObserved(false);
    expect(observedView(store.getState())).toBeNull();
  });
});
