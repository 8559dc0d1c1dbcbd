/**
 * Synthetic cluster-scale input from a fixed seed: Namespaces with tenant/env labels, Deployments with
 * pod-template labels and named container ports, and NetworkPolicies mixing pod and namespace selectors,
 * matchExpressions, ipBlocks with `except`, named ports and `endPort` ranges. Deterministic: the same
 * size and seed give the same text, byte for byte.
 */
import { dump } from 'js-yaml';

export interface ClusterSize {
  /** NetworkPolicies. */
  policies: number;
  /** Deployments (0 for a policies-only text). */
  workloads: number;
  /** Distinct (namespace, pod-template labels) combinations among the workloads. */
  labelSets: number;
  /** Namespaces; default: one per 20 policies (at least 4). */
  namespaces?: number;
  seed?: number;
}

export interface Cluster {
  /** The objects, in document order: Namespaces, Deployments, then NetworkPolicies. */
  objects: Record<string, unknown>[];
  policies: Record<string, unknown>[];
  /** Multi-document YAML of every object. */
  text: string;
  /** Multi-document YAML of the policies alone. */
  policyText: string;
}

/** mulberry32: a small, fast, seedable PRNG (period 2^32), enough for shuffling synthetic data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TIERS = ['frontend', 'backend', 'db', 'cache', 'worker'] as const;
const ENVS = ['prod', 'staging', 'dev'] as const;
const TEAMS = ['payments', 'search', 'identity', 'platform', 'data', 'growth', 'ml', 'edge'] as const;
/** A fixed pool of external ranges, as a real cluster has a handful of known networks. */
const EXTERNAL = [
  { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] },
  { cidr: '10.0.0.0/8', except: ['10.96.0.0/12'] },
  { cidr: '172.16.0.0/12', except: [] },
  { cidr: '192.168.10.0/24', except: ['192.168.10.128/25'] },
  { cidr: '203.0.113.0/24', except: [] },
  { cidr: '198.51.100.0/24', except: ['198.51.100.64/26'] },
  { cidr: '100.64.0.0/10', except: [] },
  { cidr: '2001:db8::/32', except: ['2001:db8:ff::/48'] },
] as const;
/** Named container ports each tier exposes. */
const TIER_PORTS: Record<(typeof TIERS)[number], { name: string; containerPort: number; protocol?: string }[]> = {
  frontend: [
    { name: 'http', containerPort: 8080 },
    { name: 'metrics', containerPort: 9090 },
  ],
  backend: [
    { name: 'grpc', containerPort: 50051 },
    { name: 'http', containerPort: 8081 },
    { name: 'metrics', containerPort: 9090 },
  ],
  db: [
    { name: 'postgres', containerPort: 5432 },
    { name: 'metrics', containerPort: 9187 },
  ],
  cache: [
    { name: 'redis', containerPort: 6379 },
    { name: 'gossip', containerPort: 7946, protocol: 'UDP' },
  ],
  worker: [{ name: 'metrics', containerPort: 9090 }],
};

const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;

interface LabelSet {
  namespace: string;
  tier: (typeof TIERS)[number];
  labels: Record<string, string>;
}

export function generateCluster(size: ClusterSize): Cluster {
  const rnd = prng(size.seed ?? 20240611);
  const nsCount = size.namespaces ?? Math.max(4, Math.round(size.policies / 20));
  const namespaces: { name: string; labels: Record<string, string> }[] = [];
  for (let i = 0; i < nsCount; i++) {
    const tenant = `tenant-${Math.floor(i / 2)}`;
    namespaces.push({
      name: `${tenant}-${i % 2 === 0 ? 'app' : 'data'}`,
      labels: {
        tenant,
        env: ENVS[i % ENVS.length]!,
        team: pick(rnd, TEAMS),
        ...(i % 5 === 0 ? { 'pod-security.kubernetes.io/enforce': 'restricted' } : {}),
      },
    });
  }
  namespaces.push({ name: 'kube-system', labels: { tier: 'control-plane' } });
  namespaces.push({ name: 'monitoring', labels: { team: 'platform', env: 'prod' } });

  const objects: Record<string, unknown>[] = namespaces.map((ns) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: ns.name, labels: ns.labels },
  }));

  // Label sets spread over the tenant namespaces; each is shared by workloads/labelSets Deployments.
  const tenantNs = namespaces.slice(0, nsCount);
  const labelSets: LabelSet[] = [];
  for (let i = 0; i < size.labelSets; i++) {
    const ns = tenantNs[i % nsCount]!;
    const k = Math.floor(i / nsCount);
    const tier = TIERS[k % TIERS.length]!;
    labelSets.push({
      namespace: ns.name,
      tier,
      labels: {
        app: `app-${k}`,
        tier,
        team: ns.labels.team!,
        ...(k % 3 === 0 ? { version: `v${1 + (k % 4)}` } : {}),
        ...(k % 4 === 1 ? { 'app.kubernetes.io/part-of': `suite-${k % 7}` } : {}),
      },
    });
  }
  for (let i = 0; i < size.workloads; i++) {
    const ls = labelSets[i % labelSets.length]!;
    const replica = Math.floor(i / labelSets.length);
    const ports = TIER_PORTS[ls.tier];
    objects.push({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: `${ls.labels.app}-${replica === 0 ? 'main' : `r${replica}`}`, namespace: ls.namespace },
      spec: {
        replicas: 1 + (i % 3),
        selector: { matchLabels: { app: ls.labels.app } },
        template: {
          metadata: { labels: ls.labels },
          spec: {
            containers: [
              {
                name: 'main',
                image: `registry.example.com/${ls.labels.team}/${ls.labels.app}:1.${i % 10}`,
                ports: ports.map((p) => ({ ...p, ...(p.protocol ? {} : { protocol: 'TCP' }) })),
              },
            ],
          },
        },
      },
    });
  }

  const policies: Record<string, unknown>[] = [];
  const perNs = Math.ceil(size.policies / nsCount);
  for (let n = 0; n < nsCount && policies.length < size.policies; n++) {
    const ns = tenantNs[n]!;
    const nsSets = labelSets.filter((l) => l.namespace === ns.name);
    for (let j = 0; j < perNs && policies.length < size.policies; j++) {
      policies.push(policyFor(rnd, ns, j, nsSets, tenantNs));
    }
  }
  objects.push(...policies);

  const opts = { lineWidth: -1, noRefs: true };
  const text = objects.map((o) => dump(o, opts)).join('---\n');
  const policyText = policies.map((o) => dump(o, opts)).join('---\n');
  return { objects, policies, text, policyText };
}

