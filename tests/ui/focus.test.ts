import { describe, expect, it } from 'vitest';
import { projectGraph, read } from '../../src/core/index.ts';
import { emphasisOf, focusOf, namespacesOf, searchMatches } from '../../src/ui/canvas/focus.ts';

// web (shop) ← frontend (shop) ← ingress-nginx; web → db (data); monitoring untouched.
const TEXT = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from:
    - podSelector: {matchLabels: {app: frontend}}
  egress:
  - to:
    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: data}}
      podSelector: {matchLabels: {app: db}}
    ports: [{port: 5432}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: frontend, namespace: shop}
spec:
  podSelector: {matchLabels: {app: frontend}}
  ingress:
  - from:
    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: monitoring}
spec:
  podSelector: {}
  policyTypes: [Ingress]
`;

const graph = projectGraph(read(TEXT));
const idOf = (label: string, namespace?: string) => {
  const node = graph.nodes.find(
    (n) => n.label === label && (namespace === undefined || ('namespace' in n.ref && n.ref.namespace === namespace)),
  );
  if (!node) throw new Error(`no node ${label} in ${graph.nodes.map((n) => n.label).join(', ')}`);
  return node.id;
};
const labelsOf = (ids: Iterable<string>) => [...ids].map((id) => graph.nodes.find((n) => n.id === id)!.label).sort();

describe('focus', () => {
  it("brings forward a node's flows and the nodes at their other ends, with their containers", () => {
    const web = idOf('app=web');
    const focus = focusOf(graph, { kind: 'node', id: web }, 'both')!;
    expect(labelsOf(focus.nodes)).toEqual(['app=db', 'app=frontend', 'app=web', 'data', 'shop']);
    expect(focus.edges.size).toBe(2);
  });

  it('follows the direction switch', () => {
    const web = idOf('app=web');
    expect(labelsOf(focusOf(graph, { kind: 'node', id: web }, 'in')!.nodes)).toEqual([
      'app=frontend',
      'app=web',
      'shop',
    ]);
    expect(labelsOf(focusOf(graph, { kind: 'node', id: web }, 'out')!.nodes)).toEqual([
      'app=db',
      'app=web',
      'data',
      'shop',
    ]);
  });

  it("focusing a namespace focuses its pod groups' flows", () => {
    const focus = focusOf(graph, { kind: 'node', id: idOf('shop') }, 'both')!;
    expect(focus.edges.size).toBe(3);
  });

  it('a selected flow brings forward its two ends only', () => {
    const edge = graph.edges.find((e) => e.target === idOf('app=frontend'))!;
    const focus = focusOf(graph, { kind: 'edge', id: edge.id }, 'both')!;
    expect([...focus.edges]).toEqual([edge.id]);
    expect(focus.nodes.has(idOf('app=web'))).toBe(false);
  });

  it('is nothing without a selection, or when the selection is gone', () => {
    expect(focusOf(graph, null, 'both')).toBeNull();
    expect(focusOf(graph, { kind: 'node', id: 'gone' }, 'both')).toBeNull();
  });
});

describe('search and filter', () => {
  it('matches every word of the query in labels, namespaces and policy names, case-insensitively', () => {
    expect(labelsOf(searchMatches(graph, 'APP=w'))).toEqual(['app=web']);
    expect(labelsOf(searchMatches(graph, 'shop frontend'))).toEqual(['app=frontend']);
    expect(searchMatches(graph, '  ').size).toBe(0);
  });

  it('dims what the search does not match, but not the containers of matches', () => {
    const emphasis = emphasisOf(graph, null, 'both', 'app=db', null);
    expect(emphasis.dimmedNodes.has(idOf('app=db'))).toBe(false);
    expect(emphasis.dimmedNodes.has(idOf('data'))).toBe(false);
    expect(emphasis.dimmedNodes.has(idOf('app=web'))).toBe(true);
    // The flow into the match stays, the others fade.
    expect(graph.edges.filter((e) => !emphasis.dimmedEdges.has(e.id))).toHaveLength(1);
  });

  it('the namespace filter keeps the namespace, its flows and their other ends, and hides the rest', () => {
    expect(namespacesOf(graph)).toEqual(['data', 'ingress-nginx', 'monitoring', 'shop']);
    const emphasis = emphasisOf(graph, null, 'both', '', 'data');
    const shown = graph.nodes.filter((n) => !emphasis.hiddenNodes.has(n.id)).map((n) => n.label);
    expect(shown.sort()).toEqual(['app=db', 'app=web', 'data', 'shop']);
    expect(graph.edges.filter((e) => !emphasis.hiddenEdges.has(e.id))).toHaveLength(1);
  });

  it('shows everything as it is without focus, search or filter', () => {
    const emphasis = emphasisOf(graph, null, 'both', '', null);
    expect(emphasis.dimmedNodes.size + emphasis.hiddenNodes.size + emphasis.dimmedEdges.size).toBe(0);
  });
});
