/**
 * Lint runs on whatever `read` accepted, including values the API server would reject: it must never throw
 * nor fail internally, whatever shape the fields have.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lintWithFixes } from '../../src/core/lint/index.ts';
import { read } from '../../src/core/read/read.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

/** Values that look a bit like policy fragments, and a bit like anything. */
const leaf = fc.oneof(
  fc.constantFrom('TCP', 'UDP', 'SCTP', 'tcp', 'In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'http', '{{X}}', ''),
  fc.constantFrom('10.0.0.0/8', '0.0.0.0/0', '::/0', '169.254.169.254/32', '10.0.0.1/33', 'nonsense', '10.244.0.0/16'),
  fc.integer({ min: -5, max: 70000 }),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 6 }),
);
const KEYS = [
  'podSelector',
  'namespaceSelector',
  'ipBlock',
  'cidr',
  'except',
  'matchLabels',
  'matchExpressions',
  'key',
  'operator',
  'values',
  'from',
  'to',
  'ports',
  'port',
  'endPort',
  'protocol',
  'name',
  'app',
  'kubernetes.io/metadata.name',
  'node-role.kubernetes.io/worker',
];
const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('tree'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('tree'), { maxKeys: 4 }),
  ),
}));

const policy = fc.record({
  name: fc.constantFrom('p', 'deny-all', 'x'),
  namespace: fc.constantFrom('a', 'b', 'kube-system'),
  podSelector: tree,
  policyTypes: fc.oneof(
    fc.constant(undefined),
    fc.constantFrom(['Ingress'], ['Egress'], ['Ingress', 'Egress'], [], 'Ingress'),
  ),
  ingress: fc.oneof(fc.constant(undefined), tree, fc.array(tree, { maxLength: 3 })),
  egress: fc.oneof(fc.constant(undefined), tree, fc.array(tree, { maxLength: 3 })),
});

describe('lint on hostile policies', () => {
  it('never throws, never fails internally, fixes apply', () => {
    fc.assert(
      fc.property(fc.array(policy, { minLength: 1, maxLength: 4 }), (ps) => {
        const text = ps
          .map((p) =>
            JSON.stringify({
              apiVersion: 'networking.k8s.io/v1',
              kind: 'NetworkPolicy',
              metadata: { name: p.name, namespace: p.namespace },
              spec: { podSelector: p.podSelector, policyTypes: p.policyTypes, ingress: p.ingress, egress: p.egress },
            }),
          )
          .join('\n---\n');
        const run = lintWithFixes(read(text));
        expect(run.diagnostics.filter((d) => d.code === 'lint-internal')).toEqual([]);
        for (const d of run.diagnostics) {
          expect(d.line).toBeGreaterThan(0);
          run.fixesFor(d);
        }
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});

describe('a failing rule family', () => {
  it('is reported as lint-internal, and the other families still run', () => {
    const text = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p, namespace: a}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress: [{ports: [{}]}]
`;
    // A broken profile (portNames missing) makes the DNS family throw.
    const broken = { cluster: { dns: { portNames: undefined as unknown as { UDP: string[]; TCP: string[] } } } };
    const ds = lintWithFixes(read(text), broken).diagnostics;
    expect(ds.find((d) => d.code === 'lint-internal')?.message).toMatch(/P-04/);
    expect(ds.some((d) => d.code === 'P-18')).toBe(true);
  });
});
