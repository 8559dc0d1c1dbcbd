/** netpol-semantics.md §3.9 test vectors T1–T17, plus the ipBlock-vs-pod option both ways. */
import { describe, expect, it } from 'vitest';
import { analyzeConnectivity } from '../../src/core/analysis/connectivity.ts';
import {
  connectionAllowed,
  explainConnection,
  type Endpoint,
  type PodEndpoint,
} from '../../src/core/analysis/explain.ts';
import { formatConnlist } from '../../src/core/analysis/format.ts';
import type { AnalysisOptions } from '../../src/core/analysis/model.ts';
import type {
  ContainerPort,
  NetworkPolicy,
  NetworkPolicySpec,
  Protocol,
  WorkloadInfo,
} from '../../src/core/model/types.ts';

const np = (name: string, spec: NetworkPolicySpec, namespace = 'app'): NetworkPolicy => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name, namespace },
  spec,
});

const pod = (
  ns: string,
  name: string,
  labels: Record<string, string>,
  extra: Partial<WorkloadInfo> = {},
): WorkloadInfo => ({
  namespace: ns,
  name,
  kind: 'Pod',
  labels,
  ports: [],
  ips: [],
  hostNetwork: false,
  ...extra,
});

const ep = (w: WorkloadInfo): PodEndpoint => ({
  kind: 'pod',
  namespace: w.namespace,
  labels: w.labels,
  ports: w.ports,
  ips: w.ips,
  name: `${w.namespace}/${w.name}`,
});

const http: ContainerPort = { name: 'http', containerPort: 8080, protocol: 'TCP' };
const a = pod('app', 'a', { app: 'a' });
const b = pod('app', 'b', { app: 'b' }, { ports: [http] });
const x = pod('app', 'x', { app: 'x' });
const db = pod('app', 'db', { app: 'db' });
const coredns = pod('kube-system', 'coredns', { 'k8s-app': 'kube-dns' });
const otherZ = pod('other', 'z', {});
const otherC = pod('other', 'c', { role: 'c' });
const ext = (ip: string): Endpoint => ({ kind: 'ip', ip });

const deny = np('deny', { podSelector: {}, policyTypes: ['Ingress'] });
const otherNs = { name: 'other', labels: { 'kubernetes.io/metadata.name': 'other', team: 'x' } };

interface Vector {
  id: string;
  policies: NetworkPolicy[];
  src: Endpoint;
  dst: Endpoint;
  port: number;
  protocol?: Protocol;
  expect: boolean;
  options?: AnalysisOptions;
}

