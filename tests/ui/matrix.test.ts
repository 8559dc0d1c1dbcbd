/** The designer's connectivity matrix (Matrix dialog, CSV download): end to end, with the cluster-wide tiers. */
import { describe, expect, it } from 'vitest';
import { read } from '../../src/core/index.ts';
import { matrixView } from '../../src/ui/export/matrix.ts';

const WORKLOADS = `apiVersion: v1
kind: Namespace
metadata: {name: a, labels: {team: a}}
---
apiVersion: v1
kind: Namespace
metadata: {name: b, labels: {team: b}}
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: a, labels: {app: client}}
---
apiVersion: v1
kind: Pod
metadata: {name: server, namespace: b, labels: {app: server}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-all-in, namespace: b}
spec:
  podSelector: {}
  ingress: [{}]
`;
const ADMIN_DENY = `---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: isolate-b}
spec:
  tier: Admin
  priority: 10
  subject: {namespaces: {matchLabels: {team: b}}}
  ingress:
    - name: deny-from-a
      action: Deny
      from: [{namespaces: {matchLabels: {team: a}}}]
`;

const cell = (text: string, from: string, to: string) => {
  const m = matrixView(read(text));
  const row = m.sources.indexOf(from);
  const column = m.destinations.indexOf(to);
  expect(row, `${from} in ${m.sources.join(', ')}`).toBeGreaterThanOrEqual(0);
  expect(column, `${to} in ${m.destinations.join(', ')}`).toBeGreaterThanOrEqual(0);
  return m.cells[row]![column];
};

describe('matrixView', () => {
  it('shows what the NetworkPolicies allow', () => {
    expect(cell(WORKLOADS, 'a/client[Pod]', 'b/server[Pod]')).toBe('All Connections');
  });

  it('an Admin-tier Deny takes away what a NetworkPolicy allows, in the matrix and its CSV', () => {
    expect(cell(WORKLOADS + ADMIN_DENY, 'a/client[Pod]', 'b/server[Pod]')).toBe('');
    expect(cell(WORKLOADS + ADMIN_DENY, 'b/server[Pod]', 'a/client[Pod]')).toBe('All Connections');
    const csv = matrixView(read(WORKLOADS + ADMIN_DENY)).csv;
    expect(csv).not.toEqual(matrixView(read(WORKLOADS)).csv);
  });
});
