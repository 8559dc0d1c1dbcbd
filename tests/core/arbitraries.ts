/** fast-check generators of valid NetworkPolicies (every API-server rule holds), shared by property suites. */
import fc from 'fast-check';
import type { LabelSelector, NetworkPolicy, NetworkPolicyPort } from '../../src/core/index.ts';
import type { NetworkPolicyPeer } from '../../src/core/model/types.ts';

const key = fc.constantFrom('app', 'tier', 'team', 'kubernetes.io/metadata.name', 'example.com/role');
const value = fc.constantFrom('web', 'db', 'api', 'a', 'b', 'prod', 'x-1');

export const labelSelector: fc.Arbitrary<LabelSelector> = fc.record(
  {
    matchLabels: fc.dictionary(key, value, { maxKeys: 2 }),
    matchExpressions: fc.array(
      fc.oneof(
        fc.record({
          key,
          operator: fc.constantFrom('In', 'NotIn'),
          values: fc.uniqueArray(value, { minLength: 1, maxLength: 3 }),
        }),
        fc.record({ key, operator: fc.constantFrom('Exists', 'DoesNotExist') }),
      ),
      { maxLength: 2 },
    ),
  },
  { requiredKeys: [] },
);

const cidr = fc.constantFrom('10.0.0.0/8', '192.168.0.0/16', '0.0.0.0/0', '172.16.5.0/24', '2001:db8::/32');
const exceptFor: Record<string, string[]> = {
  '10.0.0.0/8': ['10.1.0.0/16', '10.2.3.0/24'],
  '192.168.0.0/16': ['192.168.1.0/24'],
  '0.0.0.0/0': ['10.0.0.0/8', '169.254.169.254/32'],
  '172.16.5.0/24': ['172.16.5.128/25'],
  '2001:db8::/32': ['2001:db8:1::/48'],
};

export const peer: fc.Arbitrary<NetworkPolicyPeer> = fc.oneof(
  fc.record({ podSelector: labelSelector }),
  fc.record({ namespaceSelector: labelSelector }),
  fc.record({ namespaceSelector: labelSelector, podSelector: labelSelector }),
  cidr.chain((c) =>
    fc.record({
      ipBlock: fc.record(
        { cidr: fc.constant(c), except: fc.subarray(exceptFor[c]!, { minLength: 1 }) },
        { requiredKeys: ['cidr'] },
      ),
    }),
  ),
);

const portNumber = fc.integer({ min: 1, max: 65535 });
export const port: fc.Arbitrary<NetworkPolicyPort> = fc.oneof(
  fc.record({ protocol: fc.constantFrom('TCP', 'UDP', 'SCTP'), port: portNumber }, { requiredKeys: [] }),
  fc.record(
    { protocol: fc.constantFrom('TCP', 'UDP'), port: fc.constantFrom('http', 'dns', 'metrics') },
    { requiredKeys: ['port'] },
  ),
  fc
    .tuple(portNumber, fc.integer({ min: 0, max: 1000 }))
    .map(([p, d]) => ({ protocol: 'TCP', port: p, endPort: Math.min(65535, p + d) })),
);

const rule = (peers: 'from' | 'to') =>
  fc.record(
    { [peers]: fc.array(peer, { maxLength: 3 }), ports: fc.array(port, { maxLength: 3 }) },
    { requiredKeys: [] },
  );

export const networkPolicy: fc.Arbitrary<NetworkPolicy> = fc
  .record(
    {
      name: fc.constantFrom('allow-a', 'deny-all', 'web', 'db-egress', 'p.1'),
      namespace: fc.constantFrom('default', 'shop', 'tenant-a', 'kube-system'),
      labels: fc.dictionary(key, value, { maxKeys: 2 }),
      podSelector: labelSelector,
      policyTypes: fc.option(fc.subarray(['Ingress', 'Egress'] as const, { minLength: 1 }), { nil: undefined }),
      ingress: fc.option(fc.array(rule('from'), { maxLength: 3 }), { nil: undefined }),
      egress: fc.option(fc.array(rule('to'), { maxLength: 3 }), { nil: undefined }),
    },
    { requiredKeys: ['name', 'namespace', 'podSelector'] },
  )
  .map((r) => ({
    apiVersion: 'networking.k8s.io/v1' as const,
    kind: 'NetworkPolicy' as const,
    metadata: {
      name: r.name,
      namespace: r.namespace,
      ...(r.labels && Object.keys(r.labels).length ? { labels: r.labels } : {}),
    },
    spec: {
      podSelector: r.podSelector,
      ...(r.policyTypes ? { policyTypes: [...r.policyTypes] } : {}),
      ...(r.ingress ? { ingress: r.ingress } : {}),
      ...(r.egress ? { egress: r.egress } : {}),
    },
  }));

/** Several policies with distinct names per namespace. */
export const policySet = fc
  .array(networkPolicy, { maxLength: 6 })
  .map((ps) => ps.map((p, i) => ({ ...p, metadata: { ...p.metadata, name: `${p.metadata?.name}-${i}` } })));
