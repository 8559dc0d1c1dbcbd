/**
 * Defaults and empty-vs-absent, table-driven from netpol-semantics.md §1 (and the parts of §3.9 the compiler
 * owns): what each construct defaults to, and that canonical output keeps its meaning.
 */
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { projectGraph, read, type NetworkPolicy } from '../../src/core/index.ts';
import { canonicalPolicy } from '../../src/core/format/write.ts';
import { effectivePolicyTypes } from '../../src/core/model/normalize.ts';

const policy = (spec: unknown): NetworkPolicy =>
  ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'p', namespace: 'app' },
    spec,
  }) as NetworkPolicy;
const spec = (yaml: string) => policy(load(yaml));

describe('policyTypes defaulting (SetDefaults_NetworkPolicy)', () => {
  it.each([
    ['podSelector: {}', ['Ingress']],
    ['{podSelector: {}, policyTypes: []}', ['Ingress']],
    ['{podSelector: {}, egress: [{to: [{podSelector: {}}]}]}', ['Ingress', 'Egress']], // T6: also isolates ingress
    ['{podSelector: {}, egress: []}', ['Ingress']], // T17: egress: [] does not add Egress
    ['{podSelector: {}, egress: null}', ['Ingress']],
    ['{podSelector: {}, policyTypes: [Egress]}', ['Egress']], // T7
    ['{podSelector: {}, policyTypes: [Ingress], egress: [{}]}', ['Ingress']], // T16: the egress rule is ignored
    ['{podSelector: {}, policyTypes: [Egress, Ingress]}', ['Egress', 'Ingress']],
    ['{podSelector: {}, policyTypes: [Ingress, Ingress]}', ['Ingress']],
  ])('%s → %j', (yaml, expected) => {
    expect(effectivePolicyTypes(spec(yaml))).toEqual(expected);
    // Canonical output makes them explicit, so defaulting can never change the meaning later.
    expect(canonicalPolicy(spec(yaml)).spec!.policyTypes).toEqual(expected);
  });
});

describe('canonical form keeps empty and absent apart where Kubernetes does', () => {
  it.each([
    // [input spec, canonical spec]
    ['{}', { podSelector: {}, policyTypes: ['Ingress'] }], // absent podSelector = {} = all pods
    ['{podSelector: {matchLabels: null}}', { podSelector: {}, policyTypes: ['Ingress'] }],
    ['{podSelector: {}, ingress: []}', { podSelector: {}, policyTypes: ['Ingress'] }], // [] = absent: no rules
    ['{podSelector: {}, ingress: [{}]}', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{}] }], // allow all
    ['{podSelector: {}, ingress: [{from: []}]}', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{}] }], // from: [] = everyone
    [
      '{podSelector: {}, ingress: [{ports: [{}]}]}',
      { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports: [{ protocol: 'TCP' }] }] },
    ], // T11: TCP only
    [
      '{podSelector: {}, ingress: [{from: [{podSelector: {}}]}]}',
      { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }] }] }, // {} selector is present
    ],
    [
      '{podSelector: {}, ingress: [{from: [{namespaceSelector: {}, podSelector: null}]}]}',
      { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: {} }] }] }, // null = absent
    ],
    [
      '{podSelector: {}, ingress: [{ports: [{port: http, protocol: UDP}, {port: 8000, endPort: 8010}]}]}',
      {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [
          {
            ports: [
              { protocol: 'UDP', port: 'http' },
              { protocol: 'TCP', port: 8000, endPort: 8010 },
            ],
          },
        ],
      },
    ],
    [
      '{podSelector: {}, ingress: [{ports: [{port: "80"}]}]}',
      { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports: [{ protocol: 'TCP', port: '80' }] }] }, // still a (bad) name
    ],
  ])('%s', (yaml, expected) => {
    expect(canonicalPolicy(spec(yaml)).spec).toEqual(expected);
  });
});

describe('the graph shows what Kubernetes applies', () => {
  const graphOf = (yaml: string) =>
    projectGraph(
      read(
        `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: app}\nspec: ${yaml}\n`,
      ),
    );

  it('a rule with no peers is a flow from anywhere', () => {
    const g = graphOf('{podSelector: {matchLabels: {app: b}}, ingress: [{ports: [{port: 5432}]}]}');
    expect(g.edges.map((e) => [e.source, e.target, e.label])).toEqual([['anywhere', 'pods:app:app=b', 'TCP 5432']]);
  });

  it('ingress: [] draws a shield and no edge (default deny)', () => {
    const g = graphOf('{podSelector: {}, ingress: []}');
    expect(g.edges).toEqual([]);
    expect(g.nodes.find((n) => n.id === 'pods:app:{}')!.isolation).toMatchObject({ ingress: true, egress: false });
  });

  it('rules for a direction outside policyTypes draw nothing (Kubernetes ignores them)', () => {
    const g = graphOf('{podSelector: {}, policyTypes: [Ingress], egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8}}]}]}');
    expect(g.edges).toEqual([]);
  });

  it('AND (one peer) and OR (two peers) are different nodes', () => {
    const and = graphOf(
      '{podSelector: {}, ingress: [{from: [{namespaceSelector: {matchLabels: {team: x}}, podSelector: {matchLabels: {role: c}}}]}]}',
    );
    const or = graphOf(
      '{podSelector: {}, ingress: [{from: [{namespaceSelector: {matchLabels: {team: x}}}, {podSelector: {matchLabels: {role: c}}}]}]}',
    );
    expect(and.edges.map((e) => e.source)).toEqual(['nspods:team=x|role=c']);
    expect(or.edges.map((e) => e.source)).toEqual(['nssel:team=x', 'pods:app:role=c']);
  });

  it('a namespaceSelector on kubernetes.io/metadata.name is that namespace', () => {
    const g = graphOf(
      '{podSelector: {}, ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: mon}}, podSelector: {matchLabels: {app: prom}}}]}]}',
    );
    const source = g.nodes.find((n) => n.id === g.edges[0]!.source)!;
    expect(source).toMatchObject({ type: 'podGroup', parentId: 'ns:mon', label: 'app=prom' });
  });

  it('matchExpressions, named ports, endPort, SCTP and except are kept, not collapsed', () => {
    const g = graphOf(`{podSelector: {matchExpressions: [{key: tier, operator: NotIn, values: [dev]}]},
      egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}], ports: [{port: metrics}, {protocol: SCTP, port: 9000, endPort: 9100}]}]}`);
    expect(g.nodes.map((n) => n.label)).toEqual(
      expect.arrayContaining(['tier notin (dev)', '0.0.0.0/0 except 10.0.0.0/8']),
    );
    expect(g.edges[0]!.label).toBe('TCP metrics; SCTP 9000-9100');
  });
});
