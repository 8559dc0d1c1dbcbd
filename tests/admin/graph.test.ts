/** ClusterNetworkPolicy (and ANP/BANP) in the graph: subjects and peers are nodes; edges carry action and tier. */
import { describe, expect, it } from 'vitest';
import { projectGraph } from '../../src/core/graph/project.ts';
import { read } from '../../src/core/read/read.ts';

const TEXT = `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: pass-a}
spec:
  tier: Admin
  priority: 10
  subject: {namespaces: {matchLabels: {team: b}}}
  ingress: [{action: Pass, from: [{namespaces: {matchLabels: {team: a}}}]}]
  egress: [{action: Deny, to: [{networks: [10.0.0.0/8]}, {nodes: {}}], protocols: [{udp: {destinationPort: {number: 53}}}]}]
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: default}
spec:
  subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: y}}}}
  ingress: [{action: Deny, from: [{namespaces: {matchLabels: {team: a}}}]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: np, namespace: b}
spec:
  podSelector: {}
  ingress: [{from: [{namespaceSelector: {matchLabels: {team: a}}}]}]
`;

describe('admin policies in the graph', () => {
  it('draws every rule as a flow with its action and tier, apart from NetworkPolicy flows', () => {
    const g = projectGraph(read(TEXT));
    const flows = g.edges.map((e) => [
      e.source,
      e.target,
      e.action ?? null,
      e.tier ?? null,
      e.label,
      e.rules.map((r) => r.path),
    ]);
    expect(flows).toEqual([
      ['nssel:team=a', 'pods:b:{}', null, null, 'all ports', ['b/np spec.ingress[0].from[0]']],
      [
        'nssel:team=a',
        'nssel:team=b',
        'Pass',
        'Admin',
        'Pass (Admin): all ports',
        ['cnp/pass-a spec.ingress[0].from[0]'],
      ],
      ['nssel:team=b', 'ip:10.0.0.0/8', 'Deny', 'Admin', 'Deny (Admin): UDP 53', ['cnp/pass-a spec.egress[0].to[0]']],
      [
        'nssel:team=a',
        expect.stringContaining('app=y'),
        'Deny',
        'Baseline',
        'Deny (Baseline): all ports',
        ['banp/default spec.ingress[0].from[0]'],
      ],
    ]);
    // The NetworkPolicy compiles back alone: admin flows never become NetworkPolicy rules.
    expect(g.policies.map((p) => p.key)).toEqual(['b/np']);
  });
});

describe('effective-edge marks with the tiers', () => {
  it('a NetworkPolicy flow an Admin Deny blocks is one-sided; the admin flow itself is not judged', async () => {
    const { annotateEffective } = await import('../../src/core/analysis/annotate.ts');
    const r = read(`apiVersion: v1
kind: Namespace
metadata: {name: a, labels: {team: a}}
---
apiVersion: v1
kind: Namespace
metadata: {name: b, labels: {team: b}}
---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: deny-a}
spec:
  tier: Admin
  priority: 10
  subject: {namespaces: {matchLabels: {team: b}}}
  ingress: [{action: Deny, from: [{namespaces: {matchLabels: {team: a}}}]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: np, namespace: b}
spec:
  podSelector: {}
  ingress: [{from: [{namespaceSelector: {matchLabels: {team: a}}}]}]
`);
    const g = projectGraph(r);
    const marks = (admin: boolean) =>
      annotateEffective(g, r.policies, r.inventory, admin ? { adminPolicies: r.adminPolicies } : {}).edges.map((e) => [
        e.action ?? 'np',
        e.effective,
      ]);
    expect(marks(false)).toEqual([
      ['np', 'allowed'],
      ['Deny', undefined],
    ]);
    expect(marks(true)).toEqual([
      ['np', 'oneSided'],
      ['Deny', undefined],
    ]);
  });
});
