/** Edge annotation (allowed / one-sided), the representative inventory, and the matrix view's data and CSV. */
import { describe, expect, it } from 'vitest';
import { annotateEffective } from '../../src/core/analysis/annotate.ts';
import { analyzeConnectivity } from '../../src/core/analysis/connectivity.ts';
import { connectivityMatrix, matrixAllows, matrixToCsv } from '../../src/core/analysis/matrix.ts';
import { labelsSatisfying, synthesizeInventory } from '../../src/core/analysis/synthesize.ts';
import { projectGraph } from '../../src/core/graph/project.ts';
import { selectorMatches } from '../../src/core/model/selector.ts';
import type { GraphEdge, PolicyGraph } from '../../src/core/graph/types.ts';
import type { Inventory, NetworkPolicy, NetworkPolicySpec, PolicyEntry } from '../../src/core/model/types.ts';

const np = (name: string, spec: NetworkPolicySpec, namespace = 'app'): NetworkPolicy => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name, namespace },
  spec,
});
const entries = (ps: NetworkPolicy[]): PolicyEntry[] =>
  ps.map((policy, i) => ({
    key: `${policy.metadata!.namespace}/${policy.metadata!.name}`,
    policy,
    source: { doc: i },
    templateParams: [],
  }));

const web = { matchLabels: { app: 'web' } };
const db = { matchLabels: { app: 'db' } };
const dbIngress = np('db-from-web', {
  podSelector: db,
  policyTypes: ['Ingress'],
  ingress: [{ from: [{ podSelector: web }], ports: [{ protocol: 'TCP', port: 5432 }] }],
});
const denyEgress = np('deny-egress', { podSelector: {}, policyTypes: ['Egress'] });
const webEgress = (port: number) =>
  np('web-to-db', {
    podSelector: web,
    policyTypes: ['Egress'],
    egress: [{ to: [{ podSelector: db }], ports: [{ protocol: 'TCP', port }] }],
  });

function annotated(policies: NetworkPolicy[], inventory?: Inventory): PolicyGraph {
  const es = entries(policies);
  const graph = projectGraph({ policies: es, inventory: inventory ?? { namespaces: [], workloads: [] } });
  return annotateEffective(graph, es, inventory);
}

function edgeBetween(g: PolicyGraph, from: string, to: string): GraphEdge {
  const label = (id: string) => g.nodes.find((n) => n.id === id)?.label;
  const e = g.edges.find((x) => label(x.source) === from && label(x.target) === to);
  if (!e)
    throw new Error(
      `no edge ${from} → ${to} in ${g.edges.map((x) => `${label(x.source)}→${label(x.target)}`).join(', ')}`,
    );
  return e;
}

describe('annotateEffective', () => {
  it('an ingress rule is effective when the source is not egress-isolated', () => {
    const e = edgeBetween(annotated([dbIngress]), 'app=web', 'app=db');
    expect(e.effective).toBe('allowed');
    expect(e.explanation).toContain('app/db-from-web');
  });

  it('is one-sided when the source is egress-isolated and nothing allows it', () => {
    const e = edgeBetween(annotated([dbIngress, denyEgress]), 'app=web', 'app=db');
    expect(e.effective).toBe('oneSided');
    expect(e.explanation).toContain('app/deny-egress');
    expect(e.explanation).toMatch(/isolated for egress/);
  });

  it('is allowed again when the source’s egress allows the same port', () => {
    const g = annotated([dbIngress, denyEgress, webEgress(5432)]);
    expect(edgeBetween(g, 'app=web', 'app=db').effective).toBe('allowed');
  });

  it('is one-sided when the other side allows a different port', () => {
    const g = annotated([dbIngress, denyEgress, webEgress(80)]);
    const e = edgeBetween(g, 'app=web', 'app=db');
    expect(e.effective).toBe('oneSided');
    expect(e.explanation).toContain('TCP 80');
  });

  it('an egress rule to a pod group that is ingress-isolated elsewhere is one-sided', () => {
    const dbDeny = np('db-deny', { podSelector: db, policyTypes: ['Ingress'] });
    const g = annotated([webEgress(5432), dbDeny]);
    const e = edgeBetween(g, 'app=web', 'app=db');
    expect(e.effective).toBe('oneSided');
    expect(e.explanation).toContain('app/db-deny');
  });

  it('an egress rule to an ipBlock is effective (external addresses have no policies)', () => {
    const p = np('web-out', {
      podSelector: web,
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }],
    });
    expect(edgeBetween(annotated([p]), 'app=web', '10.0.0.0/8').effective).toBe('allowed');
  });

  it('uses the inventory’s workloads when given', () => {
    const inventory: Inventory = {
      namespaces: [],
      workloads: [
        {
          namespace: 'app',
          name: 'web',
          kind: 'Deployment',
          labels: { app: 'web' },
          ports: [],
          ips: [],
          hostNetwork: false,
        },
        {
          namespace: 'app',
          name: 'db',
          kind: 'StatefulSet',
          labels: { app: 'db' },
          ports: [],
          ips: [],
          hostNetwork: false,
        },
      ],
    };
    const e = edgeBetween(annotated([dbIngress, denyEgress], inventory), 'app=web', 'app=db');
    expect(e.effective).toBe('oneSided');
    expect(e.explanation).toContain('app/web[Deployment]');
  });
});

