/**
 * Explain between graph nodes (the designer's canvas explain): representative endpoints, the verdict of the same
 * explainer as `netpol explain`, and the document line of every rule or policy that decides.
 */
import { describe, expect, it } from 'vitest';
import { annotateEffective } from '../../src/core/analysis/annotate.ts';
import { explainNodes, type NodeExplanation } from '../../src/core/analysis/explainNodes.ts';
import { projectGraph } from '../../src/core/graph/project.ts';
import type { NodeRef, PolicyGraph } from '../../src/core/graph/types.ts';
import { formatConnections } from '../../src/core/model/portset.ts';
import { read } from '../../src/core/read/read.ts';
import { EXAMPLE_DOCUMENT } from '../../src/ui/exampleDocument.ts';

const SHOP = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-from-web, namespace: shop}
spec:
  podSelector:
    matchLabels: {app: db}
  policyTypes: [Ingress]
  ingress:
    - from:
        - podSelector:
            matchLabels: {app: api}
        - podSelector:
            matchLabels: {app: web}
      ports:
        - {protocol: TCP, port: 5432}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: egress, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  policyTypes: [Egress]
  egress:
    - to: [{podSelector: {matchLabels: {app: cache}}}]
`;

const ADMIN = `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: deny-a}
spec:
  tier: Admin
  priority: 10
  subject: {namespaces: {matchLabels: {team: b}}}
  ingress:
    - action: Pass
      from: [{namespaces: {matchLabels: {team: c}}}]
    - action: Deny
      from: [{namespaces: {matchLabels: {team: a}}}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: np, namespace: b}
spec:
  podSelector: {}
  ingress: [{from: [{namespaceSelector: {matchLabels: {team: a}}}]}]
---
apiVersion: v1
kind: Namespace
metadata: {name: b, labels: {team: b}}
---
apiVersion: v1
kind: Namespace
metadata: {name: a, labels: {team: a}}
`;

/** 1-based line of the n-th line (0-based n) containing `needle`. */
function lineOf(text: string, needle: string, n = 0): number {
  const lines = text.split('\n');
  const hits = lines.flatMap((l, i) => (l.includes(needle) ? [i + 1] : []));
  if (hits[n] === undefined) throw new Error(`no ${n}th line with ${needle}`);
  return hits[n];
}

function setup(text: string) {
  const result = read(text);
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const graph = projectGraph(result);
  const node = (label: string, namespace?: string): NodeRef => {
    const n = graph.nodes.find(
      (x) => x.label === label && (namespace === undefined || ('namespace' in x.ref && x.ref.namespace === namespace)),
    );
    if (!n) throw new Error(`no node ${label}: ${graph.nodes.map((x) => x.label).join(', ')}`);
    return n.ref;
  };
  const explain = (from: NodeRef, to: NodeRef, port?: number): NodeExplanation => {
    const x = explainNodes(result, from, to, port !== undefined ? { port } : {});
    if ('error' in x) throw new Error(x.error);
    return x;
  };
  return { result, graph, node, explain };
}

describe('explainNodes', () => {
  const shop = setup(SHOP);
  const web = shop.node('app=web', 'shop');
  const db = shop.node('app=db', 'shop');

  it('explains a flow between two pod groups with representative pods made up from the selectors', () => {
    const x = shop.explain(web, db);
    expect(x.from).toMatchObject({ description: 'a pod matching app=web in namespace shop', synthesized: true });
    expect(x.to).toMatchObject({ description: 'a pod matching app=db in namespace shop', synthesized: true });
    expect(x.explanation.allowed).toBe(true);
    expect(formatConnections(x.explanation.conns)).toBe('TCP 5432');
    // Egress: the web pod is not isolated. Ingress: the second peer of the first rule allows it, on its line.
    expect(x.explanation.egress).toMatchObject({ isolated: false, allowed: true });
    expect(x.explanation.ingress.allowedBy).toEqual([
      expect.objectContaining({
        path: 'shop/db-from-web spec.ingress[0].from[1]',
        line: lineOf(SHOP, '- podSelector:', 1),
        column: 11,
      }),
    ]);
    // The reasons name the made-up pods by what they are.
    expect(x.explanation.ingress.reason).toMatch(
      /^a pod matching app=db in namespace shop is isolated for ingress by shop\/db-from-web; a pod matching app=web in namespace shop is allowed by/,
    );
    expect(x.explanation.ingress.isolatingAt).toEqual([
      { policy: 'shop/db-from-web', line: lineOf(SHOP, 'podSelector:', 0), column: 3 },
    ]);
  });

  it('a port the rule does not list: denied, and the rule that matches the peer only is located', () => {
    const x = shop.explain(web, db, 80).explanation;
    expect(x.allowed).toBe(false);
    expect(x.ingress.allowedBy).toEqual([]);
    expect(x.ingress.matchedPeerOnly.map((m) => [m.path, m.line])).toEqual([
      ['shop/db-from-web spec.ingress[0].from[1]', lineOf(SHOP, '- podSelector:', 1)],
    ]);
  });

  it('the other way: the source is isolated for egress and no rule allows it; the destination is not isolated', () => {
    const x = shop.explain(db, web).explanation;
    expect(x.allowed).toBe(false);
    expect(x.egress).toMatchObject({ isolated: true, allowed: false, allowedBy: [] });
    expect(x.egress.isolatingAt).toEqual([
      { policy: 'shop/egress', line: lineOf(SHOP, 'podSelector: {matchLabels: {app: db}}'), column: 3 },
    ]);
    expect(x.ingress).toMatchObject({ isolated: false, allowed: true });
  });

  it('prefers the document’s workloads, named as the CLI names them', () => {
    const withPods = `${SHOP}---
