/**
 * Observed traffic on the graph (src/core/flows/overlay.ts): which drawn flows the observed connections use,
 * which would be denied (on the one-sided flow that allows them, on the flow between their nodes, or as an extra
 * edge), and which drawn flows were never observed.
 */
import { describe, expect, it } from 'vitest';
import { checkFlows, projectGraph, read, type PolicyGraph } from '../../src/core/index.ts';
import { observedEdgeId, observedOverlay } from '../../src/core/flows/overlay.ts';
import { readFlows } from '../../src/core/flows/read.ts';
import { flowLine, type FlowSpec, type PodSpec } from './helpers.ts';

const POLICIES = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Egress]
  egress:
  - to: [{podSelector: {matchLabels: {app: db}}}]
    ports: [{protocol: TCP, port: 5432}]
  - to: [{podSelector: {matchLabels: {app: cache}}}]
    ports: [{protocol: TCP, port: 6379}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  policyTypes: [Ingress]
  ingress:
  - from: [{podSelector: {matchLabels: {app: web}}}]
    ports: [{protocol: TCP, port: 5432}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: admin, namespace: shop}
spec:
  podSelector: {matchLabels: {app: admin}}
  policyTypes: [Egress]
  egress:
  - to: [{podSelector: {matchLabels: {app: db}}}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
  policyTypes: [Ingress]
`;

const pod = (app: string, namespace = 'shop'): PodSpec => ({ namespace, labels: { app }, pod: `${app}-0` });
const web = pod('web');
const db = pod('db');
const admin = pod('admin');
const api = pod('api');

function overlayOf(flows: FlowSpec[], text = POLICIES) {
  const result = read(text);
  const graph = projectGraph(result);
  const capture = readFlows([{ name: 'f.json', text: flows.map(flowLine).join('\n') }]);
  const input = { policies: result.policies, inventory: result.inventory };
  const check = checkFlows(capture, input);
  return { graph, check, overlay: observedOverlay(graph, check.lines, input) };
}

/** The id of the drawn edge whose ends are labelled `from` and `to` (`app=web` …). */
function edgeId(graph: PolicyGraph, from: string, to: string): string {
  const label = new Map(graph.nodes.map((n) => [n.id, n.label]));
  const edge = graph.edges.find((e) => label.get(e.source) === from && label.get(e.target) === to);
  if (!edge) throw new Error(`no edge ${from} -> ${to} in ${graph.edges.map((e) => e.id).join(', ')}`);
  return edge.id;
}

describe('observedOverlay', () => {
  it('marks the flows observed traffic uses, and the drawn flows never observed', () => {
    const { graph, overlay } = overlayOf([{ src: web, dst: db, port: 5432 }]);
    const webDb = edgeId(graph, 'app=web', 'app=db');
    expect(overlay.edges.get(webDb)).toEqual({
      state: 'allowed',
      allowed: ['shop/web-0 -> shop/db-0 5432/TCP'],
      denied: [],
    });
    expect(overlay.edges.get(edgeId(graph, 'app=web', 'app=cache'))?.state).toBe('unobserved');
    expect(overlay.edges.get(edgeId(graph, 'app=admin', 'app=db'))?.state).toBe('unobserved');
    expect(overlay.extra).toEqual([]);
    expect(overlay.unshown).toEqual([]);
    // Every NetworkPolicy edge has a state.
    expect([...overlay.edges.keys()].sort()).toEqual(graph.edges.map((e) => e.id).sort());
  });

  it('marks a one-sided flow with the connection it would deny', () => {
    // admin's egress allows it; db's ingress admits only web.
    const { graph, check, overlay } = overlayOf([{ src: admin, dst: db, port: 5432 }]);
    expect(check.lines.map((l) => l.status)).toEqual(['DENIED']);
    expect(overlay.edges.get(edgeId(graph, 'app=admin', 'app=db'))).toEqual({
      state: 'denied',
      allowed: [],
      denied: ['shop/admin-0 -> shop/db-0 5432/TCP'],
    });
  });

  it('marks the flow drawn between the two ends when traffic on another port would be denied', () => {
    const { graph, overlay } = overlayOf([
      { src: web, dst: db, port: 5432 },
      { src: web, dst: db, port: 9999 },
    ]);
    // The rule for 5432 allows the first; the second matches no rule's port but the same two nodes.
    expect(overlay.edges.get(edgeId(graph, 'app=web', 'app=db'))).toEqual({
      state: 'denied',
      allowed: ['shop/web-0 -> shop/db-0 5432/TCP'],
      denied: ['shop/web-0 -> shop/db-0 9999/TCP'],
    });
  });

  it('draws a would-be-denied connection between nodes no flow joins as an extra edge', () => {
    const { graph, overlay } = overlayOf([
      { src: web, dst: api, port: 8080 },
      { src: web, dst: api, port: 8443 },
    ]);
    const nodeOf = (label: string) => graph.nodes.find((n) => n.label === label)!.id;
    expect(overlay.extra).toEqual([
      {
        id: observedEdgeId(nodeOf('app=web'), nodeOf('app=api')),
        source: nodeOf('app=web'),
        target: nodeOf('app=api'),
        connections: ['shop/web-0 -> shop/api-0 8080/TCP', 'shop/web-0 -> shop/api-0 8443/TCP'],
      },
    ]);
  });

  it('lists what the graph cannot show: allowed with no drawn flow, denied with an end no node stands for', () => {
    const stranger = pod('x', 'elsewhere');
    const { overlay } = overlayOf([
      // api's egress is not isolated and web's ingress is not either: allowed by default, nothing drawn carries it.
      { src: api, dst: web, port: 80 },
      // No node stands for pods of namespace "elsewhere".
      { src: stranger, dst: api, port: 8080 },
    ]);
    // In check order (sorted by source).
    expect(overlay.unshown).toEqual(['elsewhere/x-0 -> shop/api-0 8080/TCP', 'shop/api-0 -> shop/web-0 80/TCP']);
    expect(overlay.extra).toEqual([]);
    expect([...overlay.edges.values()].every((o) => o.state === 'unobserved')).toBe(true);
  });

  it('ignores DROPPED records and ties external addresses to ipBlock nodes', () => {
    const text = `${POLICIES}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-out, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Egress]
  egress:
  - to: [{ipBlock: {cidr: 203.0.113.0/24}}]
    ports: [{protocol: TCP, port: 443}]
`;
    const { graph, overlay } = overlayOf(
      [
        { src: web, dst: { ip: '203.0.113.9' }, port: 443 },
        { src: web, dst: { ip: '198.51.100.1' }, port: 443 },
        { src: web, dst: db, port: 5432, verdict: 'DROPPED' },
      ],
      text,
    );
    expect(overlay.edges.get(edgeId(graph, 'app=web', '203.0.113.0/24'))).toEqual({
      state: 'allowed',
      allowed: ['shop/web-0 -> 203.0.113.9 443/TCP'],
      denied: [],
    });
    expect(overlay.edges.get(edgeId(graph, 'app=web', 'app=db'))?.state).toBe('unobserved');
    // 198.51.100.1 is denied and no ipBlock node stands for it ("anywhere" never places one connection).
    expect(overlay.unshown).toEqual(['shop/web-0 -> 198.51.100.1 443/TCP']);
  });
});

describe('observedOverlay with admin tiers', () => {
  const CNP = `${POLICIES}---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: guard}