describe('synthesizeInventory', () => {
  it('makes labels that satisfy selectors', () => {
    const sel = {
      matchLabels: { app: 'a' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['x', 'y'] },
        { key: 'env', operator: 'Exists' },
        { key: 'legacy', operator: 'DoesNotExist' },
        { key: 'zone', operator: 'NotIn', values: ['z'] },
      ],
    };
    const labels = labelsSatisfying(sel)!;
    expect(labels).toEqual({ app: 'a', tier: 'x', env: 'any' });
    expect(selectorMatches(sel, labels)).toBe(true);
    expect(
      labelsSatisfying({ matchLabels: { a: '1' }, matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['1'] }] }),
    ).toBe(undefined);
  });

  it('adds namespaces named or selected by policies, and pods for subjects and peers', () => {
    const p = np('p', {
      podSelector: db,
      ingress: [
        {
          from: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
              podSelector: { matchLabels: { app: 'prom' } },
            },
            { namespaceSelector: { matchLabels: { tenant: 'acme' } } },
          ],
          ports: [{ port: 'metrics' }],
        },
      ],
    });
    const inv = synthesizeInventory([p]);
    expect(inv.namespaces.map((n) => n.name).sort()).toEqual(['app', 'monitoring', 'ns-tenant-acme']);
    expect(inv.namespaces.find((n) => n.name === 'ns-tenant-acme')!.labels.tenant).toBe('acme');
    const pods = inv.workloads.map((w) => `${w.namespace}/${JSON.stringify(w.labels)}`).sort();
    expect(pods).toEqual(['app/{"app":"db"}', 'monitoring/{"app":"prom"}', 'ns-tenant-acme/{}']);
    expect(inv.workloads[0]!.ports).toEqual([{ name: 'metrics', protocol: 'TCP', containerPort: 30000 }]);
  });
});

describe('connectivityMatrix', () => {
  it('lays the connlist out as sources × destinations, with CSV', () => {
    const inventory: Inventory = {
      namespaces: [],
      workloads: [
        {
          namespace: 'app',
          name: 'web',
          kind: 'Deployment',
          labels: { app: 'web' },
          ports: [],
          ips: [],
          hostNetwork: false,
        },
        {
          namespace: 'app',
          name: 'db',
          kind: 'StatefulSet',
          labels: { app: 'db' },
          ports: [],
          ips: [],
          hostNetwork: false,
        },
      ],
    };
    const dbOnly = np('db', {
      podSelector: db,
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: web }], ports: [{ port: 5432 }] }],
    });
    const m = connectivityMatrix(analyzeConnectivity({ policies: [dbOnly], inventory }));
    expect(m.sources.map((p) => p.id)).toEqual([
      'app/db[StatefulSet]',
      'app/web[Deployment]',
      '0.0.0.0-255.255.255.255[External]',
    ]);
    expect(m.destinations.map((p) => p.id)).toEqual([
      'app/db[StatefulSet]',
      'app/web[Deployment]',
      '0.0.0.0-255.255.255.255[External]',
    ]);
    expect(matrixToCsv(m)).toBe(
      [
        'src \\ dst,app/db[StatefulSet],app/web[Deployment],0.0.0.0-255.255.255.255[External]',
        'app/db[StatefulSet],,,',
        'app/web[Deployment],TCP 5432,,All Connections',
        '0.0.0.0-255.255.255.255[External],,All Connections,',
        '',
      ].join('\n'),
    );
    expect(matrixAllows(m, 5432, 'TCP')[1]).toEqual([true, false, true]);
    expect(matrixAllows(m, 5432, 'UDP')[1]).toEqual([false, false, true]);
  });
});