const vectors: Vector[] = [
  { id: 'T1 no policies', policies: [], src: ep(a), dst: ep(b), port: 80, expect: true },
  { id: 'T2 default deny ingress', policies: [deny], src: ep(a), dst: ep(b), port: 80, expect: false },
  {
    id: 'T3 union with allow-all',
    policies: [deny, np('allow', { podSelector: { matchLabels: { app: 'b' } }, ingress: [{}] })],
    src: ep(a),
    dst: ep(b),
    port: 80,
    expect: true,
  },
  { id: 'T4 loopback', policies: [deny], src: ep(b), dst: ep(b), port: 80, expect: true },
  { id: 'T5 own node (kubelet probe)', policies: [deny], src: { kind: 'node' }, dst: ep(b), port: 8080, expect: true },
  {
    id: 'T6 egress rules default policyTypes to Ingress+Egress',
    policies: [np('p', { podSelector: {}, egress: [{ to: [{ podSelector: { matchLabels: { app: 'db' } } }] }] })],
    src: ext('1.2.3.4'),
    dst: ep(x),
    port: 80,
    expect: false,
  },
  {
    id: 'T7 default deny egress blocks DNS',
    policies: [np('p', { podSelector: {}, policyTypes: ['Egress'] })],
    src: ep(x),
    dst: ep(coredns),
    port: 53,
    protocol: 'UDP',
    expect: false,
  },
  {
    id: 'T8 OR of peers',
    policies: [
      np('p', {
        podSelector: { matchLabels: { app: 'b' } },
        ingress: [
          {
            from: [
              { namespaceSelector: { matchLabels: { team: 'x' } } },
              { podSelector: { matchLabels: { role: 'c' } } },
            ],
          },
        ],
      }),
    ],
    src: { ...ep(otherZ), namespaceLabels: otherNs.labels },
    dst: ep(b),
    port: 80,
    expect: true,
  },
  {
    id: 'T9 AND within one peer',
    policies: [
      np('p', {
        podSelector: { matchLabels: { app: 'b' } },
        ingress: [
          {
            from: [{ namespaceSelector: { matchLabels: { team: 'x' } }, podSelector: { matchLabels: { role: 'c' } } }],
          },
        ],
      }),
    ],
    src: { ...ep(otherZ), namespaceLabels: otherNs.labels },
    dst: ep(b),
    port: 80,
    expect: false,
  },
  {
    id: 'T10 podSelector alone = same namespace',
    policies: [
      np('p', {
        podSelector: { matchLabels: { app: 'b' } },
        ingress: [{ from: [{ podSelector: { matchLabels: { role: 'c' } } }] }],
      }),
    ],
    src: ep(otherC),
    dst: ep(b),
    port: 80,
    expect: false,
  },
  {
    id: 'T11 ports: [{}] is TCP only',
    policies: [np('p', { podSelector: { matchLabels: { app: 'b' } }, ingress: [{ ports: [{}] }] })],
    src: ep(a),
    dst: ep(b),
    port: 53,
    protocol: 'UDP',
    expect: false,
  },
  {
    id: 'T12 named port resolves on the destination (8080)',
    policies: [np('p', { podSelector: { matchLabels: { app: 'b' } }, ingress: [{ ports: [{ port: 'http' }] }] })],
    src: ep(a),
    dst: ep(b),
    port: 8080,
    expect: true,
  },
  {
    id: 'T12 named port does not open 80',
    policies: [np('p', { podSelector: { matchLabels: { app: 'b' } }, ingress: [{ ports: [{ port: 'http' }] }] })],
    src: ep(a),
    dst: ep(b),
    port: 80,
    expect: false,
  },
  {
    id: 'T13 named port cannot resolve externally',
    policies: [
      np('p', {
        podSelector: { matchLabels: { app: 'a' } },
        policyTypes: ['Egress'],
        egress: [{ ports: [{ port: 'http' }], to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }],
      }),
    ],
    src: ep(a),
    dst: ext('1.2.3.4'),
    port: 80,
    expect: false,
  },
  {
    id: 'T14 except in one peer, included by another',
    policies: [
      np('p', {
        podSelector: { matchLabels: { app: 'a' } },
        policyTypes: ['Egress'],
        egress: [
          { to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }, { ipBlock: { cidr: '10.1.2.0/24' } }] },
        ],
      }),
    ],
    src: ep(a),
    dst: ext('10.1.2.3'),
    port: 80,
    expect: true,
  },
  {
    id: 'T14 except without the other peer',
    policies: [
      np('p', {
        podSelector: { matchLabels: { app: 'a' } },
        policyTypes: ['Egress'],
        egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }] }],
      }),
    ],
    src: ep(a),
    dst: ext('10.1.2.3'),
    port: 80,
    expect: false,
  },
  ...[8000, 8010, 8011].map((port): Vector => ({
    id: `T15 endPort 8000-8010, port ${port}`,
    policies: [
      np('p', {
        podSelector: { matchLabels: { app: 'b' } },
        ingress: [{ ports: [{ protocol: 'TCP', port: 8000, endPort: 8010 }] }],
      }),
    ],
    src: ep(a),
    dst: ep(b),
    port,
    expect: port <= 8010,
  })),
  ...[8000, 8010].map((port): Vector => ({
    id: `T15 endPort unsupported, port ${port}`,
    policies: [
      np('p', {
        podSelector: { matchLabels: { app: 'b' } },
        ingress: [{ ports: [{ protocol: 'TCP', port: 8000, endPort: 8010 }] }],
      }),
    ],
    src: ep(a),
    dst: ep(b),
    port,
    expect: port === 8000,
    options: { endPortSupported: false },
  })),
  {
    id: 'T16 egress rules ignored without Egress in policyTypes',
    policies: [np('p', { podSelector: { matchLabels: { app: 'b' } }, policyTypes: ['Ingress'], egress: [{}] })],
    src: ep(b),
    dst: ext('8.8.8.8'),
    port: 443,
    expect: true,
  },
  {
    id: 'T17 egress: [] does not add Egress',
    policies: [np('p', { podSelector: {}, egress: [] })],
    src: ep(a),
    dst: ext('8.8.8.8'),
    port: 443,
    expect: true,
  },
];

describe('§3.9 test vectors', () => {
  let passed = 0;
  for (const v of vectors)
    it(v.id, () => {
      const input = {
        policies: v.policies,
        inventory: { namespaces: [otherNs], workloads: [a, b, x, db, coredns, otherZ, otherC] },
      };
      const got = connectionAllowed(input, v.src, v.dst, v.port, v.protocol ?? 'TCP', v.options);
      expect(
        got,
        explainConnection(input, v.src, v.dst, { port: v.port, protocol: v.protocol ?? 'TCP' }, v.options).summary,
      ).toBe(v.expect);
      passed++;
    });
  it('all vectors pass', () => {
    console.log(`§3.9 vectors: ${passed}/${vectors.length}`);
    expect(passed).toBe(vectors.length);
  });
});

