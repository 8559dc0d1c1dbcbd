/**
 * The designer's last line of defence (#17): should the core's projection fail on some policy (a bug, not bad
 * input: the door types every value), the rest is still drawn and the failing policy is named at its line.
 */
import { describe, expect, it } from 'vitest';
import { read } from '../../src/core/index.ts';
import { projectSafely } from '../../src/ui/derive/derivation.ts';

const TEXT = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress: [{from: [{podSelector: {matchLabels: {app: lb}}}]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]
---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: deny-shop}
spec:
  tier: Admin
  priority: 10
  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: shop}}}
  ingress: [{action: Deny, from: [{namespaces: {}}]}]
`;

/** `object` with a getter for `key` that throws, as a bug deep in the core would. */
function failingAt<T extends object>(object: T, key: string): T {
  return Object.defineProperty({ ...object }, key, {
    get() {
      throw new Error('boom');
    },
    enumerable: true,
  });
}

describe('projectSafely', () => {
  it('draws everything when nothing fails', () => {
    const { graph, failures } = projectSafely(read(TEXT));
    expect(failures).toEqual([]);
    expect(graph!.policies.map((p) => p.key)).toEqual(['shop/web', 'shop/db']);
    expect(graph!.edges.some((e) => e.action === 'Deny')).toBe(true);
  });

  it('leaves out a NetworkPolicy whose projection fails, names it at its line, and draws the rest', () => {
    const result = read(TEXT);
    result.policies[1] = { ...result.policies[1]!, policy: failingAt(result.policies[1]!.policy, 'spec') };
    const { graph, failures } = projectSafely(result);
    expect(failures.map((f) => [f.code, f.line, f.message.split(':')[0]])).toEqual([
      ['internal', 8, 'this policy could not be drawn'],
    ]);
    expect(graph!.policies.map((p) => p.key)).toEqual(['shop/web']);
    expect(graph!.edges.some((e) => e.action === 'Deny')).toBe(true);
  });

  it('leaves out a cluster policy whose projection fails, and keeps every NetworkPolicy', () => {
    const result = read(TEXT);
    result.adminPolicies[0] = {
      ...result.adminPolicies[0]!,
      object: failingAt(result.adminPolicies[0]!.object, 'spec'),
    };
    const { graph, failures } = projectSafely(result);
    expect(failures.map((f) => [f.code, f.line, f.message.split(':')[0]])).toEqual([
      ['internal', 15, 'this cluster policy could not be drawn'],
    ]);
    expect(graph!.policies.map((p) => p.key)).toEqual(['shop/web', 'shop/db']);
    expect(graph!.edges.some((e) => e.action)).toBe(false);
  });
});
