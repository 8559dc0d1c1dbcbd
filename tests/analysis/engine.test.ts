/**
 * The per-class connlist engine and the per-pair explainer are written independently; on random policies and
 * inventories they must agree on every pair, port and protocol (and on external addresses).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIp } from '../../src/core/model/cidr.ts';
import { analyzeConnectivity } from '../../src/core/analysis/connectivity.ts';
import { buildModel, type AnalysisOptions } from '../../src/core/analysis/model.ts';
import { explainConnection, type Endpoint } from '../../src/core/analysis/explain.ts';
import { allowsPort, formatConnections } from '../../src/core/model/portset.ts';
import type {
  LabelSelector,
  NetworkPolicy,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  Protocol,
  WorkloadInfo,
} from '../../src/core/model/types.ts';

const NAMESPACES = ['ns1', 'ns2', 'ns3'];
const arbLabels = fc.dictionary(fc.constantFrom('app', 'tier', 'env'), fc.constantFrom('a', 'b', 'c'), { maxKeys: 2 });
const arbSelector: fc.Arbitrary<LabelSelector> = fc.oneof(
  fc.constant({}),
  arbLabels.map((matchLabels) => ({ matchLabels })),
  fc.record({
    matchExpressions: fc.array(
      fc
        .record({
          key: fc.constantFrom('app', 'tier', 'env', 'kubernetes.io/metadata.name'),
          operator: fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist'),
          values: fc.array(fc.constantFrom('a', 'b', 'ns1', 'ns2'), { minLength: 1, maxLength: 2 }),
        })
        .map((e) =>
          e.operator === 'Exists' || e.operator === 'DoesNotExist' ? { key: e.key, operator: e.operator } : e,
        ),
      { minLength: 1, maxLength: 2 },
    ),
  }),
);
const arbPeer: fc.Arbitrary<NetworkPolicyPeer> = fc.oneof(
  arbSelector.map((podSelector) => ({ podSelector })),
  arbSelector.map((namespaceSelector) => ({ namespaceSelector })),
  fc.record({ namespaceSelector: arbSelector, podSelector: arbSelector }),
  fc.constantFrom<NetworkPolicyPeer>(
    { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } },
    { ipBlock: { cidr: '10.1.2.0/24' } },
    { ipBlock: { cidr: '0.0.0.0/0' } },
  ),
);
const arbPort: fc.Arbitrary<NetworkPolicyPort> = fc.oneof(
  fc.constant({}),
  fc.record({ protocol: fc.constantFrom<Protocol>('TCP', 'UDP', 'SCTP'), port: fc.constantFrom(53, 80, 443) }),
  fc.constantFrom(
    { port: 8000, endPort: 8100 },
    { port: 'http' },
    { protocol: 'UDP' as const, port: 'dns' },
    { protocol: 'UDP' as const },
  ),
);
const arbRule = fc.record(
  { peers: fc.option(fc.array(arbPeer, { maxLength: 3 })), ports: fc.option(fc.array(arbPort, { maxLength: 2 })) },
  { requiredKeys: [] },
);
const arbPolicy = fc
  .record({
    namespace: fc.constantFrom(...NAMESPACES),
    podSelector: arbSelector,
    policyTypes: fc.option(fc.subarray(['Ingress', 'Egress'] as ('Ingress' | 'Egress')[])),
    ingress: fc.option(fc.array(arbRule, { maxLength: 2 })),
    egress: fc.option(fc.array(arbRule, { maxLength: 2 })),
  })
  .map((p): NetworkPolicy => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'p', namespace: p.namespace },
    spec: {
      podSelector: p.podSelector,
      ...(p.policyTypes ? { policyTypes: p.policyTypes } : {}),
      ...(p.ingress
        ? {
            ingress: p.ingress.map((r) => ({
              ...(r.peers ? { from: r.peers } : {}),
              ...(r.ports ? { ports: r.ports } : {}),
            })),
          }
        : {}),
      ...(p.egress
        ? {
            egress: p.egress.map((r) => ({
              ...(r.peers ? { to: r.peers } : {}),
              ...(r.ports ? { ports: r.ports } : {}),
            })),
          }
        : {}),
    },
  }));
const arbWorkload = fc.record({
  namespace: fc.constantFrom(...NAMESPACES),
  labels: arbLabels,
  http: fc.constantFrom(undefined, 8080, 8050),
  ip: fc.constantFrom('10.1.2.3', '10.1.9.9', '192.168.0.1'),
  hostNetwork: fc.constantFrom(false, false, false, true),
});

const PROBES: [number, Protocol][] = [
  [53, 'UDP'],
  [53, 'TCP'],
  [80, 'TCP'],
  [443, 'SCTP'],
  [8050, 'TCP'],
  [8080, 'TCP'],
  [8100, 'TCP'],
];

describe('connlist engine agrees with the explainer', () => {
  const configs: AnalysisOptions[] = [
    { ipBlockMatchesPods: false },
    { ipBlockMatchesPods: true },
    { hostNetworkMode: 'asNode' },
  ];
  for (const options of configs)
    it(`random policies (${JSON.stringify(options)})`, () => {
      fc.assert(
        fc.property(
          fc.array(arbWorkload, { minLength: 2, maxLength: 6 }),
          fc.array(arbPolicy, { maxLength: 5 }),
          fc.record({ env: fc.constantFrom('a', 'b') }),
          (ws, policiesRaw, nsLabels) => {
            const policies = policiesRaw.map((p, i) => ({ ...p, metadata: { ...p.metadata, name: `p${i}` } }));
            const workloads: WorkloadInfo[] = ws.map((w, i) => ({
              namespace: w.namespace,
              name: `w${i}`,
              kind: 'Deployment',
              labels: w.labels,
              ports: w.http
                ? [
                    { name: 'http', containerPort: w.http, protocol: 'TCP' },
                    { name: 'dns', containerPort: 53, protocol: 'UDP' },
                  ]
                : [],
              ips: [w.ip],
              hostNetwork: w.hostNetwork,
            }));
            const inventory = {
              namespaces: [{ name: 'ns1', labels: { 'kubernetes.io/metadata.name': 'ns1', ...nsLabels } }],
              workloads,
            };
            const input = { policies, inventory };
            const model = buildModel(input, options);
            const result = analyzeConnectivity(model);
            const ep = (w: WorkloadInfo): Endpoint => ({
              kind: 'pod',
              namespace: w.namespace,
              labels: w.labels,
              ports: w.ports,
              ips: w.ips,
              hostNetwork: w.hostNetwork,
              name: `${w.namespace}/${w.name}[${w.kind}]`,
            });
            for (const s of workloads)
              for (const d of workloads) {
                if (s === d) continue;
                const line = result.connections.find(
                  (c) =>
                    c.src.kind === 'workload' &&
                    c.src.workload.name === s.name &&
                    c.dst.kind === 'workload' &&
                    c.dst.workload.name === d.name,
                );
                const x = explainConnection(model, ep(s), ep(d), {}, options);
                const engine = line ? formatConnections(line.conns) : 'No Connections';
                if (engine !== formatConnections(x.conns))
                  throw new Error(
                    `${s.name}→${d.name}: engine ${engine}, explain ${formatConnections(x.conns)}: ${x.summary}`,
                  );
                for (const [port, protocol] of PROBES)
                  expect(explainConnection(model, ep(s), ep(d), { port, protocol }, options).allowed).toBe(
                    !!line && allowsPort(line.conns, port, protocol),
                  );
              }
            // External addresses: the segment holding the address must carry what the explainer says.
            for (const ip of ['10.1.2.3', '10.1.0.1', '8.8.8.8']) {
              const v = parseIp(ip)!.value;
              for (const w of workloads) {
                const out = result.connections.find(
                  (c) =>
                    c.src.kind === 'workload' &&
                    c.src.workload.name === w.name &&
                    c.dst.kind === 'external' &&
                    c.dst.first <= v &&
                    v <= c.dst.last,
                );
                const inn = result.connections.find(
                  (c) =>
                    c.dst.kind === 'workload' &&
                    c.dst.workload.name === w.name &&
                    c.src.kind === 'external' &&
                    c.src.first <= v &&
                    v <= c.src.last,
                );
                const xo = explainConnection(model, ep(w), { kind: 'ip', ip }, {}, options).conns;
                const xi = explainConnection(model, { kind: 'ip', ip }, ep(w), {}, options).conns;
                expect(out ? formatConnections(out.conns) : 'No Connections').toBe(formatConnections(xo));
                expect(inn ? formatConnections(inn.conns) : 'No Connections').toBe(formatConnections(xi));
              }
            }
          },
        ),
        { numRuns: Number(process.env.FUZZ_RUNS ?? 50) },
      );
    });
});
