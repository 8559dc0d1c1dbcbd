/**
 * `netpol migrate` (admin-network-policy.md §5): on every np-guard admin scenario, the converted input has no
 * ANP/BANP left, keeps every other document byte for byte, validates as v1alpha2, and analyzes to the same
 * connlist as the input (np-guard's expected one).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, nodeIO } from '../cli/built.ts';
import { analyzeConnectivity } from '../../src/core/analysis/connectivity.ts';
import { formatConnlist } from '../../src/core/analysis/format.ts';
import { migrateText } from '../../src/core/format/migrate.ts';
import { read } from '../../src/core/read/read.ts';
import { listInputFiles, type LoadedInput } from '../conformance/load.ts';
import { ADMIN_ROOT as root, ADMIN_SCENARIOS, expectedConnlist, lineSet } from '../conformance/adminScenarios.ts';

describe.skipIf(!root)('migrate keeps connectivity on every np-guard admin scenario', () => {
  for (const s of ADMIN_SCENARIOS)
    it(s, () => {
      const input: LoadedInput = {
        policies: [],
        adminPolicies: [],
        inventory: { namespaces: [], workloads: [] },
        diagnostics: [],
      };
      let converted = 0;
      for (const file of listInputFiles(join(root!, s, 'input'))) {
        const before = read(readFileSync(file, 'utf8'));
        const m = migrateText(before);
        converted += m.converted;
        const after = read(m.text);
        // No legacy kind left; every CNP is valid v1alpha2.
        expect(after.adminPolicies.every((a) => a.kind === 'ClusterNetworkPolicy')).toBe(true);
        expect(after.diagnostics.filter((d) => d.severity === 'error' && d.object?.startsWith('cnp/'))).toEqual([]);
        // Documents without an ANP/BANP are byte-identical.
        const touched = new Set(before.adminPolicies.map((a) => a.source.doc));
        const kept = before.documents.filter((d) => !touched.has(d.index)).map((d) => d.header + d.body);
        for (const text of kept) expect(m.text).toContain(text);
        input.policies.push(...after.policies);
        input.adminPolicies.push(...after.adminPolicies);
        input.inventory.namespaces.push(...after.inventory.namespaces);
        input.inventory.workloads.push(...after.inventory.workloads);
      }
      expect(converted).toBeGreaterThan(0);
      expect(lineSet(formatConnlist(analyzeConnectivity(input), 'txt'))).toEqual(expectedConnlist(s));
    });

  it('`netpol migrate DIR | netpol analyze -` gives the same connlist (anp_demo)', async () => {
    let out = '';
    const io = { ...nodeIO, stdout: (t: string) => void (out += t), stderr: () => {} };
    expect(await main(['migrate', join(root!, 'anp_demo', 'input')], io)).toBe(0);
    const migrated = out;
    expect(migrated).not.toMatch(/kind: (Baseline)?AdminNetworkPolicy/);
    out = '';
    await main(['analyze', '-'], { ...io, readFile: async () => migrated });
    expect(lineSet(out)).toEqual(expectedConnlist('anp_demo'));
  });
});

interface Cnp {
  metadata: unknown;
  spec: {
    tier: string;
    subject: unknown;
    ingress: { name?: string; action: string; from: unknown[]; protocols?: unknown }[];
    egress: unknown;
  };
}

describe('migrate rewrites', () => {
  it('splits rules over 25 peers, Allow → Accept, portRange start == end → number, named port apart from networks', () => {
    const peers = Array.from({ length: 30 }, (_, i) => `{namespaces: {matchLabels: {n: "${i}"}}}`).join(', ');
    const text = `# keep me
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: a, resourceVersion: "7", annotations: {kubectl.kubernetes.io/last-applied-configuration: "{}", x: y}}
spec:
  priority: 3
  subject: {pods: {podSelector: {}}}
  ingress: [{name: big, action: Allow, from: [${peers}], ports: [{portRange: {start: 5, end: 5}}]}]
  egress: [{action: Deny, to: [{networks: [10.0.0.0/8]}, {pods: {namespaceSelector: {}}}], ports: [{namedPort: http}, {portNumber: {protocol: UDP, port: 53}}]}]
`;
    const m = migrateText(read(text));
    const r = read(m.text);
    expect(r.diagnostics).toEqual([]);
    expect(m.text.startsWith('# keep me\n')).toBe(true);
    const cnp = r.adminPolicies[0]!.object as unknown as Cnp;
    expect(cnp.metadata).toEqual({ name: 'a', annotations: { x: 'y' } });
    expect(cnp.spec.tier).toBe('Admin');
    expect(cnp.spec.subject).toEqual({ pods: { namespaceSelector: {}, podSelector: {} } });
    expect(cnp.spec.ingress.map((x) => [x.name, x.action, x.from.length, x.protocols])).toEqual([
      ['big', 'Accept', 25, [{ tcp: { destinationPort: { number: 5 } } }]],
      ['big-2', 'Accept', 5, [{ tcp: { destinationPort: { number: 5 } } }]],
    ]);
    expect(cnp.spec.egress).toEqual([
      { action: 'Deny', to: [{ networks: ['10.0.0.0/8'] }], protocols: [{ udp: { destinationPort: { number: 53 } } }] },
      {
        action: 'Deny',
        to: [{ pods: { namespaceSelector: {}, podSelector: {} } }],
        protocols: [{ destinationNamedPort: 'http' }, { udp: { destinationPort: { number: 53 } } }],
      },
    ]);
  });

  it('a BaselineAdminNetworkPolicyList becomes a ClusterNetworkPolicyList; an ANP named default beside the BANP is reported', () => {
    const text = `apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicyList
items:
- metadata: {name: default}
  spec: {subject: {namespaces: {}}}
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: default}
spec: {priority: 1, subject: {namespaces: {}}}
`;
    const m = migrateText(read(text));
    expect(m.text).toContain('kind: ClusterNetworkPolicyList');
    expect(m.warnings).toEqual([
      expect.stringContaining('anp/default: becomes ClusterNetworkPolicy default, as banp/default does'),
    ]);
    expect(read(m.text).adminPolicies.map((a) => a.key)).toEqual(['cnp/default', 'cnp/default#2']);
  });
});
