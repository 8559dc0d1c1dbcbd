/**
 * Graph commands: each edit does what the picture says, only the touched documents change, and the result
 * stays valid. Checked on the graph re-projected from the new text, not on internals.
 */
import { describe, expect, it } from 'vitest';
import { projectGraph, read, type GraphCommand, type NodeRef } from '../../src/core/index.ts';
import { nodeId } from '../../src/core/graph/refs.ts';
import { edited, refusal } from './edits.ts';

const BASE = `# Shared namespace, hand-written: this comment must survive graph edits elsewhere.
apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: {team: a}
---
# web accepts from the ingress controller
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
  namespace: shop
spec:
  podSelector:
    matchLabels: {app: web}
  ingress:
  - from:
    - namespaceSelector:
        matchLabels: {kubernetes.io/metadata.name: ingress}
    - podSelector:
        matchLabels: {app: lb}
    ports:
    - port: 8080
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db
  namespace: shop
spec:
  podSelector:
    matchLabels: {app: db}
  policyTypes: [Ingress, Egress]
`;

const web: NodeRef = { kind: 'pods', namespace: 'shop', podSelector: { matchLabels: { app: 'web' } } };
const db: NodeRef = { kind: 'pods', namespace: 'shop', podSelector: { matchLabels: { app: 'db' } } };
const lb: NodeRef = { kind: 'pods', namespace: 'shop', podSelector: { matchLabels: { app: 'lb' } } };
const ingressNs: NodeRef = { kind: 'pods', namespace: 'ingress', podSelector: {} };

function run(text: string, command: GraphCommand) {
  const before = read(text);
  const result = edited(before, command);
  const after = read(result.text);
  expect(after.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return { ...result, after, graph: projectGraph(after) };
}

const edge = (g: ReturnType<typeof projectGraph>, s: NodeRef, t: NodeRef) =>
  g.edges.find((e) => e.source === nodeId(s) && e.target === nodeId(t));

describe('connect', () => {
  it('adds an ingress rule on the target policy and leaves the other documents byte-identical', () => {
    const { text, graph, changedDocuments } = run(BASE, {
      type: 'connect',
      source: web,
      target: db,
      ports: [{ protocol: 'TCP', port: 5432 }],
    });
    expect(edge(graph, web, db)?.label).toBe('TCP 5432');
    expect(changedDocuments).toEqual([2]);
    const [ns, webDoc] = BASE.split('---\n');
    expect(text.startsWith(`${ns}---\n${webDoc}---\n`)).toBe(true);
  });

  it('also writes the egress side when the source is egress-isolated, so the flow is effective', () => {
    const { graph, after } = run(BASE, {
      type: 'connect',
      source: db,
      target: web,
      ports: [{ protocol: 'TCP', port: 8080 }],
    });
    const e = edge(graph, db, web)!;
    expect(e.rules.map((r) => r.path).sort()).toEqual([
      'shop/db spec.egress[0].to[0]',
      'shop/web spec.ingress[0].from[2]',
    ]);
    // The existing rule with the same ports is reused: a third peer, not a new rule.
    expect(after.policies.find((p) => p.key === 'shop/web')!.policy.spec!.ingress).toHaveLength(1);
  });

  it('creates a policy for a pod group no policy selects yet, with explicit policyTypes', () => {
    const api: NodeRef = { kind: 'pods', namespace: 'shop', podSelector: { matchLabels: { app: 'api' } } };
    const { after, graph } = run(BASE, { type: 'connect', source: web, target: api });
    const created = after.policies.find((p) => p.key === 'shop/api-ingress')!;
    expect(created.policy.spec!.policyTypes).toEqual(['Ingress']);
    expect(edge(graph, web, api)!.label).toBe('all ports');
  });

  it('writes an egress rule to an IP block or anywhere', () => {
    const block: NodeRef = { kind: 'ipBlock', cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] };
    const { graph } = run(BASE, {
      type: 'connect',
      source: db,
      target: block,
      ports: [{ protocol: 'TCP', port: 443 }],
    });
    expect(edge(graph, db, block)!.rules[0]!.path).toBe('shop/db spec.egress[0].to[0]');
    const any = run(BASE, {
      type: 'connect',
      source: db,
      target: { kind: 'anywhere' },
      ports: [{ protocol: 'UDP', port: 53 }],
    });
    expect(edge(any.graph, db, { kind: 'anywhere' })!.label).toBe('UDP 53');
  });

  it('refuses a flow with no pod group at either end', () => {
    expect(
      refusal(read(BASE), {
        type: 'connect',
        source: { kind: 'anywhere' },
        target: { kind: 'ipBlock', cidr: '1.2.3.4/32' },
      }),
    ).toBe('a flow needs a pod group at one end at least');
  });
});

