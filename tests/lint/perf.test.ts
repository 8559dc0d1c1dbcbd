/**
 * Lint stays fast on 2,000-policy inputs, including the worst case for redundancy and DNS checks: every
 * policy in one namespace with its own subject (no all-pairs comparisons), and with an inventory.
 */
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/core/lint/index.ts';
import { read } from '../../src/core/read/read.ts';

function onePolicyPerApp(n: number, namespaces: number): string {
  const docs: string[] = [];
  for (let i = 0; i < n; i++)
    docs.push(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p${i}, namespace: ns${i % namespaces}}
spec:
  podSelector: {matchLabels: {app: a${i}}}
  policyTypes: [Ingress, Egress]
  ingress:
    - from:
        - podSelector: {matchLabels: {app: a${(i + 1) % n}}}
        - ipBlock: {cidr: 203.0.${i % 250}.0/24, except: [203.0.${i % 250}.128/25]}
      ports: [{protocol: TCP, port: 8080}, {port: http}]
  egress:
    - to: [{podSelector: {matchLabels: {app: a${(i + 7) % n}}}}]
      ports: [{protocol: TCP, port: 5432}]
`);
  for (let i = 0; i < n; i += 4)
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: d${i}, namespace: ns${i % namespaces}}
spec:
  template:
    metadata: {labels: {app: a${i}}}
    spec: {containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}
`);
  return docs.join('---\n');
}

describe('lint performance', () => {
  it.each([
    ['one namespace', 1],
    ['twenty namespaces', 20],
  ])(
    '2,000 policies, %s',
    (_, namespaces) => {
      const r = read(onePolicyPerApp(2000, namespaces));
      expect(r.policies).toHaveLength(2000);
      const start = performance.now();
      const ds = lint(r);
      const ms = performance.now() - start;
      // Every policy isolates egress without DNS.
      expect(ds.filter((d) => d.code === 'P-04')).toHaveLength(2000);
      // Generous for loaded CI machines; an all-pairs comparison (4M subject pairs × rules) takes far longer.
      expect(ms).toBeLessThan(15_000);
    },
    120_000,
  );
});