function policyFor(
  rnd: () => number,
  ns: { name: string; labels: Record<string, string> },
  j: number,
  nsSets: readonly LabelSet[],
  allNs: readonly { name: string; labels: Record<string, string> }[],
): Record<string, unknown> {
  const meta = (name: string) => ({ name, namespace: ns.name, labels: { 'managed-by': 'netpol-bench' } });
  if (j === 0)
    return {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta('default-deny-all'),
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    };
  if (j === 1)
    return {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta('allow-dns'),
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            to: [
              {
                namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
                podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
              },
            ],
            ports: [
              { protocol: 'UDP', port: 53 },
              { protocol: 'TCP', port: 53 },
            ],
          },
        ],
      },
    };
  if (j === 2)
    return {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta('allow-monitoring'),
      spec: {
        podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['frontend', 'backend', 'worker'] }] },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
            ports: [{ protocol: 'TCP', port: 'metrics' }],
          },
        ],
      },
    };
  const target = nsSets.length ? pick(rnd, nsSets) : undefined;
  const app = target?.labels.app ?? `app-${j}`;
  const tier = target?.tier ?? 'backend';
  const other = pick(rnd, allNs);
  const ext = pick(rnd, EXTERNAL);
  const variant = j % 4;
  const podSelector =
    variant === 3
      ? {
          matchLabels: { tier },
          matchExpressions: [
            { key: 'version', operator: 'NotIn', values: ['v0'] },
            { key: 'app', operator: 'Exists' },
          ],
        }
      : { matchLabels: { app } };
  const ingress: Record<string, unknown>[] = [
    {
      from: [
        { podSelector: { matchLabels: { tier: 'frontend' } } },
        {
          namespaceSelector: {
            matchLabels: { tenant: ns.labels.tenant! },
            matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'staging'] }],
          },
          podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['backend', 'worker'] }] },
        },
      ],
      ports:
        variant === 0
          ? [{ protocol: 'TCP', port: tier === 'db' ? 'postgres' : 'http' }]
          : variant === 1
            ? [{ protocol: 'TCP', port: 8000, endPort: 8100 + (j % 50) }]
            : [
                { protocol: 'TCP', port: 'grpc' },
                { protocol: 'TCP', port: 9090 },
              ],
    },
  ];
  if (variant !== 2)
    ingress.push({
      from: [{ ipBlock: ext.except.length ? { cidr: ext.cidr, except: [...ext.except] } : { cidr: ext.cidr } }],
      ports: [{ protocol: 'TCP', port: 443 }],
    });
  const egress: Record<string, unknown>[] = [
    {
      to: [
        {
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': other.name } },
          podSelector: { matchLabels: { tier: pick(rnd, TIERS) } },
        },
      ],
      ports: [
        { protocol: 'TCP', port: 'http' },
        { protocol: 'TCP', port: 5432 },
      ],
    },
  ];
  if (variant !== 0) {
    const e2 = pick(rnd, EXTERNAL);
    egress.push({
      to: [{ ipBlock: e2.except.length ? { cidr: e2.cidr, except: [...e2.except] } : { cidr: e2.cidr } }],
      ports: [
        { protocol: 'TCP', port: 443 },
        { protocol: 'UDP', port: 30000 + (j % 100), endPort: 32767 },
      ],
    });
  }
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta(`${app}-${['web', 'rpc', 'data', 'tier'][variant]}-${j}`),
    spec: { podSelector, policyTypes: ['Ingress', 'Egress'], ingress, egress },
  };
}