apiVersion: apps/v1
kind: Deployment
metadata: {name: frontend, namespace: shop}
spec:
  template:
    metadata: {labels: {app: web, tier: front}}
`;
    const s = setup(withPods);
    const x = s.explain(s.node('app=web', 'shop'), s.node('app=db', 'shop'));
    expect(x.from).toMatchObject({ description: 'shop/frontend[Deployment]', synthesized: false });
    expect(x.explanation.allowed).toBe(true);
  });

  it('a node to itself: two pods alike, decided by the policies (not loopback)', () => {
    const x = shop.explain(db, db);
    expect(x.to.description).toBe('another pod like a pod matching app=db in namespace shop');
    expect(x.explanation.loopback).toBe(false);
    // db's egress allows only app=cache, and its ingress only api and web.
    expect(x.explanation.allowed).toBe(false);
    expect(x.explanation.egress).toMatchObject({ isolated: true, allowedBy: [] });
  });

  it('an ipBlock node is explained for its first address', () => {
    const text = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: out, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.0.0.0/24]}}]
      ports: [{port: 443}]
`;
    const s = setup(text);
    const ip = s.graph.nodes.find((n) => n.type === 'ipBlock')!.ref;
    const x = s.explain(s.node('all pods', 'shop'), ip, 443);
    expect(x.to.description).toBe('10.0.1.0, an address in 10.0.0.0/8');
    expect(x.explanation.allowed).toBe(true);
    expect(x.explanation.egress.allowedBy[0]).toMatchObject({ line: 8, column: 12 });
  });

  it('admin tiers: the deciding ClusterNetworkPolicy rule comes first, with its line', () => {
    const s = setup(ADMIN);
    const b = s.node('all pods', 'b');
    const a = s.graph.nodes.find((n) => n.ref.kind === 'namespacePods' && n.label.includes('team=a'))!.ref;
    const x = s.explain(a, b, 80).explanation;
    expect(x.allowed).toBe(false);
    expect(x.ingress.decidedBy).toBe('cnp/deny-a ingress[1] (Admin, priority 10): Deny');
    expect(x.ingress.tierDecisions).toEqual([
      expect.objectContaining({ policy: 'cnp/deny-a', action: 'Deny', line: lineOf(ADMIN, '- action: Deny') }),
    ]);
    // Without the Admin tier the NetworkPolicy would allow it: the same pair, one tier less, is allowed.
    const npOnly = setup(ADMIN.split('---\n').slice(1).join('---\n'));
    const y = npOnly.explain(
      npOnly.graph.nodes.find((n) => n.ref.kind === 'namespacePods')!.ref,
      npOnly.node('all pods', 'b'),
      80,
    );
    expect(y.explanation.allowed).toBe(true);
  });

  it('reports a node that stands for nothing instead of throwing', () => {
    const ref: NodeRef = { kind: 'ipBlock', cidr: 'not-a-cidr' };
    expect(explainNodes(shop.result, ref, db)).toEqual({ error: expect.stringContaining('source') });
  });

  it('agrees with the edge marks on the example document: every flow marked allowed is explained as allowed', () => {
    const s = setup(EXAMPLE_DOCUMENT);
    const { annotated } = annotatedGraph(s);
    const byId = new Map(annotated.nodes.map((n) => [n.id, n.ref]));
    const allowed = annotated.edges.filter((e) => e.effective === 'allowed');
    expect(allowed.length).toBeGreaterThan(3);
    for (const e of allowed) {
      const x = s.explain(byId.get(e.source)!, byId.get(e.target)!);
      expect(x.explanation.allowed, `${e.source} → ${e.target}`).toBe(true);
      // Every rule named for an isolated side is located in the document.
      for (const d of [x.explanation.egress, x.explanation.ingress])
        for (const m of d.allowedBy) expect(m.line, m.path).toBeGreaterThan(0);
    }
  });
});

function annotatedGraph(s: ReturnType<typeof setup>): { annotated: PolicyGraph } {
  return {
    annotated: annotateEffective(s.graph, s.result.policies, s.result.inventory, {
      adminPolicies: s.result.adminPolicies,
    }),
  };
}
