/**
 * Reading and validating ClusterNetworkPolicy (v1alpha2), AdminNetworkPolicy and BaselineAdminNetworkPolicy
 * (v1alpha1): every schema and CEL rule of admin-network-policy.md §2–§3, positioned, in every input form.
 */
import { describe, expect, it } from 'vitest';
import { read } from '../../src/core/read/read.ts';

const CNP = (spec: string, name = 'p') => `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: ${name}}
spec:
${spec}`;
const ANP = (spec: string, kind = 'AdminNetworkPolicy', name = 'p') => `apiVersion: policy.networking.k8s.io/v1alpha1
kind: ${kind}
metadata: {name: ${name}}
spec:
${spec}`;

const findings = (text: string) => read(text).diagnostics.map((d) => `${d.severity} ${d.path ?? ''}: ${d.message}`);

const BASE = `  tier: Admin
  priority: 10
  subject: {namespaces: {}}
`;

// [title, input, expected findings (substring per finding, in order)]
const CASES: [string, string, string[]][] = [
  ['a valid CNP', CNP(`${BASE}  ingress: [{action: Deny, from: [{namespaces: {}}]}]`), []],
  [
    'every valid peer and protocol form',
    CNP(`${BASE}  egress:
  - name: all
    action: Accept
    to:
    - namespaces: {matchLabels: {a: b}}
    - pods: {podSelector: {}}
    - networks: [10.0.0.0/8, "2001:db8::/32"]
    - nodes: {}
    - domainNames: ["*.example.com", "example.org"]
    protocols:
    - tcp: {destinationPort: {number: 80}}
    - udp: {destinationPort: {range: {start: 1, end: 1024}}}
    - sctp: {destinationPort: {number: 9}}`),
    [],
  ],
  [
    'tier, priority and subject required',
    CNP(`  ingress: []`),
    ['spec.tier: Required', 'spec.priority: Required', 'spec.subject: Required'],
  ],
  [
    'tier enum',
    CNP(`  tier: admin\n  priority: 1\n  subject: {namespaces: {}}`),
    ['spec.tier: Unsupported value: "admin": supported values: "Admin", "Baseline"'],
  ],
  [
    'priority 0..1000',
    CNP(`  tier: Admin\n  priority: 1001\n  subject: {namespaces: {}}`),
    ['spec.priority: Invalid value: 1001: spec.priority in body should be less than or equal to 1000'],
  ],
  [
    'priority is an integer',
    CNP(`  tier: Admin\n  priority: "10"\n  subject: {namespaces: {}}`),
    ['spec.priority: Invalid value: "10": spec.priority in body must be of type integer'],
  ],
  [
    'subject has exactly one field',
    CNP(`  tier: Admin\n  priority: 1\n  subject: {namespaces: {}, pods: {podSelector: {}}}`),
    ['spec.subject: Invalid value: 2: spec.subject in body should have at most 1 properties'],
  ],
  [
    'pods needs podSelector (v1alpha2)',
    CNP(`  tier: Admin\n  priority: 1\n  subject: {pods: {namespaceSelector: {}}}`),
    ['spec.subject.pods.podSelector: Required value'],
  ],
  [
    'Allow is v1alpha1',
    CNP(`${BASE}  ingress: [{action: Allow, from: [{namespaces: {}}]}]`),
    ['spec.ingress[0].action: Unsupported value: "Allow"'],
  ],
  [
    'from needs an item',
    CNP(`${BASE}  ingress: [{action: Deny, from: []}]`),
    ['spec.ingress[0].from: Invalid value: 0: spec.ingress[0].from in body should have at least 1 items'],
  ],
  [
    'ingress peers have no networks',
    CNP(`${BASE}  ingress: [{action: Deny, from: [{networks: [10.0.0.0/8]}]}]`),
    ['spec.ingress[0].from[0].networks: unknown field "networks"', 'spec.ingress[0].from[0]: Invalid value: 0'],
  ],
  [
    'tcp: {} is rejected',
    CNP(`${BASE}  ingress: [{action: Deny, from: [{namespaces: {}}], protocols: [{tcp: {}}]}]`),
    [
      'spec.ingress[0].protocols[0].tcp: Invalid value: 0: spec.ingress[0].protocols[0].tcp in body should have at least 1 properties',
    ],
  ],
  [
    'protocol keys are lower case',
    CNP(
      `${BASE}  ingress: [{action: Deny, from: [{namespaces: {}}], protocols: [{TCP: {destinationPort: {number: 1}}}]}]`,
    ),
    ['unknown field "TCP"', 'should have at least 1 properties'],
  ],
  [
    'range start < end',
    CNP(
      `${BASE}  ingress: [{action: Deny, from: [{namespaces: {}}], protocols: [{tcp: {destinationPort: {range: {start: 80, end: 80}}}}]}]`,
    ),
    [
      'spec.ingress[0].protocols[0].tcp.destinationPort.range: Invalid value: "object": Start port must be less than End port',
    ],
  ],
  [
    'port 1..65535',
    CNP(
      `${BASE}  ingress: [{action: Deny, from: [{namespaces: {}}], protocols: [{udp: {destinationPort: {number: 0}}}]}]`,
    ),
    ['greater than or equal to 1'],
  ],
  [
    'networks are CIDRs',
    CNP(`${BASE}  egress: [{action: Deny, to: [{networks: [10.0.0.300/8]}]}]`),
    ['spec.egress[0].to[0].networks[0]: Invalid value: "10.0.0.300/8": Invalid CIDR format provided'],
  ],
  [
    'networks is a set',
    CNP(`${BASE}  egress: [{action: Deny, to: [{networks: [10.0.0.0/8, 10.0.0.0/8]}]}]`),
    ['spec.egress[0].to[0].networks[1]: Duplicate value: "10.0.0.0/8"'],
  ],
  [
    'domain name pattern',
    CNP(`${BASE}  egress: [{action: Accept, to: [{domainNames: ["example"]}]}]`),
    ['spec.egress[0].to[0].domainNames[0]: Invalid value: "example"'],
  ],
  [
    'no named port towards addresses (CEL)',
    CNP(`${BASE}  egress: [{action: Deny, to: [{networks: [10.0.0.0/8]}], protocols: [{destinationNamedPort: http}]}]`),
    ['spec.egress[0]: Invalid value: "object": networks/nodes/domainNames peer cannot be set with namedPorts'],
  ],
  [
    'at most 25 rules (v1alpha2)',
    CNP(`${BASE}  ingress:\n${'  - {action: Deny, from: [{namespaces: {}}]}\n'.repeat(26)}`),
    ['spec.ingress: Too many: 26: must have at most 25 items'],
  ],
  [
    'rule name at most 100',
    CNP(`${BASE}  ingress: [{name: ${'x'.repeat(101)}, action: Deny, from: [{namespaces: {}}]}]`),
    ['spec.ingress[0].name: Too long: may not be longer than 100'],
  ],
  [
    'cluster-scoped: namespace ignored',
    `apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: p, namespace: x}\nspec:\n${BASE}`,
    ['warning metadata.namespace: ClusterNetworkPolicy is cluster-scoped'],
  ],
  [
    'wrong apiVersion',
    ANP(`  priority: 1\n  subject: {namespaces: {}}`).replace('v1alpha1', 'v1alpha2'),
    ['apiVersion: apiVersion "policy.networking.k8s.io/v1alpha2" is not policy.networking.k8s.io/v1alpha1'],
  ],
  [
    'a valid ANP',
    ANP(
      `  priority: 5\n  subject: {pods: {namespaceSelector: {}, podSelector: {}}}\n  egress: [{action: Allow, to: [{networks: [1.2.3.4/32]}], ports: [{portNumber: {protocol: UDP, port: 53}}, {portRange: {start: 1, end: 2}}, {namedPort: dns}]}]`,
    ),
    ['spec.egress[0]: Invalid value: "object": networks/nodes/domainNames peer cannot be set with namedPorts'],
  ],
  [
    'ANP pods needs both selectors',
    ANP(`  priority: 5\n  subject: {pods: {podSelector: {}}}`),
    ['spec.subject.pods.namespaceSelector: Required value'],
  ],
  [
    'ANP at most 100 peers',
    ANP(
      `  priority: 5\n  subject: {namespaces: {}}\n  ingress: [{action: Deny, from: [${'{namespaces: {}}, '.repeat(101)}]}]`,
    ),
    ['spec.ingress[0].from: Too many: 101: must have at most 100 items'],
  ],
  [
    'ANP protocol enum',
    ANP(
      `  priority: 5\n  subject: {namespaces: {}}\n  ingress: [{action: Deny, from: [{namespaces: {}}], ports: [{portNumber: {protocol: tcp, port: 1}}]}]`,
    ),
    ['spec.ingress[0].ports[0].portNumber.protocol: Unsupported value: "tcp"'],
  ],
  [
    'BANP has no Pass',
    ANP(
      `  subject: {namespaces: {}}\n  ingress: [{action: Pass, from: [{namespaces: {}}]}]`,
      'BaselineAdminNetworkPolicy',
      'default',
    ),
    ['spec.ingress[0].action: Unsupported value: "Pass": supported values: "Allow", "Deny"'],
  ],
  [
    'BANP has no priority',
    ANP(`  priority: 3\n  subject: {namespaces: {}}`, 'BaselineAdminNetworkPolicy', 'default'),
    ['spec.priority: unknown field "priority"'],
  ],
  [
    'BANP is named default (CEL)',
    ANP(`  subject: {namespaces: {}}`, 'BaselineAdminNetworkPolicy', 'mine'),
    ['metadata.name: Invalid value: "object": Only one baseline admin network policy with metadata.name="default"'],
  ],
  [
    'BANP has no domainNames',
    ANP(
      `  subject: {namespaces: {}}\n  egress: [{action: Deny, to: [{domainNames: [a.com]}]}]`,
      'BaselineAdminNetworkPolicy',
      'default',
    ),
    ['unknown field "domainNames"', 'should have at least 1 properties'],
  ],
];