spec:
  tier: Admin
  priority: 10
  subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: db}}}}
  ingress:
  - {action: Accept, from: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: web}}}}]}
  - {action: Deny, from: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: admin}}}}]}
  - {action: Pass, from: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: api}}}}]}
`;
  function adminOverlay(flows: FlowSpec[]) {
    const result = read(CNP);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const graph = projectGraph(result);
    const capture = readFlows([{ name: 'f.json', text: flows.map(flowLine).join('\n') }]);
    const input = { policies: result.policies, adminPolicies: result.adminPolicies, inventory: result.inventory };
    const check = checkFlows(capture, input);
    const byRule = (path: string) => graph.edges.find((e) => e.rules.some((r) => r.path === path))!.id;
    return { check, overlay: observedOverlay(graph, check.lines, input), byRule, graph };
  }

  it('marks the Accept rule that admits a connection and the Deny rule that blocks one; Pass flows are left out', () => {
    const { check, overlay, byRule, graph } = adminOverlay([
      { src: web, dst: db, port: 5432 },
      { src: admin, dst: db, port: 5432 },
    ]);
    expect(check.lines.map((l) => [l.group.src, l.status])).toEqual([
      ['shop/admin-0', 'DENIED'],
      ['shop/web-0', 'ALLOWED'],
    ]);
    expect(overlay.edges.get(byRule('cnp/guard spec.ingress[0].from[0]'))).toEqual({
      state: 'allowed',
      allowed: ['shop/web-0 -> shop/db-0 5432/TCP'],
      denied: [],
    });
    expect(overlay.edges.get(byRule('cnp/guard spec.ingress[1].from[0]'))).toEqual({
      state: 'denied',
      allowed: [],
      denied: ['shop/admin-0 -> shop/db-0 5432/TCP'],
    });
    // admin's own egress rule allows it: that one-sided flow is marked too.
    expect(overlay.edges.get(edgeId(graph, 'app=admin', 'app=db'))?.state).toBe('denied');
    expect(overlay.edges.has(byRule('cnp/guard spec.ingress[2].from[0]'))).toBe(false);
  });
});