describe('ipBlockMatchesPods', () => {
  const client = pod('app', 'client', { app: 'client' });
  const server = pod('app', 'server', { app: 'server' }, { ips: ['10.0.0.5'] });
  const policies = [
    np('egress-to-cidr', {
      podSelector: { matchLabels: { app: 'client' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/24', except: ['10.0.0.128/25'] } }], ports: [{ port: 80 }] }],
    }),
    np('ingress-from-cidr', {
      podSelector: { matchLabels: { app: 'client' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.5/32' } }] }],
    }),
  ];
  const input = { policies, inventory: { namespaces: [], workloads: [client, server] } };

  it('false (np-guard): an ipBlock never selects a pod', () => {
    expect(connectionAllowed(input, ep(client), ep(server), 80)).toBe(false);
    expect(connectionAllowed(input, ep(server), ep(client), 80)).toBe(false);
    const lines = formatConnlist(analyzeConnectivity(input), 'txt');
    expect(lines).not.toContain('app/client[Pod] => app/server[Pod]');
    expect(lines).not.toContain('app/server[Pod] => app/client[Pod]');
    expect(lines).toContain('app/client[Pod] => 10.0.0.0-10.0.0.127[External] : TCP 80');
  });

  it('true (upstream e2e): a pod whose IP lies in the block is matched', () => {
    const o = { ipBlockMatchesPods: true };
    expect(connectionAllowed(input, ep(client), ep(server), 80, 'TCP', o)).toBe(true);
    expect(connectionAllowed(input, ep(client), ep(server), 81, 'TCP', o)).toBe(false);
    expect(connectionAllowed(input, ep(server), ep(client), 81, 'TCP', o)).toBe(true);
    const lines = formatConnlist(analyzeConnectivity(input, o), 'txt');
    expect(lines).toContain('app/client[Pod] => app/server[Pod] : TCP 80\n');
    expect(lines).toContain('app/server[Pod] => app/client[Pod] : All Connections\n');
  });

  it('true: an IP in an except is not matched', () => {
    const far = pod('app', 'far', { app: 'far' }, { ips: ['10.0.0.200'] });
    const i2 = { policies, inventory: { namespaces: [], workloads: [client, far] } };
    expect(connectionAllowed(i2, ep(client), ep(far), 80, 'TCP', { ipBlockMatchesPods: true })).toBe(false);
  });
});

describe('hostNetwork pods (§3.7)', () => {
  const agent = pod('app', 'agent', { app: 'agent' }, { hostNetwork: true, ips: ['192.168.5.10'] });
  const web = pod('app', 'web', { app: 'web' });
  const hostEp: Endpoint = { ...ep(agent), hostNetwork: true };
  const policies = [
    np('deny-agent', { podSelector: { matchLabels: { app: 'agent' } }, policyTypes: ['Ingress'] }),
    np('web-from-agent-pods', {
      podSelector: { matchLabels: { app: 'web' } },
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'agent' } } }], ports: [{ port: 80 }] }],
    }),
    np('web-from-nodes', {
      podSelector: { matchLabels: { app: 'web' } },
      ingress: [{ from: [{ ipBlock: { cidr: '192.168.5.0/24' } }], ports: [{ port: 9100 }] }],
    }),
  ];
  const input = { policies, inventory: { namespaces: [], workloads: [agent, web] } };

  it('asPod (default, np-guard): a pod like any other', () => {
    expect(connectionAllowed(input, ep(web), hostEp, 80)).toBe(false);
    expect(connectionAllowed(input, hostEp, ep(web), 80)).toBe(true);
    expect(connectionAllowed(input, hostEp, ep(web), 9100)).toBe(false);
  });

  it('asNode: never a subject, never selected, matched by ipBlocks through its node IP', () => {
    const o = { hostNetworkMode: 'asNode' as const };
    expect(connectionAllowed(input, ep(web), hostEp, 80, 'TCP', o)).toBe(true);
    expect(connectionAllowed(input, hostEp, ep(web), 80, 'TCP', o)).toBe(false);
    expect(connectionAllowed(input, hostEp, ep(web), 9100, 'TCP', o)).toBe(true);
    const lines = formatConnlist(analyzeConnectivity(input, o), 'txt');
    expect(lines).toContain('app/agent[Pod] => app/web[Pod] : TCP 9100\n');
    expect(lines).toContain('app/web[Pod] => app/agent[Pod] : All Connections\n');
  });
});