describe('admin policy validation', () => {
  for (const [title, input, expected] of CASES)
    it(title, () => {
      const actual = findings(input);
      expect(actual.length, actual.join('\n')).toBe(expected.length);
      expected.forEach((e, i) => expect(actual[i]).toContain(e));
    });

  it('positions findings on the offending node', () => {
    const text = `---\n${CNP(`  tier: Admin\n  priority: 2000\n  subject: {namespaces: {}}`)}`;
    const d = read(text).diagnostics[0]!;
    expect([d.line, d.column, d.object]).toEqual([7, 13, 'cnp/p']);
  });

  it('reads all three kinds from multi-document files and Lists, with implied item kinds', () => {
    const text = `${CNP(BASE, 'a')}
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicyList
items:
- apiVersion: policy.networking.k8s.io/v1alpha1
  metadata: {name: b}
  spec: {priority: 1, subject: {namespaces: {}}}
---
apiVersion: v1
kind: List
items:
- ${ANP('    subject: {namespaces: {}}', 'BaselineAdminNetworkPolicy', 'default').replaceAll('\n', '\n  ')}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: np, namespace: x}
spec: {podSelector: {}}
`;
    const r = read(text);
    expect(r.adminPolicies.map((a) => [a.key, a.kind, a.source])).toEqual([
      ['cnp/a', 'ClusterNetworkPolicy', { doc: 0 }],
      ['anp/b', 'AdminNetworkPolicy', { doc: 1, item: 0 }],
      ['banp/default', 'BaselineAdminNetworkPolicy', { doc: 2, item: 0 }],
    ]);
    expect(r.policies.map((p) => p.key)).toEqual(['x/np']);
    expect(r.others).toEqual([]);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('a second policy of the same kind and name is a warning', () => {
    const r = read(`${CNP(BASE)}\n---\n${CNP(BASE)}`);
    expect(r.adminPolicies.map((a) => a.key)).toEqual(['cnp/p', 'cnp/p#2']);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['duplicate-policy']);
  });

  it('never throws on hostile shapes', () => {
    for (const spec of [
      '[]',
      '"x"',
      '{subject: 3, ingress: {a: 1}, egress: [null, 3, {to: 5}]}',
      '{subject: {pods: []}}',
    ])
      expect(() => read(CNP(`  x: 1\n`).replace(/spec:\n[\s\S]*$/, `spec: ${spec}`))).not.toThrow();
  });
});