describe('disconnect and ports', () => {
  it('removes one peer, keeping the rule for the others', () => {
    const { graph, after } = run(BASE, { type: 'disconnect', source: lb, target: web });
    expect(edge(graph, lb, web)).toBeUndefined();
    expect(edge(graph, ingressNs, web)).toBeDefined();
    expect(after.policies[0]!.policy.spec!.ingress![0]!.from).toHaveLength(1);
  });

  it('removes a rule left without peers instead of leaving `from: []` (which would mean everyone)', () => {
    const once = run(BASE, { type: 'disconnect', source: lb, target: web });
    const twice = run(once.text, { type: 'disconnect', source: ingressNs, target: web });
    const spec = twice.after.policies[0]!.policy.spec!;
    expect(spec.ingress).toBeUndefined();
    expect(spec.policyTypes).toEqual(['Ingress']); // still isolated: deleting edges never opens access
    expect(twice.graph.edges.filter((e) => e.target === nodeId(web))).toEqual([]);
  });

  it('setFlowPorts splits a shared rule so other peers keep their ports', () => {
    const { graph } = run(BASE, {
      type: 'setFlowPorts',
      source: lb,
      target: web,
      ports: [{ protocol: 'TCP', port: 8000, endPort: 9000 }],
    });
    expect(edge(graph, lb, web)!.label).toBe('TCP 8000-9000');
    expect(edge(graph, ingressNs, web)!.label).toBe('TCP 8080');
  });
});

describe('isolation, nodes and policies', () => {
  it('toggles egress isolation', () => {
    const on = run(BASE, { type: 'setIsolation', target: web, direction: 'egress', isolated: true });
    expect(on.graph.nodes.find((n) => n.id === nodeId(web))!.isolation!.egress).toBe(true);
    const off = run(on.text, { type: 'setIsolation', target: web, direction: 'egress', isolated: false });
    expect(off.graph.nodes.find((n) => n.id === nodeId(web))!.isolation!.egress).toBe(false);
    expect(off.text).toBe(BASE);
  });

  it('relabels a pod group everywhere it is used', () => {
    const { graph } = run(BASE, {
      type: 'replaceNode',
      from: lb,
      to: {
        kind: 'pods',
        namespace: 'shop',
        podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['lb', 'proxy'] }] },
      },
    });
    expect(graph.nodes.some((n) => n.label === 'app in (lb,proxy)')).toBe(true);
    expect(graph.nodes.some((n) => n.id === nodeId(lb))).toBe(false);
  });

  it('removes a node with its policies and peers', () => {
    const { after } = run(BASE, { type: 'removeNode', node: web });
    expect(after.policies.map((p) => p.key)).toEqual(['shop/db']);
    expect(after.text.startsWith(BASE.split('---\n')[0]!)).toBe(true);
  });

  it('adds and relabels a namespace as a Namespace object', () => {
    const added = run(BASE, { type: 'addNamespace', name: 'tenant-b', labels: { tenant: 'b' } });
    expect(added.after.inventory.namespaces.map((n) => n.name)).toEqual(['shop', 'tenant-b']);
    const relabelled = run(added.text, { type: 'setNamespaceLabels', name: 'shop', labels: { team: 'z' } });
    expect(relabelled.after.inventory.namespaces[0]!.labels).toEqual({
      team: 'z',
      'kubernetes.io/metadata.name': 'shop',
    });
  });

  it('adds a pod group as a default-deny policy and removes a policy by key', () => {
    const added = run(BASE, {
      type: 'addPodGroup',
      namespace: 'shop',
      podSelector: { matchLabels: { app: 'cache' } },
      isolate: { ingress: true, egress: true },
    });
    expect(added.after.policies.at(-1)!.key).toBe('shop/cache-default-deny');
    const removed = run(added.text, { type: 'removePolicy', policy: 'shop/cache-default-deny' });
    expect(removed.text).toBe(BASE);
  });
});
